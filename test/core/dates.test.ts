// Calendar arithmetic without a Date (src/core/base/dates.ts), against JavaScript's own calendar on every day.
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, fromEpochDay, toEpochDay } from "../../src/core/base/dates.ts";

const DAY_MS = 86_400_000;

describe("epoch days", () => {
  it("are Date's, both ways, on every day from 1800 to 2200", () => {
    // Reference: Date.UTC and toISOString, as the functions computed them before.
    for (let t = Date.UTC(1800, 0, 1); t <= Date.UTC(2200, 0, 1); t += DAY_MS) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const day = t / DAY_MS;
      if (toEpochDay(iso) !== day) expect(toEpochDay(iso)).toBe(day);
      if (fromEpochDay(day) !== iso) expect(fromEpochDay(day)).toBe(iso);
    }
  });

  it("treat odd input as Date.parse does", () => {
    expect(toEpochDay("2021-02-30")).toBe(toEpochDay("2021-03-02")); // rolls over, as Date does
    expect(toEpochDay("2021-13-01")).toBeNaN();
    expect(toEpochDay("garbage")).toBeNaN();
    expect(toEpochDay("2021-1-01")).toBeNaN();
    expect(fromEpochDay(toEpochDay("0000-01-01"))).toBe("0000-01-01");
    expect(fromEpochDay(2_932_897)).toBe(new Date(2_932_897 * DAY_MS).toISOString().slice(0, 10));
  });

  it("add and count days across leap years and centuries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01");
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29");
    expect(addDays("2020-11-13", 365)).toBe("2021-11-13");
    expect(daysBetween("1970-01-01", "2026-12-04")).toBe(20_791);
  });
});
