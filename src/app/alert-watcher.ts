// Evaluates alerts when new close data arrives and delivers them until they settle. Every session since the
// last evaluation is checked, in order, so a breakout is never skipped when the bot was down; the first run only
// records where it starts. Detected alerts wait in a queue in the store until every subscribed chat has them
// (sent, or failed for good), so a send that failed for a while is retried on the next check.
import { type AlertEvent, altseasonAlerts, breakoutAlerts, type PendingAlert } from "../core/alerts.ts";
import { altcoinSeasonIndex } from "../core/altseason.ts";
import { ALTSEASON_UNIVERSE, INDEX_CHOICES } from "../core/catalog.ts";
import type { DigestStore } from "../core/digest.ts";
import { loadMany, loadRequired } from "../core/market-views.ts";
import type { MarketData } from "../core/ports.ts";
import { barsUntil } from "../core/series.ts";
import type { DigestScheduler } from "./digest-scheduler.ts";

const RUT = INDEX_CHOICES.rut;
const RUT_KEY = "alerts:RUT:lastDate";
const ALTSEASON_KEY = "alerts:ALTSEASON:lastDate";
const PENDING_KEY = "alerts:pending";

/** An alert that could not reach a chat for this long is dropped (and logged): by then it is no longer news. */
export const ALERT_RETRY_WINDOW_MS = 24 * 3600_000;

/**
 * Detects the alerts for sessions newer than the last evaluation and queues them. All data is loaded before
 * anything is written, the queue is written before the last-evaluated dates, and those dates only move forward
 * (a fallback source that is behind the last check raises nothing and moves nothing back).
 */
export async function collectNewAlerts(
  market: MarketData,
  store: DigestStore,
  now: number,
): Promise<AlertEvent[]> {
  const rut = await loadRequired(market, RUT.id);
  const btc = await loadRequired(market, "BTC");
  const { found } = await loadMany(market, ALTSEASON_UNIVERSE);
  const lastRut = await store.getMeta(RUT_KEY);
  const lastCrypto = await store.getMeta(ALTSEASON_KEY);

  const alerts: AlertEvent[] = [];
  const newestRut = rut.bars.at(-1)?.date;
  const rutMoved = newestRut !== undefined && (lastRut === null || newestRut > lastRut);
  if (rutMoved && lastRut !== null) {
    for (const bar of rut.bars.filter((b) => b.date > lastRut)) {
      alerts.push(...breakoutAlerts(RUT.id, RUT.label, barsUntil(rut.bars, bar.date)));
    }
  }
  const newestCrypto = btc.bars.at(-1)?.date;
  const cryptoMoved = newestCrypto !== undefined && (lastCrypto === null || newestCrypto > lastCrypto);
  if (cryptoMoved && lastCrypto !== null) {
    const before = altcoinSeasonIndex(found, btc.bars, lastCrypto);
    const after = altcoinSeasonIndex(found, btc.bars, newestCrypto);
    alerts.push(...altseasonAlerts(before, after, newestCrypto));
  }

  // A crash after this line re-detects the same alerts on the next check; the queue and the delivery ledger
  // both deduplicate by event key, so nothing goes out twice.
  if (alerts.length > 0) await enqueue(store, alerts, now);
  if (rutMoved) await store.setMeta(RUT_KEY, newestRut);
  if (cryptoMoved) await store.setMeta(ALTSEASON_KEY, newestCrypto);
  return alerts;
}

export async function pendingAlerts(store: DigestStore): Promise<PendingAlert[]> {
  const raw = await store.getMeta(PENDING_KEY);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as PendingAlert[]) : [];
  } catch {
    return [];
  }
}

async function enqueue(store: DigestStore, alerts: readonly AlertEvent[], now: number): Promise<void> {
  const queue = await pendingAlerts(store);
  const known = new Set(queue.map((p) => p.alert.key));
  for (const alert of alerts) {
    if (!known.has(alert.key)) queue.push({ alert, detectedAt: now });
    known.add(alert.key);
  }
  await store.setMeta(PENDING_KEY, JSON.stringify(queue));
}

export interface AlertCheckReport {
  readonly detected: number;
  readonly sent: number;
  readonly failed: number;
  /** Alerts still waiting for at least one chat. */
  readonly pending: number;
  /** Alerts dropped because they could not be delivered within the retry window. */
  readonly expired: number;
}

export interface AlertWatcherDeps {
  readonly market: MarketData;
  readonly store: DigestStore;
  readonly scheduler: Pick<DigestScheduler, "deliverAlerts">;
  readonly clock: () => number;
  readonly log: (message: string, error?: unknown) => void;
  readonly retryWindowMs?: number;
}

/** One poll: detect new alerts, then deliver everything queued, keeping what has not settled. */
export async function checkAlerts(deps: AlertWatcherDeps): Promise<AlertCheckReport> {
  const { store, clock, log } = deps;
  const window = deps.retryWindowMs ?? ALERT_RETRY_WINDOW_MS;
  const detected = await collectNewAlerts(deps.market, store, clock());
  const now = clock();
  const queue = await pendingAlerts(store);
  const live = queue.filter((p) => now - p.detectedAt <= window);
  for (const p of queue.filter((q) => now - q.detectedAt > window)) {
    log(
      `alert ${p.alert.key} dropped: not delivered to every chat within ${Math.round(window / 3600_000)} h`,
    );
  }
  const result =
    live.length > 0 ? await deps.scheduler.deliverAlerts(live) : { sent: 0, failed: 0, unsettled: [] };
  const unsettled = new Set(result.unsettled);
  const keep = live.filter((p) => unsettled.has(p.alert.key));
  if (keep.length !== queue.length) await store.setMeta(PENDING_KEY, JSON.stringify(keep));
  return {
    detected: detected.length,
    sent: result.sent,
    failed: result.failed,
    pending: keep.length,
    expired: queue.length - live.length,
  };
}
