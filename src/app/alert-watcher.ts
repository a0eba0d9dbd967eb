// Evaluates alerts when new close data arrives and delivers them until they settle. Every session since the
// last evaluation is checked, in order, so a breakout is never skipped when the bot was down; the first run only
// records where it starts. Detected alerts wait in a queue in the store until every subscribed chat has them
// (sent, or failed for good), so a send that failed for a while is retried on the next check.

import { seasonIndexAt } from "../core/altcoins/season-index.ts";
import { INDEX_CHOICES } from "../core/answers/catalog.ts";
import { netLiquidityWeeks } from "../core/answers/liquidity-condition.ts";
import { loadRequired, loadSeasonInputs } from "../core/answers/market-views.ts";
import { addDays } from "../core/base/dates.ts";
import { barsUntil } from "../core/base/series.ts";
import type { LiquidityData, MarketData } from "../core/ports.ts";
import {
  type AlertEvent,
  altseasonAlerts,
  breakoutAlerts,
  type LiquidityCheck,
  liquidityRegimeAlerts,
  nextSeasonZone,
  type PendingAlert,
  type SeasonZone,
} from "../core/schedules/alerts.ts";
import type { DigestStore } from "../core/schedules/digest.ts";
import type { DigestScheduler } from "./digest-scheduler.ts";

const RUT = INDEX_CHOICES.rut;
const RUT_KEY = "alerts:RUT:lastDate";
/** The last evaluated crypto date and the season zone there, as one value so a crash cannot split them. */
const ALTSEASON_KEY = "alerts:ALTSEASON:lastDate";
const PENDING_KEY = "alerts:pending";
/** The liquidity regime's check (core/schedules/alerts.ts LiquidityCheck), as JSON. */
const LIQUIDITY_KEY = "alerts:LIQUIDITY";
interface SeasonCheck {
  readonly date: string;
  readonly zone: SeasonZone | null;
}

/** `{"date":…,"zone":…}`; a bare date (as stored before zones were kept) has no zone yet. */
function parseSeasonCheck(raw: string | null): SeasonCheck | null {
  if (raw === null) return null;
  if (!raw.startsWith("{")) return { date: raw, zone: null };
  try {
    const { date, zone } = JSON.parse(raw) as { date?: unknown; zone?: unknown };
    if (typeof date !== "string") return null;
    return { date, zone: zone === "high" || zone === "low" || zone === "neutral" ? zone : null };
  } catch {
    return null;
  }
}

/** An alert that could not reach a chat for this long is dropped (and logged): by then it is no longer news. */
export const ALERT_RETRY_WINDOW_MS = 24 * 3600_000;
/** Events found this many days after their session (a long downtime) are logged instead of posted. */
export const ALERT_MAX_AGE_DAYS = 5;

/**
 * Detects the alerts for sessions newer than the last evaluation and queues them. All data is loaded before
 * anything is written, the queue is written before the last-evaluated dates, and those dates only move forward
 * (a fallback source that is behind the last check raises nothing and moves nothing back).
 */
export async function collectNewAlerts(
  market: MarketData,
  store: DigestStore,
  now: number,
  log: (message: string) => void = () => {},
  liquidity?: LiquidityData,
): Promise<AlertEvent[]> {
  const rut = await loadRequired(market, RUT.id);
  const btc = await loadRequired(market, "BTC");
  const season = (await loadSeasonInputs(market, btc)).inputs;
  const lastRut = await store.getMeta(RUT_KEY);
  const seasonCheck = parseSeasonCheck(await store.getMeta(ALTSEASON_KEY));
  const lastCrypto = seasonCheck?.date ?? null;

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
  let zone = seasonCheck?.zone ?? null;
  if (cryptoMoved && newestCrypto !== undefined) {
    if (zone === null || lastCrypto === null) {
      // First run (or a store from before zones were kept): start from where the index stands, alert nothing.
      const start = seasonIndexAt(season, lastCrypto ?? newestCrypto);
      zone = start.value !== null ? nextSeasonZone("neutral", start.value) : "neutral";
    }
    if (lastCrypto !== null) {
      // Day by day, like the sessions above: a crossing during downtime is still reported.
      for (const bar of btc.bars.filter((b) => b.date > lastCrypto)) {
        const step = altseasonAlerts(zone, seasonIndexAt(season, bar.date), bar.date);
        alerts.push(...step.alerts);
        zone = step.zone;
      }
    }
  }

  const liquidityStep = liquidity ? await liquidityAlerts(liquidity, store, now, log) : null;
  alerts.push(...(liquidityStep?.alerts ?? []));

  // After a long downtime, events more than ALERT_MAX_AGE_DAYS old are history, not news: logged, not posted.
  const oldest = addDays(new Date(now).toISOString().slice(0, 10), -ALERT_MAX_AGE_DAYS);
  const news = alerts.filter((a) => a.date >= oldest);
  const stale = alerts.length - news.length;
  if (stale > 0)
    log(`${stale} alert(s) for sessions before ${oldest} not posted: detected too late to be news`);
  // A crash after this line re-detects the same alerts on the next check; the queue and the delivery ledger
  // both deduplicate by event key, so nothing goes out twice.
  if (news.length > 0) await enqueue(store, news, now);
  if (rutMoved) await store.setMeta(RUT_KEY, newestRut);
  if (cryptoMoved) await store.setMeta(ALTSEASON_KEY, JSON.stringify({ date: newestCrypto, zone }));
  if (liquidityStep?.moved) await store.setMeta(LIQUIDITY_KEY, JSON.stringify(liquidityStep.check));
  return news;
}

function parseLiquidityCheck(raw: string | null): LiquidityCheck | null {
  if (raw === null) return null;
  try {
    const { week, regime, alertedOn } = JSON.parse(raw) as Partial<LiquidityCheck>;
    if (typeof week !== "string") return null;
    return {
      week,
      regime: regime === "expanding" || regime === "contracting" ? regime : null,
      alertedOn: typeof alertedOn === "string" ? alertedOn : null,
    };
  } catch {
    return null;
  }
}

/** Net liquidity's regime change since the last check; a failure to read FRED skips it (the others go on). */
async function liquidityAlerts(
  liquidity: LiquidityData,
  store: DigestStore,
  now: number,
  log: (message: string) => void,
): Promise<{ check: LiquidityCheck; alerts: AlertEvent[]; moved: boolean } | null> {
  try {
    const weeks = await netLiquidityWeeks(liquidity);
    const before = parseLiquidityCheck(await store.getMeta(LIQUIDITY_KEY));
    const step = liquidityRegimeAlerts(weeks, before, new Date(now).toISOString().slice(0, 10));
    return { ...step, moved: before === null || step.check.week !== before.week };
  } catch (error) {
    log(
      `alert check: net liquidity not evaluated (${(error as Error).message}); will try again on the next check`,
    );
    return null;
  }
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
  /** The Fed's liquidity series: the regime-change alert (none without). */
  readonly liquidity?: LiquidityData;
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
  let detected: AlertEvent[] = [];
  try {
    detected = await collectNewAlerts(deps.market, store, clock(), log, deps.liquidity);
  } catch (error) {
    // Nothing was written: the same sessions are evaluated on the next check. What is queued still goes out.
    log("alert check: could not evaluate new sessions; will try again on the next check", error);
  }
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
