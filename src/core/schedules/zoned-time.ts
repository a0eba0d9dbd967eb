// Wall-clock times in IANA time zones, with the two daylight-saving traps handled on purpose:
// a wall time skipped by the change resolves to the first valid minute after the gap, and a wall time that
// occurs twice resolves to its first occurrence. Uses only Intl, so it is pure and needs no tz database.
import type { IsoDate } from "../base/dates.ts";
import { UserError } from "../base/errors.ts";

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical IANA name, or a UserError naming the bad zone. */
export function validateTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(
      `"${timeZone.slice(0, 40)}" is not an IANA time zone (for example Europe/Berlin, America/New_York, UTC).`,
    );
  }
}

export function listTimeZones(): readonly string[] {
  return Intl.supportedValuesOf("timeZone");
}

export interface WallTime {
  readonly date: IsoDate;
  /** Minutes after local midnight. */
  readonly minuteOfDay: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** Offset of the zone from UTC at an instant, in minutes (Berlin in summer: +120). */
export function offsetMinutesAt(instant: number, timeZone: string): number {
  const wall = wallTimeAt(instant, timeZone);
  const asUtc = Date.parse(`${wall.date}T00:00:00Z`) + wall.minuteOfDay * MINUTE_MS;
  return Math.round((asUtc - Math.floor(instant / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `minuteOfDay`.
 * Repeated (autumn) wall times give the first occurrence; skipped (spring) ones give the first minute after
 * the gap, and `shifted` says so.
 */
export function instantOfWallTime(
  date: IsoDate,
  minuteOfDay: number,
  timeZone: string,
): { readonly instant: number; readonly shifted: boolean } {
  const naive = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * MINUTE_MS;
  const offsets = new Set([
    offsetMinutesAt(naive - 36 * 60 * MINUTE_MS, timeZone),
    offsetMinutesAt(naive, timeZone),
    offsetMinutesAt(naive + 36 * 60 * MINUTE_MS, timeZone),
  ]);
  const matches = [...offsets]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((t) => {
      const wall = wallTimeAt(t, timeZone);
      return wall.date === date && wall.minuteOfDay === minuteOfDay;
    })
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first !== undefined) return { instant: first, shifted: false };
  // In a gap: walk forward from the earliest candidate to the first minute whose wall time is past the target.
  let t = Math.min(...[...offsets].map((offset) => naive - offset * MINUTE_MS));
  for (let i = 0; i < 24 * 60; i++, t += MINUTE_MS) {
    const wall = wallTimeAt(t, timeZone);
    if (wall.date > date || (wall.date === date && wall.minuteOfDay >= minuteOfDay))
      return { instant: t, shifted: true };
  }
  throw new Error(`no instant found for ${date} ${minuteOfDay} in ${timeZone}`);
}

/** "08:00" -> 480, or a UserError. */
export function parseClockTime(text: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match)
    throw new UserError(
      `time must be HH:MM in 24-hour form (for example 08:00), not "${text.slice(0, 20)}".`,
    );
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}
