// One history per series: the older bars a live source does not serve (the bundled snapshot's, from 1987 for
// ^RUT) before the live bars, joined with a check on the overlap. A constant level ratio (a later dividend
// adjustment, a provider's rebasing) is rescaled away and said; a ratio that varies (different close times, a
// split one side missed) leaves the older segment as it is, marked doubtful, and said. Nothing is interpolated.
import { type Bar, closeMap } from "../base/series.ts";
import type { SeriesSegment, SourceRef } from "../ports.ts";
import { levelRatio } from "./level-ratio.ts";

/** Common days the level check reads, from the newer piece's start; fewer than the minimum: not checked. */
export const DAILY_OVERLAP_DAYS = 250;
export const MIN_DAILY_OVERLAP = 20;
/** Below this, two levels are the same (rounding): no rescale. */
export const SAME_LEVEL = 0.001;
/** (p90 - p10) / median of the daily ratios: above this the two are not a constant factor apart. */
export const MAX_DAILY_SPREAD = 0.01;

export interface DailyPiece {
  readonly bars: readonly Bar[];
  readonly provider: string;
  readonly freshness: SourceRef["freshness"];
}

export interface DailyStitch {
  readonly bars: Bar[];
  readonly segments: SeriesSegment[];
  /** What was rescaled or is doubtful, one sentence each. */
  readonly notes: string[];
}

function segmentOf(
  piece: DailyPiece,
  bars: readonly Bar[],
  extra: Partial<SeriesSegment> = {},
): SeriesSegment {
  return {
    from: bars[0]?.date ?? "",
    to: bars.at(-1)?.date ?? "",
    provider: piece.provider,
    freshness: piece.freshness,
    frequency: "daily",
    ...extra,
  };
}

/** The older piece's bars before the newer one's first date, then the newer piece (which wins on every date). */
export function prependHistory(older: DailyPiece, newer: DailyPiece, id: string): DailyStitch {
  const first = newer.bars[0];
  const before = first ? older.bars.filter((b) => b.date < first.date) : [];
  if (!first || before.length === 0) {
    return { bars: [...newer.bars], segments: first ? [segmentOf(newer, newer.bars)] : [], notes: [] };
  }
  const olderCloses = closeMap(older.bars);
  const common = newer.bars.slice(0, DAILY_OVERLAP_DAYS).filter((b) => olderCloses.has(b.date));
  const join = (bars: readonly Bar[], extra: Partial<SeriesSegment>, notes: string[]): DailyStitch => ({
    bars: [...bars, ...newer.bars],
    segments: [segmentOf(older, bars, extra), segmentOf(newer, newer.bars)],
    notes,
  });
  if (common.length < MIN_DAILY_OVERLAP) {
    const note = `${id}: the ${older.provider} bars before ${first.date} are joined unchecked (${common.length} common days with ${newer.provider})`;
    return join(before, { note: "level not checked: too little overlap" }, [`${note}.`]);
  }
  const { ratio, spread } = levelRatio(common.map((b) => (olderCloses.get(b.date) as number) / b.close));
  const span = `${common.length} common days from ${common[0]?.date}`;
  if (spread > MAX_DAILY_SPREAD) {
    const note = `${id}: the ${older.provider} bars before ${first.date} are doubtful: their level against ${newer.provider} varies by ${(spread * 100).toFixed(1)}% over ${span}`;
    return join(before, { note: `doubtful: level ratio varies ${(spread * 100).toFixed(1)}%` }, [`${note}.`]);
  }
  if (Math.abs(ratio - 1) < SAME_LEVEL) return join(before, {}, []);
  const scale = 1 / ratio;
  const scaled = before.map((b) => ({ date: b.date, close: Number((b.close * scale).toPrecision(10)) }));
  const note = `rescaled x${scale.toFixed(4)} to ${newer.provider}'s level (median ratio on ${span}, spread ${(spread * 100).toFixed(2)}%)`;
  return join(scaled, { scale: Number(scale.toFixed(6)), note }, [`${id}: ${older.provider} bars ${note}.`]);
}
