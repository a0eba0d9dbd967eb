// Evaluates alerts when new close data arrives: every session since the last evaluation, in order, so a
// breakout is never skipped when the bot was down. The first run only records where it starts.
import { type AlertEvent, altseasonAlerts, breakoutAlerts } from "../core/alerts.ts";
import { altcoinSeasonIndex } from "../core/altseason.ts";
import { ALTSEASON_UNIVERSE, INDEX_CHOICES } from "../core/catalog.ts";
import type { DigestStore } from "../core/digest.ts";
import { loadMany, loadRequired } from "../core/market-views.ts";
import type { MarketData } from "../core/ports.ts";
import { barsUntil } from "../core/series.ts";

const RUT = INDEX_CHOICES.rut;
const RUT_KEY = "alerts:RUT:lastDate";
const ALTSEASON_KEY = "alerts:ALTSEASON:lastDate";

export async function collectNewAlerts(market: MarketData, store: DigestStore): Promise<AlertEvent[]> {
  const alerts: AlertEvent[] = [];
  const rut = await loadRequired(market, RUT.id);
  const lastRut = await store.getMeta(RUT_KEY);
  const newestRut = rut.bars.at(-1)?.date;
  if (newestRut && lastRut) {
    for (const bar of rut.bars.filter((b) => b.date > lastRut)) {
      alerts.push(...breakoutAlerts(RUT.id, RUT.label, barsUntil(rut.bars, bar.date)));
    }
  }
  if (newestRut && newestRut !== lastRut) await store.setMeta(RUT_KEY, newestRut);

  const btc = await loadRequired(market, "BTC");
  const { found } = await loadMany(market, ALTSEASON_UNIVERSE);
  const newestCrypto = btc.bars.at(-1)?.date;
  const lastCrypto = await store.getMeta(ALTSEASON_KEY);
  if (newestCrypto && lastCrypto && newestCrypto > lastCrypto) {
    const before = altcoinSeasonIndex(found, btc.bars, lastCrypto);
    const now = altcoinSeasonIndex(found, btc.bars, newestCrypto);
    alerts.push(...altseasonAlerts(before, now, newestCrypto));
  }
  if (newestCrypto && newestCrypto !== lastCrypto) await store.setMeta(ALTSEASON_KEY, newestCrypto);
  return alerts;
}
