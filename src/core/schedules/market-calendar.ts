// The US equity calendar (NYSE/Nasdaq): trading days, holidays, early closes and session times in UTC.
// Pure rules, no time-zone database: New York's DST rules are coded here so results never depend on the host.
import { addDays, type IsoDate, toEpochDay } from "../base/dates.ts";

export interface UsSession {
  readonly date: IsoDate;
  /** 09:30 New York time, as an instant. */
  readonly open: Date;
  /** 16:00 New York time, or 13:00 on an early-close day. */
  readonly close: Date;
  readonly earlyClose: boolean;
}

/** Unscheduled full-day closures since 1987 (national mourning, 9/11, Hurricane Sandy). */
const SPECIAL_CLOSURES: Readonly<Record<IsoDate, string>> = {
  "1994-04-27": "National Day of Mourning (Richard Nixon)",
  "2001-09-11": "September 11 attacks",
  "2001-09-12": "September 11 attacks",
  "2001-09-13": "September 11 attacks",
  "2001-09-14": "September 11 attacks",
  "2004-06-11": "National Day of Mourning (Ronald Reagan)",
  "2007-01-02": "National Day of Mourning (Gerald Ford)",
  "2012-10-29": "Hurricane Sandy",
  "2012-10-30": "Hurricane Sandy",
  "2018-12-05": "National Day of Mourning (George H. W. Bush)",
  "2025-01-09": "National Day of Mourning (Jimmy Carter)",
};

const iso = (y: number, m: number, d: number): IsoDate =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, dow: number, n: number): IsoDate {
  if (n > 0) {
    const first = iso(year, month, 1);
    const offset = (dow - weekday(first) + 7) % 7;
    return addDays(first, offset + (n - 1) * 7);
  }
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" algorithm. */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** A fixed-date holiday moves to Friday when it falls on Saturday and to Monday when on Sunday. */
function observed(date: IsoDate): IsoDate {
  const dow = weekday(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

function holidaysOf(year: number): Map<IsoDate, string> {
  const days = new Map<IsoDate, string>();
  // New Year's Day: Sunday moves to Monday; Saturday is not observed on the Friday before (NYSE rule 7.2).
  const newYear = iso(year, 1, 1);
  if (weekday(newYear) !== 6) days.set(observed(newYear), "New Year's Day");
  if (year >= 1998) days.set(nthWeekday(year, 1, 1, 3), "Martin Luther King Jr. Day");
  days.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  days.set(addDays(easterSunday(year), -2), "Good Friday");
  days.set(nthWeekday(year, 5, 1, -1), "Memorial Day");
  if (year >= 2022) days.set(observed(iso(year, 6, 19)), "Juneteenth");
  days.set(observed(iso(year, 7, 4)), "Independence Day");
  days.set(nthWeekday(year, 9, 1, 1), "Labor Day");
  days.set(nthWeekday(year, 11, 4, 4), "Thanksgiving Day");
  days.set(observed(iso(year, 12, 25)), "Christmas Day");
  return days;
}

const holidayCache = new Map<number, Map<IsoDate, string>>();

/** The holiday or closure that shuts US equity markets on `date`, or null. Weekends are not holidays. */
export function usMarketHoliday(date: IsoDate): string | null {
  const special = SPECIAL_CLOSURES[date];
  if (special) return special;
  const year = Number(date.slice(0, 4));
  let days = holidayCache.get(year);
  if (!days) {
    days = holidaysOf(year);
    holidayCache.set(year, days);
  }
  return days.get(date) ?? null;
}

export function isUsTradingDay(date: IsoDate): boolean {
  const dow = weekday(date);
  return dow !== 0 && dow !== 6 && usMarketHoliday(date) === null;
}

/** 13:00 closes: July 3 and Christmas Eve when they fall Monday to Thursday, and the day after Thanksgiving. */
export function isUsEarlyClose(date: IsoDate): boolean {
  if (!isUsTradingDay(date)) return false;
  const year = Number(date.slice(0, 4));
  const dow = weekday(date);
  if (date === iso(year, 7, 3) || date === iso(year, 12, 24)) return dow >= 1 && dow <= 4;
  return date === addDays(nthWeekday(year, 11, 4, 4), 1);
}

/** True when New York is on daylight time on `date` (the switch happens at 02:00, before any session). */
export function isNewYorkDst(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  const [start, end] =
    year >= 2007
      ? [nthWeekday(year, 3, 0, 2), nthWeekday(year, 11, 0, 1)]
      : [nthWeekday(year, 4, 0, 1), nthWeekday(year, 10, 0, -1)];
  return date >= start && date < end;
}

/** The instant of a New York wall-clock time on `date`. */
export function newYorkTime(date: IsoDate, hour: number, minute: number): Date {
  const offsetHours = isNewYorkDst(date) ? 4 : 5;
  return new Date(Date.parse(`${date}T00:00:00Z`) + ((hour + offsetHours) * 60 + minute) * 60_000);
}

/** New York's calendar date at an instant. */
export function newYorkDateOf(instant: Date): IsoDate {
  const utcDate = instant.toISOString().slice(0, 10);
  // Try today's offset first; near midnight the local date may be the previous UTC day.
  for (const candidate of [utcDate, addDays(utcDate, -1)]) {
    const start = newYorkTime(candidate, 0, 0).getTime();
    if (instant.getTime() >= start && instant.getTime() < newYorkTime(addDays(candidate, 1), 0, 0).getTime())
      return candidate;
  }
  return utcDate;
}

export function usSession(date: IsoDate): UsSession | null {
  if (!isUsTradingDay(date)) return null;
  const earlyClose = isUsEarlyClose(date);
  return {
    date,
    open: newYorkTime(date, 9, 30),
    close: newYorkTime(date, earlyClose ? 13 : 16, 0),
    earlyClose,
  };
}

/** The last trading day strictly before `date`. */
export function previousUsTradingDay(date: IsoDate): IsoDate {
  let d = addDays(date, -1);
  while (!isUsTradingDay(d)) d = addDays(d, -1);
  return d;
}

/** The first trading day strictly after `date`. */
export function nextUsTradingDay(date: IsoDate): IsoDate {
  let d = addDays(date, 1);
  while (!isUsTradingDay(d)) d = addDays(d, 1);
  return d;
}

/** Trading days from `from` to `to`, both included. */
export function usTradingDays(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isUsTradingDay(d)) days.push(d);
  return days;
}

/** The most recent session that had closed at `now` (plus `settleMs` for the closing print to settle). */
export function lastClosedUsSession(now: Date, settleMs = 0): UsSession {
  let d = newYorkDateOf(now);
  for (;;) {
    const session = usSession(d);
    if (session && session.close.getTime() + settleMs <= now.getTime()) return session;
    d = addDays(d, -1);
  }
}

/** The session trading at `now` (from the open until the close plus `settleMs`), or null. */
export function openUsSession(now: Date, settleMs = 0): UsSession | null {
  const session = usSession(newYorkDateOf(now));
  if (!session) return null;
  const t = now.getTime();
  return t >= session.open.getTime() && t < session.close.getTime() + settleMs ? session : null;
}
