// Puts an equity series and another series on one calendar: the equity trading sessions.
// Crypto trades every day; its close of the same UTC date is used, so a weekend or holiday move
// folds into the next session's return.
import { daysBetween, type IsoDate } from "../base/dates.ts";
import { type Bar, barOnOrBefore } from "../base/series.ts";

export interface AlignedPair {
  readonly dates: readonly IsoDate[];
  readonly equity: readonly number[];
  readonly other: readonly number[];
}

/** Sessions of `equity` on which `other` has a close for the same date; other sessions are dropped. */
export function alignToEquitySessions(equity: readonly Bar[], other: readonly Bar[]): AlignedPair {
  const dates: IsoDate[] = [];
  const equityCloses: number[] = [];
  const otherAligned: number[] = [];
  // Both are sorted ascending by date: one merge pass (a date given twice is read at its last bar).
  let j = 0;
  for (const bar of equity) {
    while (j < other.length && (other[j] as Bar).date < bar.date) j++;
    if (j === other.length) break;
    let match = other[j] as Bar;
    if (match.date !== bar.date) continue;
    while (j + 1 < other.length && (other[j + 1] as Bar).date === bar.date) match = other[++j] as Bar;
    dates.push(bar.date);
    equityCloses.push(bar.close);
    otherAligned.push(match.close);
  }
  return { dates, equity: equityCloses, other: otherAligned };
}

/** ln(p[t] / p[t-1]); the result is one shorter than the input. */
export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    out.push(Math.log((closes[i] as number) / (closes[i - 1] as number)));
  }
  return out;
}

export interface AlignedReturns {
  /** dates[i] is the session whose return is equity[i] / other[i] (from the previous aligned session). */
  readonly dates: readonly IsoDate[];
  readonly equity: readonly number[];
  readonly other: readonly number[];
}

export function alignedLogReturns(equity: readonly Bar[], other: readonly Bar[]): AlignedReturns {
  return returnsOfPair(alignToEquitySessions(equity, other));
}

/** The log returns of an aligned pair. */
export function returnsOfPair(pair: AlignedPair): AlignedReturns {
  return {
    dates: pair.dates.slice(1),
    equity: logReturns(pair.equity),
    other: logReturns(pair.other),
  };
}

/**
 * A daily series read on another series' dates (a weekly one's Sundays): its last close on or before each date,
 * when that close is at most `maxStaleDays` older; dates without one are left out.
 */
export function onDatesOf(series: readonly Bar[], dates: readonly IsoDate[], maxStaleDays = 6): Bar[] {
  const out: Bar[] = [];
  for (const date of dates) {
    const bar = barOnOrBefore(series, date);
    if (bar && daysBetween(bar.date, date) <= maxStaleDays) out.push({ date, close: bar.close });
  }
  return out;
}
