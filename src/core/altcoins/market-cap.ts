// The altcoin market from market caps: TOTAL3 (the whole crypto market cap without BTC and ETH), weekly, from
// CoinMarketCap's breakdown, extended by TradingView's daily CRYPTOCAP TOTAL3 rescaled on the overlap (its
// universe is narrower, so its level is checked and rescaled, never spliced), and by points recorded live.
// Nothing is interpolated: a value that is missing or not a positive number is skipped and counted.

import { type Locale, phrasebook } from "../answers/locale.ts";
import { addDays, type IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";
import { levelRatio } from "../history/level-ratio.ts";
import { describeSegments, segmentsWithin } from "../history/segments.ts";
import type { MonthlyRanking, SeriesSegment } from "../ports.ts";

/** Weeks of overlap the level check uses, the fewest it accepts, and the widest spread it rescales through. */
export const OVERLAP_WEEKS = 52;
export const MIN_OVERLAP_WEEKS = 4;
/** (90th - 10th percentile) / median of the ratios: above this the two levels do not differ by a constant. */
export const MAX_RATIO_SPREAD = 0.1;

/** Values that are not positive finite numbers, dropped with their count (never replaced). */
export function positiveBars(bars: readonly Bar[]): { bars: Bar[]; dropped: number } {
  const kept = bars.filter((b) => Number.isFinite(b.close) && b.close > 0);
  return { bars: kept, dropped: bars.length - kept.length };
}

function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Sunday points from a series of UTC-day closes, in CoinMarketCap's weekly convention: the point dated Sunday D
 * is the value at 00:00 UTC of D, which is the close of Saturday D-1. Weeks without a Saturday close are absent.
 */
export function sundayPoints(daily: readonly Bar[]): Bar[] {
  return daily
    .filter((b) => weekday(b.date) === 6)
    .map((b) => ({ date: addDays(b.date, 1), close: b.close }));
}

export interface LevelCheck {
  /** Median of other / primary on the common dates. */
  readonly ratio: number;
  readonly n: number;
  /** (p90 - p10) / median of the ratios. */
  readonly spread: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** The level ratio of `other` to `primary` on their last `weeks` common dates; null without any common date. */
export function levelCheck(
  primary: readonly Bar[],
  other: readonly Bar[],
  weeks = OVERLAP_WEEKS,
): LevelCheck | null {
  const byDate = new Map(other.map((b) => [b.date, b.close]));
  const common = primary.filter((b) => byDate.has(b.date)).slice(-weeks);
  if (common.length === 0) return null;
  const { ratio, spread } = levelRatio(common.map((b) => (byDate.get(b.date) as number) / b.close));
  return {
    ratio,
    n: common.length,
    spread,
    from: common[0]?.date as IsoDate,
    to: common.at(-1)?.date as IsoDate,
  };
}

export interface Extension {
  readonly bars: readonly Bar[];
  readonly provider: string;
  readonly frequency: "daily" | "weekly";
  readonly freshness: SeriesSegment["freshness"];
}

export interface Stitched {
  readonly bars: Bar[];
  readonly segments: SeriesSegment[];
  /** What was checked, skipped or not joined, one sentence each. */
  readonly notes: string[];
}

/**
 * Appends `extension` after the end of `base` when their levels differ by a constant factor on the overlap
 * (rescaled by it, and said so); otherwise the extension is left out and a note says why.
 */
export function extend(base: Stitched, extension: Extension, label: string): Stitched {
  const clean = positiveBars(extension.bars);
  const notes = [...base.notes];
  if (clean.dropped > 0) notes.push(`${clean.dropped} ${label} values that were not positive were skipped.`);
  const weekly = extension.frequency === "weekly" ? clean.bars : sundayPoints(clean.bars);
  const last = base.bars.at(-1);
  // Nothing after the base's end: nothing to join, and nothing to say.
  if (last && !weekly.some((b) => b.date > last.date)) return base;
  const check = levelCheck(base.bars, weekly);
  if (!last || !check || check.n < MIN_OVERLAP_WEEKS) {
    const overlap = check ? `${check.n} common weeks` : "no common week";
    notes.push(
      `${label} not joined: ${overlap} with the series before it (at least ${MIN_OVERLAP_WEEKS} are needed to check its level).`,
    );
    return { ...base, notes };
  }
  if (check.spread > MAX_RATIO_SPREAD) {
    notes.push(
      `${label} not joined: its level ratio to the series before it varies by ${(check.spread * 100).toFixed(0)}% over ${check.n} weeks, not a constant factor.`,
    );
    return { ...base, notes };
  }
  const added = weekly
    .filter((b) => b.date > last.date)
    .map((b) => ({ date: b.date, close: b.close / check.ratio }));
  if (added.length === 0) return { ...base, notes };
  const scale = 1 / check.ratio;
  const segment: SeriesSegment = {
    from: added[0]?.date as IsoDate,
    to: added.at(-1)?.date as IsoDate,
    provider: extension.provider,
    freshness: extension.freshness,
    frequency: "weekly",
    scale: Number(scale.toFixed(4)),
    note: `rescaled x${scale.toFixed(3)}, the median level ratio on ${check.n} common weeks ${check.from} to ${check.to} (spread ${(check.spread * 100).toFixed(1)}%)`,
  };
  return { bars: [...base.bars, ...added], segments: [...base.segments, segment], notes };
}

/** The base of the stitched series: a weekly market-cap series as published, bad values skipped. */
export function baseSeries(bars: readonly Bar[], provider: string, label: string): Stitched {
  const clean = positiveBars(bars);
  const first = clean.bars[0];
  const last = clean.bars.at(-1);
  if (!first || !last) return { bars: [], segments: [], notes: [`${label}: no usable values.`] };
  return {
    bars: clean.bars,
    segments: [{ from: first.date, to: last.date, provider, freshness: "snapshot", frequency: "weekly" }],
    notes: clean.dropped > 0 ? [`${clean.dropped} ${label} values that were not positive were skipped.`] : [],
  };
}

/** TradingView's OTHERS universe: its CRYPTOCAP counts about the top 125 coins; OTHERS leaves out the top 10. */
export const OTHERS_RANKS = { from: 11, to: 125 } as const;

/**
 * OTHERS in TradingView's sense from one CoinMarketCap top-200 snapshot: the market cap of the coins ranked 11
 * to 125 that day (stablecoins included, as TradingView's are). Null for a rank list without caps, or when a
 * cap in that range is missing (a partial sum would be a made-up figure).
 */
export function othersFromRanking(ranking: MonthlyRanking): number | null {
  if (ranking.source !== "cmc") return null;
  const inRange = ranking.entries.filter((e) => e.rank >= OTHERS_RANKS.from && e.rank <= OTHERS_RANKS.to);
  if (inRange.length !== OTHERS_RANKS.to - OTHERS_RANKS.from + 1) return null;
  let sum = 0;
  for (const e of inRange) {
    if (e.marketCapUsd === null) return null;
    sum += e.marketCapUsd;
  }
  return sum;
}

/** The legend's English words; other languages have them under `legend.` in the translation files. */
export const LEGEND_MESSAGES = {
  label: "{{id}} (weekly, {{providers}})",
  noData: "{{id}} (weekly, no data)",
} as const;
const say = phrasebook("legend", LEGEND_MESSAGES);

/**
 * The series' name for a chart legend over [from, to], naming every provider whose segment is shown:
 * "TOTAL3 (weekly, CoinMarketCap)" or "TOTAL3 (weekly, CoinMarketCap; TradingView CRYPTOCAP TOTAL3 from
 * 2024-12-15, rescaled)".
 */
export function segmentLabel(
  id: string,
  segments: readonly SeriesSegment[],
  from: IsoDate,
  to: IsoDate,
  locale?: Locale,
): string {
  const providers = describeSegments(segmentsWithin(segments, from, to), "legend", locale);
  return providers ? say(locale, "label", { id, providers }) : say(locale, "noData", { id });
}
