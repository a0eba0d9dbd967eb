// The after-breakout figures split by the liquidity regime known on each event's date (core/liquidity), each
// beside its own baseline: the same measure from every session in that regime, with the permutation test of the
// honest-statistics rules. Few events fall in each regime, so most cells say only how small n is.
import type { IsoDate } from "../base/dates.ts";
import { type Bar, barsUntil } from "../base/series.ts";
import type { LiquidityRegime, NetLiquidityNow } from "../liquidity/net-liquidity.ts";
import { weekKnownFrom } from "../liquidity/net-liquidity.ts";
import type { SeriesData } from "../ports.ts";
import { FORWARD_KEYS, type ForwardKey } from "./analogs.ts";
import { cachedBaselineRows, cachedTestedSummary, type MeasureRow } from "./baseline.ts";
import type { Analog } from "./russell.ts";

export const REGIMES: readonly LiquidityRegime[] = ["expanding", "flat", "contracting"];

export interface RegimeCell {
  readonly n: number;
  readonly median: number | null;
  readonly baseline: { readonly n: number; readonly median: number | null };
  readonly pValue: number | null;
}

export type AnalogsByLiquidity = Readonly<
  Record<LiquidityRegime, Readonly<Record<string, Readonly<Record<ForwardKey, RegimeCell>>>>>
>;

/** The regime known on each of `dates` (ascending): the latest week published by that day, or null. */
export function regimesOn(
  weeks: readonly NetLiquidityNow[],
  dates: readonly IsoDate[],
): (LiquidityRegime | null)[] {
  const out: (LiquidityRegime | null)[] = [];
  let w = -1;
  for (const date of dates) {
    while (w + 1 < weeks.length && weekKnownFrom((weeks[w + 1] as NetLiquidityNow).week) <= date) w++;
    out.push(weeks[w]?.regime ?? null);
  }
  return out;
}

/** The dates of an asset's baseline rows (baselineRows keeps the starts within its bars and the as-of date). */
function rowDates(own: readonly IsoDate[], first: IsoDate | undefined, asOf: IsoDate): IsoDate[] {
  return first === undefined ? [] : own.filter((d) => d >= first && d <= asOf);
}

function cell(
  question: string,
  events: readonly (number | null)[],
  population: readonly (number | null)[],
): RegimeCell {
  const e = events.filter((v): v is number => v !== null);
  const p = population.filter((v): v is number => v !== null);
  const t = cachedTestedSummary(`${question}|${e.join(",")}`, e, p);
  return {
    n: t.n,
    median: t.median,
    baseline: { n: t.baseline.n, median: t.baseline.median },
    pValue: t.pValue,
  };
}

/** Per regime, asset and horizon: the events' median beside the median from every session in that regime. */
export function analogsByLiquidity(
  analogs: readonly Analog[],
  assets: readonly SeriesData[],
  index: readonly Bar[],
  asOf: IsoDate,
  weeks: readonly NetLiquidityNow[],
): AnalogsByLiquidity {
  const sessions = barsUntil(index, asOf).map((b) => b.date);
  const eventRegimes = regimesOn(
    weeks,
    analogs.map((a) => a.eventDate),
  );
  const out = Object.fromEntries(
    REGIMES.map((r) => [r, {} as Record<string, Record<ForwardKey, RegimeCell>>]),
  );
  for (const asset of assets) {
    const bars = barsUntil(asset.bars, asOf);
    const own = asset.frequency === "weekly" ? bars.map((b) => b.date) : sessions;
    const rows: MeasureRow[] = cachedBaselineRows(asset.id, bars, own, asOf);
    const dates = rowDates(own, bars[0]?.date, asOf);
    const rowRegimes = regimesOn(weeks, dates);
    for (const regime of REGIMES) {
      const inRegime = rows.filter((_, i) => rowRegimes[i] === regime);
      const events = analogs.filter((_, i) => eventRegimes[i] === regime);
      const byKey = FORWARD_KEYS.map((key) => {
        const question = [asset.id, bars.length, bars.at(-1)?.date, asOf, regime, key, weeks.length].join(
          "|",
        );
        return [
          key,
          cell(
            question,
            events.map((a) => a.forward[asset.id]?.[key] ?? null),
            inRegime.map((r) => r[key]),
          ),
        ] as const;
      });
      (out[regime] as Record<string, Record<ForwardKey, RegimeCell>>)[asset.id] = Object.fromEntries(
        byKey,
      ) as Record<ForwardKey, RegimeCell>;
    }
  }
  return out as AnalogsByLiquidity;
}
