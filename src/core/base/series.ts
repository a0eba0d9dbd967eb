// Daily closing series and the lookups every calculation needs, all bounded by an as-of date.
import type { IsoDate } from "./dates.ts";
import { memoized } from "./memo.ts";

export interface Bar {
  readonly date: IsoDate;
  readonly close: number;
}

/** Index of the last bar dated on or before `date`, or -1. Bars are sorted ascending by date. */
export function indexOnOrBefore(bars: readonly Bar[], date: IsoDate): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const bar = bars[mid] as Bar;
    if (bar.date <= date) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function barOnOrBefore(bars: readonly Bar[], date: IsoDate): Bar | undefined {
  return bars[indexOnOrBefore(bars, date)];
}

/**
 * The bars a calculation as of `asOf` may see: nothing dated after it. The same cut of the same bars is the same
 * array (memo.ts), so the work on it is shared by the answers that make it.
 */
export const barsUntil = memoized(function barsUntilOf(bars: readonly Bar[], asOf: IsoDate): readonly Bar[] {
  return bars.slice(0, indexOnOrBefore(bars, asOf) + 1);
}, 256);

export function barsFrom(bars: readonly Bar[], from: IsoDate): readonly Bar[] {
  const i = indexOnOrBefore(bars, from);
  const start = i >= 0 && (bars[i] as Bar).date === from ? i : i + 1;
  return bars.slice(start);
}

export function closeMap(bars: readonly Bar[]): Map<IsoDate, number> {
  return new Map(bars.map((bar) => [bar.date, bar.close]));
}
