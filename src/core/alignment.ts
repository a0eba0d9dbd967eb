// Puts an equity series and another series on one calendar: the equity trading sessions.
// Crypto trades every day; its close of the same UTC date is used, so a weekend or holiday move
// folds into the next session's return.
import type { IsoDate } from "./dates.ts";
import { type Bar, closeMap } from "./series.ts";

export interface AlignedPair {
  readonly dates: readonly IsoDate[];
  readonly equity: readonly number[];
  readonly other: readonly number[];
}

/** Sessions of `equity` on which `other` has a close for the same date; other sessions are dropped. */
export function alignToEquitySessions(equity: readonly Bar[], other: readonly Bar[]): AlignedPair {
  const otherCloses = closeMap(other);
  const dates: IsoDate[] = [];
  const equityCloses: number[] = [];
  const otherAligned: number[] = [];
  for (const bar of equity) {
    const close = otherCloses.get(bar.date);
    if (close === undefined) continue;
    dates.push(bar.date);
    equityCloses.push(bar.close);
    otherAligned.push(close);
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
  const pair = alignToEquitySessions(equity, other);
  return {
    dates: pair.dates.slice(1),
    equity: logReturns(pair.equity),
    other: logReturns(pair.other),
  };
}
