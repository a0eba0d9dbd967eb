// TOTAL3 recorded live: each good CoinGecko /global answer is kept as that UTC day's value in the store, so the
// market-cap series grows while the bot runs (CoinGecko's market-cap history is a paid endpoint). An answer
// with a missing or zero total, or dominance shares that do not add up, is skipped and the skip is kept too.
import { SourceError } from "../../core/base/errors.ts";
import type { Bar } from "../../core/base/series.ts";
import type { MonthlyRanking, RankEntry, SeriesData } from "../../core/ports.ts";

export const TOTAL3_LIVE = "TOTAL3_LIVE";
const DOC = "marketcap:TOTAL3_LIVE";
export const RECORDED_PROVIDER = "CoinGecko /global (recorded daily)";

export interface GlobalCaps {
  readonly asOf: string;
  readonly totalMarketCapUsd: number;
  readonly btcDominancePct: number;
  readonly ethDominancePct: number;
  /** Sum of every share CoinGecko lists (its top coins): at most 100. */
  readonly dominanceSumPct: number;
}

/** The day's TOTAL3 from one /global answer, or why it cannot be one. */
export function total3FromGlobal(caps: GlobalCaps): { value: number } | { reason: string } {
  const { totalMarketCapUsd: total, btcDominancePct: btc, ethDominancePct: eth } = caps;
  if (!Number.isFinite(total) || total <= 0) return { reason: "no total market cap" };
  if (!(btc > 0 && btc < 100 && eth > 0 && eth < 100))
    return { reason: `BTC or ETH share out of range (${btc}%, ${eth}%)` };
  if (caps.dominanceSumPct > 100.5)
    return { reason: `dominance shares add up to ${caps.dominanceSumPct.toFixed(1)}%` };
  return { value: total * (1 - (btc + eth) / 100) };
}

interface Recorded {
  points: Record<string, number>;
  skipped: Record<string, string>;
}

export interface DocumentStore {
  getDocument(key: string): { body: string; updatedAt: Date } | null;
  putDocument(key: string, body: string, at: Date): void;
}

function read(store: DocumentStore): Recorded {
  const doc = store.getDocument(DOC);
  if (!doc) return { points: {}, skipped: {} };
  try {
    const parsed = JSON.parse(doc.body) as Partial<Recorded>;
    return { points: parsed.points ?? {}, skipped: parsed.skipped ?? {} };
  } catch {
    return { points: {}, skipped: {} };
  }
}

/** Keeps the answer as its UTC day's value (the day's last answer stands for its close), or records the skip. */
export function recordGlobal(store: DocumentStore, caps: GlobalCaps, at: Date): string | null {
  const date = caps.asOf.slice(0, 10);
  const recorded = read(store);
  const point = total3FromGlobal(caps);
  if ("reason" in point) recorded.skipped[date] = point.reason;
  else recorded.points[date] = Math.round(point.value);
  store.putDocument(DOC, JSON.stringify(recorded), at);
  return "reason" in point ? point.reason : null;
}

/** The recorded days as a daily series; SourceError when nothing has been recorded yet. */
export function recordedTotal3(store: DocumentStore): SeriesData {
  const recorded = read(store);
  const bars: Bar[] = Object.entries(recorded.points)
    .filter(([, v]) => Number.isFinite(v) && v > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, close]) => ({ date, close }));
  const last = bars.at(-1);
  if (!last) throw new SourceError("no CoinGecko /global answers recorded yet", "store", false);
  const skipped = Object.keys(recorded.skipped).length;
  return {
    id: TOTAL3_LIVE,
    bars,
    frequency: "daily",
    source: {
      series: TOTAL3_LIVE,
      provider: RECORDED_PROVIDER,
      lastDate: last.date,
      freshness: "live",
      ...(skipped > 0 ? { note: `${skipped} day(s) skipped: the answer was not usable` } : {}),
    },
  };
}

const RANKINGS_DOC = "rankings:coingecko";
/** Days of recorded rankings kept: enough for a 90-day window with room. */
export const RANKINGS_KEPT_DAYS = 400;

function readRankings(store: DocumentStore): Record<string, RankEntry[]> {
  const doc = store.getDocument(RANKINGS_DOC);
  if (!doc) return {};
  try {
    return JSON.parse(doc.body) as Record<string, RankEntry[]>;
  } catch {
    return {};
  }
}

/** True when today's (UTC) ranking is already recorded: one /coins/markets top list a day is enough. */
export function hasRankingFor(store: DocumentStore, date: string): boolean {
  return readRankings(store)[date] !== undefined;
}

/** Keeps the day's top coins by market cap (with prices), pruning days older than RANKINGS_KEPT_DAYS. */
export function recordRanking(
  store: DocumentStore,
  date: string,
  entries: readonly RankEntry[],
  at: Date,
): void {
  const all = readRankings(store);
  all[date] = [...entries];
  const oldest = new Date(Date.parse(`${date}T00:00:00Z`) - RANKINGS_KEPT_DAYS * 86_400_000).toISOString();
  for (const day of Object.keys(all)) if (day < oldest.slice(0, 10)) delete all[day];
  store.putDocument(RANKINGS_DOC, JSON.stringify(all), at);
}

/** The recorded rankings, oldest first, as `coingecko` rankings (daily, with prices). */
export function recordedRankings(store: DocumentStore): MonthlyRanking[] {
  return Object.entries(readRankings(store))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, entries]) => ({ date, source: "coingecko" as const, entries }));
}
