// All-time closing highs, breakout events over an old record, and the breakout state at an as-of date.
import type { IsoDate } from "../base/dates.ts";
import { NotEnoughDataError } from "../base/errors.ts";
import type { Bar } from "../base/series.ts";

export interface AllTimeHigh {
  readonly date: IsoDate;
  readonly close: number;
}

/** Highest close in `bars` (the earliest date on a tie). */
export function allTimeHigh(bars: readonly Bar[]): AllTimeHigh {
  const first = bars[0];
  if (!first) throw new NotEnoughDataError("no bars to take an all-time high from");
  let best: Bar = first;
  for (const bar of bars) if (bar.close > best.close) best = bar;
  return { date: best.date, close: best.close };
}

/** Percent from the record: 0 at the record, negative below it. */
export function percentFromHigh(close: number, high: number): number {
  return (close / high - 1) * 100;
}

export interface BreakoutRule {
  /** The prior record must be at least this many sessions old for a close above it to count (126 = ~6 months). */
  readonly minSessionsSincePriorHigh: number;
}

export const DEFAULT_BREAKOUT_RULE: BreakoutRule = { minSessionsSincePriorHigh: 126 };

export interface BreakoutEvent {
  readonly date: IsoDate;
  readonly close: number;
  readonly priorHighDate: IsoDate;
  readonly priorHigh: number;
  /** Sessions between the prior record and the breakout. */
  readonly sessionsSincePriorHigh: number;
}

/**
 * Closes above the prior all-time closing high, where that prior high was set at least
 * `minSessionsSincePriorHigh` sessions earlier. A run of fresh records right after a breakout
 * does not count again: each new record restarts the clock.
 */
export function findBreakoutEvents(
  bars: readonly Bar[],
  rule: BreakoutRule = DEFAULT_BREAKOUT_RULE,
): BreakoutEvent[] {
  const events: BreakoutEvent[] = [];
  let highIndex = 0;
  for (let i = 1; i < bars.length; i++) {
    const bar = bars[i] as Bar;
    const high = bars[highIndex] as Bar;
    if (bar.close <= high.close) continue;
    const age = i - highIndex;
    if (age >= rule.minSessionsSincePriorHigh) {
      events.push({
        date: bar.date,
        close: bar.close,
        priorHighDate: high.date,
        priorHigh: high.close,
        sessionsSincePriorHigh: age,
      });
    }
    highIndex = i;
  }
  return events;
}

export type BreakoutStateName = "new_ath" | "breakout" | "retest" | "failed" | "below_ath";

/** Documented thresholds for naming the state at the as-of date. */
export interface StateThresholds {
  /** An event at most this many sessions old is "recent" (63 sessions = about 3 months). */
  readonly recentSessions: number;
  /** Within this many percent above the old level counts as back at it (a retest). */
  readonly retestBandPct: number;
  /** More than this many percent below the old level is a failed breakout; less is still a retest. */
  readonly failBelowPct: number;
}

export const DEFAULT_STATE_THRESHOLDS: StateThresholds = {
  recentSessions: 63,
  retestBandPct: 2,
  failBelowPct: 3,
};

export interface BreakoutState {
  readonly state: BreakoutStateName;
  /** The most recent breakout event on or before the as-of date, if any. */
  readonly event: BreakoutEvent | null;
  /** The old record the event broke (resistance that should turn into support), if any. */
  readonly level: number | null;
  readonly sessionsSinceEvent: number | null;
  /** Percent of the as-of close above (+) or below (-) the old level. */
  readonly pctFromLevel: number | null;
}

/**
 * Names where `bars` (already cut at the as-of date) stand against their record:
 * - `breakout`: the last bar is itself a breakout event, or a recent event is holding more than
 *   `retestBandPct` above the old level without being a new record today;
 * - `new_ath`: the last bar is a record close that is not itself an event;
 * - `retest`: within a recent event's window, price is back within [-failBelowPct, +retestBandPct] % of the old level;
 * - `failed`: within a recent event's window, price closed more than `failBelowPct` % below the old level;
 * - `below_ath`: none of the above.
 */
export function classifyBreakoutState(
  bars: readonly Bar[],
  events: readonly BreakoutEvent[],
  thresholds: StateThresholds = DEFAULT_STATE_THRESHOLDS,
): BreakoutState {
  const last = bars.at(-1);
  if (!last) throw new NotEnoughDataError("no bars to classify");
  const event = events.filter((e) => e.date <= last.date).at(-1) ?? null;
  const eventIndex = event ? bars.findLastIndex((bar) => bar.date === event.date) : -1;
  const sessionsSinceEvent = event && eventIndex >= 0 ? bars.length - 1 - eventIndex : null;
  const level = event?.priorHigh ?? null;
  const pctFromLevel = level === null ? null : percentFromHigh(last.close, level);
  const base = { event, level, sessionsSinceEvent, pctFromLevel };

  const isRecord = bars.length === 1 || last.close > allTimeHigh(bars.slice(0, -1)).close;
  if (sessionsSinceEvent === 0) return { state: "breakout", ...base };
  if (isRecord) return { state: "new_ath", ...base };
  if (
    sessionsSinceEvent !== null &&
    sessionsSinceEvent <= thresholds.recentSessions &&
    pctFromLevel !== null
  ) {
    if (pctFromLevel < -thresholds.failBelowPct) return { state: "failed", ...base };
    if (pctFromLevel <= thresholds.retestBandPct) return { state: "retest", ...base };
    return { state: "breakout", ...base };
  }
  return { state: "below_ath", ...base };
}
