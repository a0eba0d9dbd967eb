import { describe, expect, it } from "vitest";
import {
  allTimeHigh,
  type BreakoutEvent,
  classifyBreakoutState,
  findBreakoutEvents,
  percentFromHigh,
} from "../../src/core/analytics/breakouts.ts";
import { recordReport } from "../../src/core/analytics/russell.ts";
import type { Bar } from "../../src/core/base/series.ts";
import { barsUntil } from "../../src/core/base/series.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");

describe("^RUT breakout events (default rule: prior record at least 126 sessions old)", () => {
  it("finds the seven events since 2010", () => {
    // Expected list from an independent Python scan of ../shared/data/RUT.csv (loop over closes keeping the
    // index of the running closing high; an event when close > high and index gap >= 126). The 2020-11-13
    // event (1744.04 over 1740.75 of 2018-08-31) and the 2025-09-18 record (2467.70, first since 2021-11-08)
    // are also stated in shared/data/PROVENANCE.md.
    const events = findBreakoutEvents(rut.bars).filter((e) => e.date >= "2010-01-01");
    expect(events.map((e) => [e.date, e.close, e.priorHighDate, e.priorHigh])).toEqual([
      ["2011-04-27", 858.31, "2007-07-13", 855.77],
      ["2013-01-02", 873.42, "2011-04-29", 865.29],
      ["2014-12-26", 1215.21, "2014-03-04", 1208.65],
      ["2016-11-14", 1298.6, "2015-06-23", 1295.8],
      ["2020-11-13", 1744.04, "2018-08-31", 1740.75],
      ["2021-11-02", 2361.86, "2021-03-15", 2360.17],
      ["2025-09-18", 2467.7, "2021-11-08", 2442.74],
    ]);
  });

  it("honours a configured minimum age", () => {
    // With a 500-session rule only records older than ~2 years count: 2011 (955), 2020 (555), 2025 (968).
    const events = findBreakoutEvents(rut.bars, { minSessionsSincePriorHigh: 500 }).filter(
      (e) => e.date >= "2010",
    );
    expect(events.map((e) => e.date)).toEqual(["2011-04-27", "2020-11-13", "2025-09-18"]);
  });
});

describe("record and state of ^RUT at as-of dates", () => {
  it("2020-11-20: breakout holding above the 2018 record", () => {
    const r = recordReport(rut, "2020-11-20");
    // RUT.csv: 2020-11-17 close 1791.91 is the highest close up to 2020-11-20 (1785.34).
    expect(r.ath).toEqual({ date: "2020-11-17", close: 1791.91 });
    expect(r.index).toEqual({ symbol: "RUT", date: "2020-11-20", close: 1785.34 });
    expect(r.pctFromAth).toBeCloseTo((1785.34 / 1791.91 - 1) * 100, 10);
    expect(r.breakout.state).toBe("breakout");
    expect(r.breakout.eventDate).toBe("2020-11-13");
    expect(r.breakout.level).toBe(1740.75);
    expect(r.breakout.pctFromLevel).toBeCloseTo(2.5615, 3); // 1785.34 / 1740.75 - 1
  });

  it("2025-10-15: a new all-time high after the 2025-09-18 breakout", () => {
    const r = recordReport(rut, "2025-10-15");
    expect(r.breakout.state).toBe("new_ath");
    expect(r.ath.date).toBe("2025-10-15"); // PROVENANCE lists 10-15 among the 2025 record closes
    expect(r.pctFromAth).toBe(0);
  });

  it("2021-11-30: a failed breakout, 6.8% under the old record 20 sessions after breaking it", () => {
    const r = recordReport(rut, "2021-11-30");
    // RUT.csv: 2021-11-30 close 2198.91; old record 2360.17 (2021-03-15) broken 2021-11-02.
    expect(r.breakout.state).toBe("failed");
    expect(r.breakout.pctFromLevel).toBeCloseTo((2198.91 / 2360.17 - 1) * 100, 10);
  });

  it("2026-08-21: below the 2026-08-14 record, with the last event long past", () => {
    const r = recordReport(rut, "2026-08-21");
    expect(r.ath).toEqual({ date: "2026-08-14", close: 3068.42 }); // PROVENANCE: 29 records in 2026 to 08-14 (3068.42)
    expect(r.breakout.state).toBe("below_ath");
  });
});

describe("state thresholds on hand-made series", () => {
  // 130 sessions under a record of 100, then a breakout to 110 and the moves under test.
  const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const make = (...tail: number[]): Bar[] =>
    [100, ...Array.from({ length: 130 }, () => 90), 110, ...tail].map((close, i) => ({
      date: day(i),
      close,
    }));
  const classify = (bars: Bar[]) => classifyBreakoutState(bars, findBreakoutEvents(bars));

  it("names the event day itself a breakout", () => expect(classify(make()).state).toBe("breakout"));
  it("a pullback to within +2% of the old level is a retest", () =>
    expect(classify(make(101.5)).state).toBe("retest"));
  it("2.9% below the old level is still a retest", () => expect(classify(make(97.1)).state).toBe("retest"));
  it("3.1% below the old level is a failed breakout", () =>
    expect(classify(make(96.9)).state).toBe("failed"));
  it("holding 5% above the level is a breakout", () => expect(classify(make(105)).state).toBe("breakout"));
  it("a fresh record after the event is a new high", () =>
    expect(classify(make(105, 111)).state).toBe("new_ath"));
  it("after 63 sessions the breakout window ends", () => {
    const bars = make(...Array.from({ length: 64 }, () => 96));
    expect(classify(bars).state).toBe("below_ath");
  });
  it("never looks past the last bar it is given", () => {
    const bars = make(96.9, 120);
    expect(
      classifyBreakoutState(barsUntil(bars, (bars.at(-2) as Bar).date), findBreakoutEvents(bars)).state,
    ).toBe("failed");
  });
});

describe("records", () => {
  it("takes the earliest date on a tied high and measures percent from it", () => {
    expect(
      allTimeHigh([
        { date: "2020-01-01", close: 5 },
        { date: "2020-01-02", close: 5 },
      ]),
    ).toEqual({ date: "2020-01-01", close: 5 });
    expect(percentFromHigh(90, 100)).toBeCloseTo(-10, 12);
  });
  it("keeps each event's prior high and its age", () => {
    const e = findBreakoutEvents(rut.bars).find((x) => x.date === "2020-11-13") as BreakoutEvent;
    expect(e.sessionsSincePriorHigh).toBe(555); // 2018-08-31 to 2020-11-13 in RUT sessions
  });
});
