import { describe, expect, it } from "vitest";
import { alignedLogReturns, alignToEquitySessions } from "../../src/core/analytics/alignment.ts";
import {
  averageRanks,
  normalQuantile,
  pearson,
  rollingPearson,
  spearman,
} from "../../src/core/analytics/correlation.ts";
import { correlationReport } from "../../src/core/analytics/russell.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");
const btc = await snapshot.getSeries("BTC");

describe("alignment to equity sessions", () => {
  it("uses BTC's close of the same UTC date and folds the weekend into Monday's return", () => {
    const r = alignedLogReturns(rut.bars, btc.bars);
    const i = r.dates.indexOf("2020-11-16"); // Monday after Friday 2020-11-13
    // BTC.csv closes: 2020-11-13 16317.81, 2020-11-16 16716.11 (Sat 16068.14 and Sun 15955.59 fold into this return).
    expect(r.other[i]).toBeCloseTo(Math.log(16716.11 / 16317.81), 12);
    // RUT.csv closes: 2020-11-13 1744.04, 2020-11-16 1785.34.
    expect(r.equity[i]).toBeCloseTo(Math.log(1785.34 / 1744.04), 12);
    expect(r.dates).not.toContain("2020-11-14");
  });

  it("drops sessions the other series has no close for", () => {
    const a = alignToEquitySessions(
      [
        { date: "2020-01-02", close: 1 },
        { date: "2020-01-03", close: 2 },
      ],
      [{ date: "2020-01-03", close: 5 }],
    );
    expect(a).toEqual({ dates: ["2020-01-03"], equity: [2], other: [5] });
  });
});

describe("correlation of ^RUT and BTC daily log returns as of 2020-11-20", () => {
  // Expected: Python statistics.correlation over the same aligned log returns (RUT sessions with a BTC close
  // that date, up to 2020-11-20); Spearman as Pearson of average ranks, computed in the same script.
  const c = correlationReport(rut.bars, btc.bars, "2020-11-20");
  it("30, 90 and 250 sessions with their n", () => {
    expect(c.w30.n).toBe(30);
    expect(c.w30.pearson).toBeCloseTo(0.11608466319966851, 10);
    expect(c.w30.spearman).toBeCloseTo(0.010011123470522803, 10);
    expect(c.w90.pearson).toBeCloseTo(0.34108927401820105, 10);
    expect(c.w90.spearman).toBeCloseTo(0.2506893855208462, 10);
    expect(c.w250.n).toBe(250);
    expect(c.w250.pearson).toBeCloseTo(0.4854236656699006, 10);
    expect(c.w250.spearman).toBeCloseTo(0.2611061296980752, 10);
  });
  it("reports the same-session correlation apart from the lead/lag test, at three frequencies", () => {
    expect(c.leadLag.daily.sameTime.rho).toBeCloseTo(0.4854236656699006, 10); // the 250-session value above
    expect(c.leadLag.daily.lagsTested).toBe(20);
    expect(c.leadLag.weekly.lagsTested).toBe(8);
    expect(c.leadLag.monthly.lagsTested).toBe(6);
    for (const t of Object.values(c.leadLag)) {
      expect(t.pValue).toBeGreaterThanOrEqual(0);
      expect(t.pValue).toBeLessThanOrEqual(1);
      expect(t.significant).toBe((t.pValue ?? 1) < 0.05);
    }
  });
});

describe("correlation building blocks", () => {
  it("pearson of a line is 1, of its mirror -1, of a constant null", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });
  it("ranks ties by their mean rank and Spearman sees monotone curves as 1", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBeCloseTo(1, 12);
  });
  it("rolling windows start once full", () => {
    const r = rollingPearson([1, 2, 3, 4], [1, 2, 3, 5], 3);
    expect(r[0]).toBeNull();
    expect(r[1]).toBeNull();
    expect(r[2]).toBeCloseTo(1, 12);
  });
  it("rolling windows by sliding sums are each window's two-pass Pearson (RUT against BTC, 90 sessions)", () => {
    // Reference: pearson() of every window on its own; a flat stretch (a series that does not move) gives null.
    const r = alignedLogReturns(rut.bars, btc.bars);
    const flat = [...r.other.slice(0, 300), ...new Array<number>(120).fill(0), ...r.other.slice(420)];
    for (const other of [r.other, flat]) {
      const rolling = rollingPearson(r.equity, other, 90, 50);
      for (let i = 0; i < rolling.length; i++) {
        const expected =
          i < 89 || i < 50 ? null : pearson(r.equity.slice(i - 89, i + 1), other.slice(i - 89, i + 1));
        if (expected === null) expect(rolling[i]).toBeNull();
        else expect(Math.abs((rolling[i] as number) - expected)).toBeLessThan(1e-10);
      }
    }
    expect(rollingPearson(r.equity, flat, 90)[400]).toBeNull();
  });
  it("normal quantiles match Python's statistics.NormalDist().inv_cdf", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 8);
    expect(normalQuantile(1 - 0.025 / 21)).toBeCloseTo(3.038074304924211, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
