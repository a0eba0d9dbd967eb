// Every "after a breakout" figure beside its baseline: the same forward return measured from every US equity
// session the asset has a close on, up to the as-of date, whose horizon ended by then; and a two-sided
// permutation test of the events' median against that population (fixed seed: the same question always gets
// the same answer). Pure functions; the populations are memoised per series, sessions and as-of date.

import type { IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";
import {
  FORWARD_KEYS,
  type ForwardKey,
  type ForwardReturns,
  forwardReturns,
  type HorizonSummary,
  median,
  summarize,
} from "./analogs.ts";
import { windowExtremes } from "./cycles.ts";

/** Draws of the permutation test: enough for a p-value good to about ±0.005 at p = 0.05. */
export const PERMUTATION_DRAWS = 10_000;
export const PERMUTATION_SEED = 20_251_211;
/** Below this many events there is no test: one or no value says nothing about a median. */
export const MIN_EVENTS_FOR_TEST = 2;

export interface Spread {
  readonly q1: number | null;
  readonly q3: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** The baseline population's figures: the same shape as the events' own summary. */
export type BaselineSummary = HorizonSummary;

/** Quantile by linear interpolation between order statistics (numpy's default, R's type 7). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
  };
}

/** The measures summarised per asset: the forward horizons and the two cycle measures that have a baseline. */
export type SummaryKey = ForwardKey | "best365" | "maxDrawdown365";
export const SUMMARY_KEYS: readonly SummaryKey[] = [...FORWARD_KEYS, "best365", "maxDrawdown365"];

/** One start's measures, flat: the forward returns, the best close and the worst fall within 365 days. */
export type MeasureRow = ForwardReturns & {
  readonly best365: number | null;
  readonly maxDrawdown365: number | null;
};

export function measureRow(asset: readonly Bar[], date: IsoDate, asOf: IsoDate): MeasureRow {
  const { best, drawdown } = windowExtremes(asset, date, asOf);
  return { ...forwardReturns(asset, date, asOf), best365: best?.pct ?? null, maxDrawdown365: drawdown };
}

/** The measures from every session date (an equity session the asset has a close on), as of `asOf`. */
export function baselineRows(
  asset: readonly Bar[],
  sessions: readonly IsoDate[],
  asOf: IsoDate,
): MeasureRow[] {
  const first = asset[0]?.date;
  if (first === undefined) return [];
  const rows: MeasureRow[] = [];
  for (const date of sessions) {
    if (date < first || date > asOf) continue;
    rows.push(measureRow(asset, date, asOf));
  }
  return rows;
}

/** mulberry32: small, fast and seedable, so the permutation test is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Two-sided permutation test of a median: draw as many values as there are events, without replacement, from the
 * baseline population, `draws` times; the p-value is the share of draws whose median is at least as far from the
 * population's median as the events' median is. Null when there are too few events or no population to draw from.
 */
export function permutationPValue(
  events: readonly number[],
  population: readonly number[],
  draws = PERMUTATION_DRAWS,
  seed = PERMUTATION_SEED,
): number | null {
  const n = events.length;
  if (n < MIN_EVENTS_FOR_TEST || population.length < n * 2) return null;
  const center = median(population) as number;
  const observed = Math.abs((median(events) as number) - center);
  const random = seededRandom(seed);
  // Typed arrays and an insertion sort of the few drawn: the same draws and medians as before, several times faster.
  const pool = Float64Array.from(population);
  const sample = new Float64Array(n);
  let extreme = 0;
  for (let d = 0; d < draws; d++) {
    // A partial Fisher-Yates shuffle: the first n slots become a uniform sample without replacement.
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      const picked = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = picked;
      sample[i] = picked;
    }
    sortFew(sample);
    const mid = n >> 1;
    const drawn =
      n % 2 === 1 ? (sample[mid] as number) : ((sample[mid - 1] as number) + (sample[mid] as number)) / 2;
    // A tolerance keeps ties (a draw equal to the observed distance) from being lost to rounding.
    if (Math.abs(drawn - center) >= observed - 1e-9) extreme++;
  }
  return extreme / draws;
}

/** Ascending, in place: an insertion sort for the few values of a draw, the typed array's own sort beyond. */
function sortFew(values: Float64Array): void {
  if (values.length > 48) {
    values.sort();
    return;
  }
  for (let i = 1; i < values.length; i++) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > v) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = v;
  }
}

export interface TestedSummary extends Spread {
  readonly n: number;
  readonly median: number | null;
  readonly sharePositive: number | null;
  readonly baseline: BaselineSummary;
  readonly pValue: number | null;
}

/** One asset and horizon: the events' figures, their spread, the baseline and the test. */
export function testedSummary(events: readonly number[], population: readonly number[]): TestedSummary {
  return {
    ...summarize(events),
    ...spreadOf(events),
    baseline: summarize(population),
    pValue: permutationPValue(events, population),
  };
}

const populations = new Map<string, MeasureRow[]>();
const POPULATION_CACHE_LIMIT = 16;

/**
 * The baseline rows of an asset, computed once per (asset, its last bar, the sessions' span, as-of date): every
 * answer about the same data shares them.
 */
export function cachedBaselineRows(
  assetId: string,
  asset: readonly Bar[],
  sessions: readonly IsoDate[],
  asOf: IsoDate,
): MeasureRow[] {
  const key = [
    assetId,
    asset.length,
    asset.at(-1)?.date,
    asset.at(-1)?.close,
    sessions.length,
    sessions.at(-1),
    asOf,
  ].join("|");
  let rows = populations.get(key);
  if (!rows) {
    rows = baselineRows(asset, sessions, asOf);
    if (populations.size >= POPULATION_CACHE_LIMIT)
      populations.delete(populations.keys().next().value as string);
    populations.set(key, rows);
  }
  return rows;
}

const tested = new Map<string, TestedSummary>();

/** testedSummary, memoised by a key naming the question (asset, data, as-of date, horizon, events). */
export function cachedTestedSummary(key: string, events: readonly number[], population: readonly number[]) {
  let summary = tested.get(key);
  if (!summary) {
    summary = testedSummary(events, population);
    if (tested.size >= 1024) tested.delete(tested.keys().next().value as string);
    tested.set(key, summary);
  }
  return summary;
}

/** The values of one horizon, nulls (not reached, no data) left out. */
export function valuesOf(rows: readonly MeasureRow[], key: SummaryKey): number[] {
  return rows.map((r) => r[key]).filter((v): v is number => v !== null);
}
