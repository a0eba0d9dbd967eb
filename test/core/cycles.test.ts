// Cycle measures after ^RUT breakouts, on the real history. Expected values: an independent Python script over
// data/snapshot/BTC.csv: the best close and the worst fall from a running peak (starting at the start's close)
// in the 365 calendar days after the start, and the first close above BTC's record before the start.
import { describe, expect, it } from "vitest";
import { cycleMeasures, retestDate } from "../../src/core/analytics/cycles.ts";
import { analogsFor, recordReport } from "../../src/core/analytics/russell.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");
const btc = await snapshot.getSeries("BTC");
const AS_OF = "2026-08-21";

describe("cycle measures", () => {
  it("BTC from the 2020-11-13 breakout: best close +314% (2021-11-08), worst fall -53%, its own record 17 days later", () => {
    const m = cycleMeasures(btc.bars, "2020-11-13", AS_OF);
    expect(m.best365?.date).toBe("2021-11-08");
    expect(m.best365?.pct).toBeCloseTo(314.06800299795134, 9);
    expect(m.maxDrawdown365).toBeCloseTo(-53.06184891342929, 9);
    expect(m.daysToOwnAth).toBe(17);
  });

  it("BTC from 2021-11-02 and 2014-12-26", () => {
    const m21 = cycleMeasures(btc.bars, "2021-11-02", AS_OF);
    expect(m21.best365?.pct).toBeCloseTo(6.8649013703136585, 9);
    expect(m21.maxDrawdown365).toBeCloseTo(-72.5495483508698, 9);
    expect(m21.daysToOwnAth).toBe(6);
    const m14 = cycleMeasures(btc.bars, "2014-12-26", AS_OF);
    expect(m14.best365?.date).toBe("2015-12-15");
    expect(m14.maxDrawdown365).toBeCloseTo(-45.68797267626251, 9);
    // BTC's data starts 2014-09-17, under a year before: its record as of 2014-12-26 (2013's) is not in it.
    expect(m14.daysToOwnAth).toBeNull();
  });

  it("is not known before its year has passed, and reads nothing after the as-of date", () => {
    const early = cycleMeasures(btc.bars, "2020-11-13", "2021-06-01");
    expect(early.best365).toBeNull();
    expect(early.maxDrawdown365).toBeNull();
    expect(early.daysToOwnAth).toBe(17); // known by then
    expect(cycleMeasures(btc.bars, "2020-11-13", "2020-11-20").daysToOwnAth).toBeNull();
    expect(cycleMeasures(btc.bars, "2010-01-04", AS_OF)).toEqual({
      best365: null,
      maxDrawdown365: null,
      daysToOwnAth: null,
    });
  });

  it("finds the retest of the 2020-11-13 breakout on 2020-11-18 and measures from it too", () => {
    const record = recordReport(rut, AS_OF);
    const event = record.events.find((e) => e.date === "2020-11-13");
    expect(event && retestDate(rut.bars, event, AS_OF)).toBe("2020-11-18");
    const { analogs } = analogsFor(record.events, [btc], AS_OF, rut.bars);
    const a = analogs.find((x) => x.eventDate === "2020-11-13");
    expect(a?.fromRetest?.date).toBe("2020-11-18");
    // Python: from 2020-11-18, best close 2021-11-08 +279.50%, BTC's record 12 days later.
    expect(a?.fromRetest?.forward.BTC?.best365?.pct).toBeCloseTo(279.503437708696, 9);
    expect(a?.fromRetest?.forward.BTC?.daysToOwnAth).toBe(12);
    expect(a?.forward.BTC?.best365?.pct).toBeCloseTo(314.06800299795134, 9);
  });
});
