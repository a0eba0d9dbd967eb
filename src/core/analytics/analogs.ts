// What other assets did after earlier breakout events: forward returns at calendar-day horizons,
// never reading a close dated after the as-of date.
import { addDays, daysBetween, type IsoDate } from "../base/dates.ts";
import { type Bar, barOnOrBefore, indexOnOrBefore } from "../base/series.ts";
import type { SeriesData } from "../ports.ts";

export const HORIZONS = [30, 90, 180, 365] as const;
export type Horizon = (typeof HORIZONS)[number];
export const MAX_GAIN_WINDOW_DAYS = 180;

export interface ForwardReturns {
  readonly d30: number | null;
  readonly d90: number | null;
  readonly d180: number | null;
  readonly d365: number | null;
  /** Largest change, in percent, from the event close to any later close within 180 calendar days. */
  readonly max180: number | null;
}

/**
 * Percent change from the asset's close on the event date to its close on the last date on or before
 * event + h calendar days. Null when event + h is after the as-of date (not yet known), when the asset has
 * no close on the event date, or when its history stops before event + h (no data to say).
 */
export function forwardReturns(asset: readonly Bar[], eventDate: IsoDate, asOf: IsoDate): ForwardReturns {
  const startIndex = indexOnOrBefore(asset, eventDate);
  const start = asset[startIndex];
  const usable = start !== undefined && start.date === eventDate;
  const lastDate = asset.at(-1)?.date;
  const at = (days: number): number | null => {
    const target = addDays(eventDate, days);
    if (!usable || target > asOf || lastDate === undefined || lastDate < target) return null;
    const end = barOnOrBefore(asset, target) as Bar;
    return (end.close / start.close - 1) * 100;
  };
  let max180: number | null = null;
  const maxTarget = addDays(eventDate, MAX_GAIN_WINDOW_DAYS);
  if (usable && maxTarget <= asOf && lastDate !== undefined && lastDate >= maxTarget) {
    // The best close after the event day; negative when every later close in the window was lower.
    let best = Number.NEGATIVE_INFINITY;
    for (let i = startIndex + 1; i < asset.length && (asset[i] as Bar).date <= maxTarget; i++) {
      best = Math.max(best, (asset[i] as Bar).close);
    }
    max180 = Number.isFinite(best) ? (best / start.close - 1) * 100 : null;
  }
  return { d30: at(30), d90: at(90), d180: at(180), d365: at(365), max180 };
}

export interface HorizonSummary {
  readonly n: number;
  readonly median: number | null;
  /** Share of the n events with a gain, 0..1. */
  readonly sharePositive: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(values: ReadonlyArray<number | null>): HorizonSummary {
  const known = values.filter((v): v is number => v !== null);
  return {
    n: known.length,
    median: median(known),
    sharePositive: known.length === 0 ? null : known.filter((v) => v > 0).length / known.length,
  };
}

export type ForwardKey = keyof ForwardReturns;
export const FORWARD_KEYS: readonly ForwardKey[] = ["d30", "d90", "d180", "d365", "max180"];

/**
 * The date an asset's forward returns after an event start from: the event date for a daily series; for a
 * weekly one its first point on or after the event, at most 6 days later (nothing from before the event).
 */
export function startDateFor(asset: SeriesData, bars: readonly Bar[], eventDate: IsoDate): IsoDate | null {
  if (asset.frequency !== "weekly") return eventDate;
  const next = bars.find((b) => b.date >= eventDate);
  return next && daysBetween(eventDate, next.date) <= 6 ? next.date : null;
}
