// Datasets behind an answer, for export: closes of several series on every date any of them has in a range
// (a blank where one has no value that day: a weekly series, a market holiday), and the analog table as numbers.
import { FORWARD_KEYS } from "../analytics/analogs.ts";
import type { Analog } from "../analytics/russell.ts";
import { memoized } from "../base/memo.ts";
import type { Bar } from "../base/series.ts";
import type { ReplyDataset } from "./reply.ts";

/** Once per data version and range (core/base/memo.ts): a chart's CSV is the same for every answer showing it. */
export const alignedSeries = memoized(function alignedSeriesOf(
  name: string,
  series: ReadonlyArray<{ readonly id: string; readonly bars: readonly Bar[]; readonly column?: string }>,
  from: string,
  to: string,
): ReplyDataset {
  const byId = series.map(
    (s) => new Map(s.bars.filter((b) => b.date >= from && b.date <= to).map((b) => [b.date, b.close])),
  );
  const dates = [...new Set(byId.flatMap((m) => [...m.keys()]))].sort();
  return {
    name,
    header: ["date", ...series.map((s) => s.column ?? `${s.id}_close`)],
    rows: dates.map((date) => [date, ...byId.map((m) => m.get(date) ?? null)]),
  };
});

/** One row per event: each asset's forward returns (percent) at each horizon. */
export function analogDataset(
  name: string,
  analogs: readonly Analog[],
  assets: readonly string[],
): ReplyDataset {
  return {
    name,
    header: ["event_date", ...assets.flatMap((a) => FORWARD_KEYS.map((k) => `${a}_${k}_pct`))],
    rows: analogs.map((analog) => [
      analog.eventDate,
      ...assets.flatMap((a) => FORWARD_KEYS.map((k) => analog.forward[a]?.[k] ?? null)),
    ]),
  };
}
