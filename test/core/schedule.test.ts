import { describe, expect, it } from "vitest";
import { catchUp, type FireRule, firesBetween, nextFire } from "../../src/core/schedules/schedule.ts";
import {
  instantOfWallTime,
  offsetMinutesAt,
  parseClockTime,
  validateTimeZone,
  wallTimeAt,
} from "../../src/core/schedules/zoned-time.ts";

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const anyDay = () => true;

// Daylight-saving dates (IANA tz rules): Europe/Berlin springs forward 2026-03-29 02:00 -> 03:00 and falls back
// 2026-10-25 03:00 -> 02:00; America/New_York springs forward 2026-03-08 02:00 -> 03:00 and falls back
// 2026-11-01 02:00 -> 01:00.
describe("wall times across daylight-saving changes", () => {
  it("08:00 Berlin is 07:00Z in winter and 06:00Z in summer", () => {
    expect(iso(instantOfWallTime("2026-03-28", 480, "Europe/Berlin").instant)).toBe(
      "2026-03-28T07:00:00.000Z",
    );
    expect(iso(instantOfWallTime("2026-03-30", 480, "Europe/Berlin").instant)).toBe(
      "2026-03-30T06:00:00.000Z",
    );
    expect(offsetMinutesAt(utc("2026-07-01T00:00:00Z"), "Europe/Berlin")).toBe(120);
  });

  it("a skipped wall time moves to the first minute after the gap", () => {
    const berlin = instantOfWallTime("2026-03-29", parseClockTime("02:30"), "Europe/Berlin");
    expect(berlin).toEqual({ instant: utc("2026-03-29T01:00:00Z"), shifted: true }); // 03:00 CEST
    const ny = instantOfWallTime("2026-03-08", parseClockTime("02:30"), "America/New_York");
    expect(ny).toEqual({ instant: utc("2026-03-08T07:00:00Z"), shifted: true }); // 03:00 EDT
  });

  it("a repeated wall time resolves to its first occurrence", () => {
    expect(iso(instantOfWallTime("2026-10-25", 150, "Europe/Berlin").instant)).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(iso(instantOfWallTime("2026-11-01", 90, "America/New_York").instant)).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });
});

describe("next fire", () => {
  const berlin8: FireRule = { minuteOfDay: 480, timeZone: "Europe/Berlin", days: "every" };

  it("fires at 08:00 local every day on both sides of both changes, once a day", () => {
    for (const [from, to] of [
      ["2026-03-25T00:00:00Z", "2026-04-02T00:00:00Z"],
      ["2026-10-21T00:00:00Z", "2026-10-29T00:00:00Z"],
    ] as const) {
      const fires = firesBetween(berlin8, utc(from), utc(to), anyDay);
      expect(fires).toHaveLength(8);
      for (const fire of fires) {
        expect(wallTimeAt(fire.instant, "Europe/Berlin")).toMatchObject({
          date: fire.localDate,
          minuteOfDay: 480,
        });
      }
      expect(new Set(fires.map((f) => f.localDate)).size).toBe(8);
    }
  });

  it("a repeated 02:30 fires once on the fall-back day", () => {
    const rule: FireRule = { minuteOfDay: 150, timeZone: "Europe/Berlin", days: "every" };
    const fires = firesBetween(rule, utc("2026-10-24T12:00:00Z"), utc("2026-10-26T12:00:00Z"), anyDay);
    expect(fires.map((f) => iso(f.instant))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
    // Between the two occurrences of 02:30 the next fire is the next day's.
    expect(nextFire(rule, utc("2026-10-25T00:45:00Z"), anyDay).localDate).toBe("2026-10-26");
  });

  it("weekdays skip Saturday and Sunday; market days follow the injected calendar", () => {
    const ny: FireRule = { minuteOfDay: 17 * 60, timeZone: "America/New_York", days: "weekdays" };
    // 2026-11-27 is a Friday, 2026-11-30 a Monday.
    expect(nextFire(ny, utc("2026-11-27T23:00:00Z"), anyDay).localDate).toBe("2026-11-30");
    const market: FireRule = { ...ny, days: "market" };
    const holidays = new Set(["2026-11-26"]); // Thanksgiving 2026
    const isMarketDay = (d: string) =>
      ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) && !holidays.has(d);
    expect(nextFire(market, utc("2026-11-25T23:00:00Z"), isMarketDay).localDate).toBe("2026-11-27");
  });
});

describe("catch-up after downtime", () => {
  it("sends missed fires within the grace window once and skips older ones", () => {
    const rule: FireRule = { minuteOfDay: 480, timeZone: "UTC", days: "every" };
    const grace = 3 * 3600_000;
    // Down from 2026-11-19 07:00Z to 2026-11-21 10:00Z: the 11-19 and 11-20 fires are late, 11-21 08:00 is 2h ago.
    const result = catchUp(rule, utc("2026-11-19T07:00:00Z"), utc("2026-11-21T10:00:00Z"), grace, anyDay);
    expect(result.send.map((f) => f.localDate)).toEqual(["2026-11-21"]);
    expect(result.skip.map((f) => f.localDate)).toEqual(["2026-11-19", "2026-11-20"]);
  });
});

describe("input", () => {
  it("names a bad time or time zone in one line", () => {
    expect(() => parseClockTime("25:00")).toThrow(/time must be HH:MM/);
    expect(() => validateTimeZone("Mars/Olympus")).toThrow(/is not an IANA time zone/);
    expect(validateTimeZone("europe/berlin")).toBe("Europe/Berlin");
  });
});
