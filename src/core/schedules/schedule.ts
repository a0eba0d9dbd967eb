// When a daily digest is due: next fire times in the schedule's own time zone, and which missed fires a
// restart still sends (within a grace window) or skips. Each fire is identified by its local date, so a
// repeated wall time after a clock change cannot fire twice.
import { addDays, type IsoDate } from "../base/dates.ts";
import { instantOfWallTime, wallTimeAt } from "./zoned-time.ts";

export type DayRule = "every" | "weekdays" | "market";

export interface FireRule {
  readonly minuteOfDay: number;
  readonly timeZone: string;
  readonly days: DayRule;
}

export interface Fire {
  /** The local date in the schedule's zone: the delivery ledger's key together with the schedule id. */
  readonly localDate: IsoDate;
  readonly instant: number;
  /** True when the wall time did not exist that day (spring forward) and the fire moved past the gap. */
  readonly shifted: boolean;
}

/** US equity market calendar, injected so the rule stays testable and the calendar lives in one place. */
export type MarketDayPredicate = (date: IsoDate) => boolean;

function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/**
 * Whether a fire on local date `date` at `instant` happens. `weekdays` go by the schedule's own calendar;
 * `market` goes by New York's: the fire happens when it is a US trading day in New York at that instant. So
 * 08:00 Europe/Berlin fires Monday to Friday (New York is six hours behind, same date), and 08:00 Asia/Tokyo
 * fires Tuesday to Saturday local, each time the evening after a US session, rather than on a Monday morning
 * that follows no session.
 */
export function isFireDay(
  date: IsoDate,
  instant: number,
  days: DayRule,
  isMarketDay: MarketDayPredicate,
): boolean {
  if (days === "every") return true;
  if (days === "weekdays") {
    const w = weekdayOf(date);
    return w >= 1 && w <= 5;
  }
  return isMarketDay(wallTimeAt(instant, MARKET_ZONE).date);
}

const MARKET_ZONE = "America/New_York";

function fireOn(date: IsoDate, rule: FireRule): Fire {
  const { instant, shifted } = instantOfWallTime(date, rule.minuteOfDay, rule.timeZone);
  return { localDate: date, instant, shifted };
}

/** The first fire strictly after `after` (epoch ms). */
export function nextFire(rule: FireRule, after: number, isMarketDay: MarketDayPredicate): Fire {
  let date = addDays(wallTimeAt(after, rule.timeZone).date, -1);
  for (let i = 0; i < 400; i++, date = addDays(date, 1)) {
    const fire = fireOn(date, rule);
    if (fire.instant > after && isFireDay(date, fire.instant, rule.days, isMarketDay)) return fire;
  }
  throw new Error("no fire day within 400 days");
}

/** Every fire in (from, to], oldest first. */
export function firesBetween(
  rule: FireRule,
  from: number,
  to: number,
  isMarketDay: MarketDayPredicate,
): Fire[] {
  const out: Fire[] = [];
  let cursor = from;
  for (;;) {
    const fire = nextFire(rule, cursor, isMarketDay);
    if (fire.instant > to) return out;
    out.push(fire);
    cursor = fire.instant;
  }
}

export interface CatchUp {
  /** Missed fires still inside the grace window: send each once. */
  readonly send: readonly Fire[];
  /** Missed fires older than the grace window: skip and log. */
  readonly skip: readonly Fire[];
}

/** After downtime from `lastRun` to `now`: which fires to send late and which to skip. */
export function catchUp(
  rule: FireRule,
  lastRun: number,
  now: number,
  graceMs: number,
  isMarketDay: MarketDayPredicate,
): CatchUp {
  const missed = firesBetween(rule, lastRun, now, isMarketDay);
  return {
    send: missed.filter((f) => now - f.instant <= graceMs),
    skip: missed.filter((f) => now - f.instant > graceMs),
  };
}
