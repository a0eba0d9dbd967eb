import { describe, expect, it } from "vitest";
import { forwardReturns, median, summarize } from "../../src/core/analytics/analogs.ts";
import { snapshot } from "../support/markets.ts";

const btc = await snapshot.getSeries("BTC");
const eth = await snapshot.getSeries("ETH");

// Expected values: closes read from ../shared/data/BTC.csv and ETH.csv by an independent Python script
// (close on the last date on or before event + h, over the event-day close). PROVENANCE.md states the BTC
// figures for 2020-11-13 too: close 16,317.81, best close in 180 days 63,503.46 on 2021-04-13 (x3.89).
describe("forward returns after ^RUT breakouts", () => {
  it("BTC after 2020-11-13", () => {
    const f = forwardReturns(btc.bars, "2020-11-13", "2026-08-21");
    expect(f.d30).toBeCloseTo((19142.38 / 16317.81 - 1) * 100, 8); // 2020-12-13
    expect(f.d90).toBeCloseTo((47909.33 / 16317.81 - 1) * 100, 8); // 2021-02-11
    expect(f.d180).toBeCloseTo((49150.54 / 16317.81 - 1) * 100, 8); // 2021-05-12
    expect(f.d365).toBeCloseTo((64469.53 / 16317.81 - 1) * 100, 8); // 2021-11-13
    expect(f.max180).toBeCloseTo((63503.46 / 16317.81 - 1) * 100, 8); // 2021-04-13
  });

  it("ETH after 2020-11-13 and BTC, ETH after 2016-11-14", () => {
    const e20 = forwardReturns(eth.bars, "2020-11-13", "2026-08-21");
    expect(e20.d365).toBeCloseTo((4651.4604 / 474.6264 - 1) * 100, 8);
    expect(e20.max180).toBeCloseTo((4168.7012 / 474.6264 - 1) * 100, 8);
    const b16 = forwardReturns(btc.bars, "2016-11-14", "2026-08-21");
    expect([b16.d30, b16.d90, b16.d180, b16.d365].map((v) => Number(v?.toFixed(4)))).toEqual([
      10.8451, 41.7236, 156.0083, 841.2144,
    ]);
    const e16 = forwardReturns(eth.bars, "2016-11-14", "2026-08-21");
    expect(Number(e16.d30?.toFixed(4))).toBe(-17.0702); // 9.9665 -> 8.2652
  });

  it("is null where the horizon is past the as-of date, and never reads later closes", () => {
    const f = forwardReturns(btc.bars, "2020-11-13", "2021-03-01");
    expect(f.d30).not.toBeNull();
    expect(f.d90).not.toBeNull(); // 2021-02-11 <= 2021-03-01
    expect(f.d180).toBeNull();
    expect(f.d365).toBeNull();
    expect(f.max180).toBeNull();
  });

  it("is null when the asset has no close on the event date or its history stops before the horizon", () => {
    expect(forwardReturns(btc.bars, "2013-01-02", "2026-08-21").d30).toBeNull(); // before BTC.csv starts
    expect(forwardReturns(btc.bars, "2026-08-01", "2026-11-01").d30).toBeNull(); // BTC.csv ends 2026-08-20
  });

  it("max180 is negative when every later close in the window is lower", () => {
    const bars = [
      { date: "2020-01-01", close: 100 },
      { date: "2020-03-01", close: 90 },
      { date: "2020-06-29", close: 80 },
      { date: "2020-07-01", close: 200 },
    ];
    expect(forwardReturns(bars, "2020-01-01", "2021-01-01").max180).toBeCloseTo(-10, 10);
  });
});

describe("summaries", () => {
  it("median and share positive over the known values only", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([10, -5, null, 20])).toEqual({ n: 3, median: 10, sharePositive: 2 / 3 });
    expect(summarize([null])).toEqual({ n: 0, median: null, sharePositive: null });
  });
});
