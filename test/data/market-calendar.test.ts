// The US equity calendar checked against the real trading history, and the rules it is built from.
import { describe, expect, it } from "vitest";
import {
  easterSunday,
  isUsEarlyClose,
  isUsTradingDay,
  lastClosedUsSession,
  newYorkDateOf,
  openUsSession,
  previousUsTradingDay,
  usMarketHoliday,
  usSession,
  usTradingDays,
} from "../../src/core/schedules/market-calendar.ts";
import { snapshot } from "../support/markets.ts";

describe("US trading days", () => {
  it("are exactly the sessions in the real ^RUT history, 1988 to 2026", async () => {
    // data/snapshot/RUT.csv (Yahoo ^RUT): its PROVENANCE says the only gap is the 2001-09-11 closure, which the
    // calendar has too; every other weekday missing from the history must be a holiday, and none extra.
    const rut = await snapshot.getSeries("RUT");
    const dates = rut.bars.map((b) => b.date).filter((d) => d >= "1988-01-04");
    expect(usTradingDays("1988-01-04", dates.at(-1) ?? "")).toEqual(dates);
  });

  it("names the holidays, observed days and special closures", () => {
    expect(usMarketHoliday("2025-04-18")).toBe("Good Friday");
    expect(usMarketHoliday("2022-06-20")).toBe("Juneteenth"); // June 19 was a Sunday
    expect(usMarketHoliday("2021-06-18")).toBeNull(); // Juneteenth became a market holiday in 2022
    expect(usMarketHoliday("2020-07-03")).toBe("Independence Day"); // July 4 was a Saturday
    expect(usMarketHoliday("2021-12-31")).toBeNull(); // New Year 2022 fell on a Saturday: no Friday holiday
    expect(usMarketHoliday("2025-01-09")).toBe("National Day of Mourning (Jimmy Carter)");
    expect(usMarketHoliday("2012-10-30")).toBe("Hurricane Sandy");
    expect(usMarketHoliday("2025-11-27")).toBe("Thanksgiving Day");
    expect(isUsTradingDay("2025-11-29")).toBe(false); // a Saturday
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2025)).toBe("2025-04-20");
    expect(previousUsTradingDay("2025-11-28")).toBe("2025-11-26");
  });

  it("closes early at 13:00 on July 3, the day after Thanksgiving and Christmas Eve (Monday to Thursday)", () => {
    expect(isUsEarlyClose("2025-07-03")).toBe(true);
    expect(isUsEarlyClose("2025-11-28")).toBe(true);
    expect(isUsEarlyClose("2024-12-24")).toBe(true);
    expect(isUsEarlyClose("2021-12-24")).toBe(false); // a Friday, and the observed Christmas holiday
    expect(isUsEarlyClose("2025-07-02")).toBe(false);
    expect(usSession("2025-11-28")?.close.toISOString()).toBe("2025-11-28T18:00:00.000Z");
  });
});

describe("session times in UTC follow New York's daylight saving time", () => {
  it("opens at 14:30 UTC in winter and 13:30 UTC in summer, switching on the second Sunday of March", () => {
    expect(usSession("2025-03-07")?.open.toISOString()).toBe("2025-03-07T14:30:00.000Z");
    expect(usSession("2025-03-10")?.open.toISOString()).toBe("2025-03-10T13:30:00.000Z");
    expect(usSession("2025-10-31")?.close.toISOString()).toBe("2025-10-31T20:00:00.000Z");
    expect(usSession("2025-11-03")?.close.toISOString()).toBe("2025-11-03T21:00:00.000Z");
    // Before 2007 DST ran from the first Sunday of April to the last Sunday of October.
    expect(usSession("2006-03-14")?.open.toISOString()).toBe("2006-03-14T14:30:00.000Z");
    expect(usSession("2006-04-03")?.open.toISOString()).toBe("2006-04-03T13:30:00.000Z");
  });

  it("knows New York's date near midnight UTC", () => {
    expect(newYorkDateOf(new Date("2025-09-30T03:59:00Z"))).toBe("2025-09-29");
    expect(newYorkDateOf(new Date("2025-09-30T04:00:00Z"))).toBe("2025-09-30");
    expect(newYorkDateOf(new Date("2025-12-01T04:30:00Z"))).toBe("2025-11-30");
  });

  it("finds the last closed and the open session", () => {
    expect(lastClosedUsSession(new Date("2025-11-27T22:00:00Z")).date).toBe("2025-11-26");
    expect(lastClosedUsSession(new Date("2025-09-29T20:10:00Z"), 20 * 60_000).date).toBe("2025-09-26");
    expect(lastClosedUsSession(new Date("2025-09-29T20:21:00Z"), 20 * 60_000).date).toBe("2025-09-29");
    expect(openUsSession(new Date("2025-09-29T13:29:00Z"))).toBeNull();
    expect(openUsSession(new Date("2025-09-29T13:30:00Z"))?.date).toBe("2025-09-29");
    expect(openUsSession(new Date("2025-11-27T15:00:00Z"))).toBeNull();
  });
});
