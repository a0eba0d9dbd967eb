// The measures the cycle claims are argued with ("BTC rose ~380% after the late-2020 breakout", "BTC broke out
// after each Russell high"): the best close within a year, the worst fall from a running peak within a year, and
// the days until the asset closed above its own record as it stood on the day. From the event, and from the
// retest of the old record where one happened. Nothing dated after the as-of date is read.

import { addDays, daysBetween, type IsoDate } from "../base/dates.ts";
import { type Bar, indexOnOrBefore } from "../base/series.ts";
import type { BreakoutEvent, StateThresholds } from "./breakouts.ts";
import { DEFAULT_STATE_THRESHOLDS, percentFromHigh } from "./breakouts.ts";

export const CYCLE_WINDOW_DAYS = 365;
/** The least history before a start for its record to count as known. */
export const MIN_HISTORY_FOR_RECORD_DAYS = 365;

export interface CycleMeasures {
  /** Best close within 365 calendar days after the start, in percent from the start's close; null until known. */
  readonly best365: { readonly pct: number; readonly date: IsoDate } | null;
  /** Worst fall from a running peak (starting at the start's close) within 365 days, in percent (≤ 0). */
  readonly maxDrawdown365: number | null;
  /**
   * Calendar days from the start to the asset's first close above its own all-time closing high as it stood on
   * the start day; 0 when the start itself was a record; null if none by the as-of date, or when the asset has
   * less than a year of history before the start (its record then is not known).
   */
  readonly daysToOwnAth: number | null;
}

const NONE: CycleMeasures = { best365: null, maxDrawdown365: null, daysToOwnAth: null };

/** The best close and the worst fall from a running peak in the 365 days after `start`; null until known. */
export function windowExtremes(
  asset: readonly Bar[],
  start: IsoDate,
  asOf: IsoDate,
): { best: { pct: number; date: IsoDate } | null; drawdown: number | null } {
  const i = indexOnOrBefore(asset, start);
  const first = asset[i];
  if (first === undefined || first.date !== start) return { best: null, drawdown: null };
  const end = addDays(start, CYCLE_WINDOW_DAYS);
  if (end > asOf || (asset.at(-1)?.date ?? "") < end) return { best: null, drawdown: null };
  let best: { pct: number; date: IsoDate } | null = null;
  let peak = first.close;
  let drawdown = 0;
  for (let k = i + 1; k < asset.length && (asset[k] as Bar).date <= end; k++) {
    const bar = asset[k] as Bar;
    const pct = (bar.close / first.close - 1) * 100;
    if (best === null || pct > best.pct) best = { pct, date: bar.date };
    peak = Math.max(peak, bar.close);
    drawdown = Math.min(drawdown, percentFromHigh(bar.close, peak));
  }
  return { best, drawdown };
}

export function cycleMeasures(asset: readonly Bar[], start: IsoDate, asOf: IsoDate): CycleMeasures {
  const i = indexOnOrBefore(asset, start);
  const first = asset[i];
  if (first === undefined || first.date !== start) return NONE;
  const { best, drawdown } = windowExtremes(asset, start, asOf);
  let record = 0;
  for (let k = 0; k < i; k++) record = Math.max(record, (asset[k] as Bar).close);
  let daysToOwnAth: number | null = null;
  // With less than a year of history before the start, the record "as it stood" is not known (BTC's data here
  // starts 2014-09, after its 2013 high): no figure rather than a wrong one.
  const history = daysBetween((asset[0] as Bar).date, start);
  if (history < MIN_HISTORY_FOR_RECORD_DAYS) daysToOwnAth = null;
  else if (first.close > record) daysToOwnAth = 0;
  else {
    for (let k = i + 1; k < asset.length && (asset[k] as Bar).date <= asOf; k++) {
      if ((asset[k] as Bar).close > record) {
        daysToOwnAth = daysBetween(start, (asset[k] as Bar).date);
        break;
      }
    }
  }
  return { best365: best, maxDrawdown365: drawdown, daysToOwnAth };
}

/**
 * The retest of an event: the first session within `recentSessions` after it whose close is back within
 * [-failBelowPct, +retestBandPct] % of the old record, read from the index itself. Null when there was none
 * (the breakout ran away, or failed first) or the window has not passed far enough by the as-of date.
 */
export function retestDate(
  index: readonly Bar[],
  event: BreakoutEvent,
  asOf: IsoDate,
  thresholds: StateThresholds = DEFAULT_STATE_THRESHOLDS,
): IsoDate | null {
  const i = index.findIndex((b) => b.date === event.date);
  if (i < 0) return null;
  for (let k = i + 1; k <= i + thresholds.recentSessions && k < index.length; k++) {
    const bar = index[k] as Bar;
    if (bar.date > asOf) return null;
    const pct = percentFromHigh(bar.close, event.priorHigh);
    if (pct < -thresholds.failBelowPct) return null;
    if (pct <= thresholds.retestBandPct) return bar.date;
  }
  return null;
}
