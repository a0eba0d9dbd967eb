import { describe, expect, it } from "vitest";
import { alignedLogReturns, alignToEquitySessions } from "../../src/core/alignment.ts";
import {
  averageRanks,
  bestLeadLag,
  crossCorrelation,
  normalQuantile,
  pearson,
  rollingPearson,
  spearman,
} from "../../src/core/correlation.ts";
import { correlationReport } from "../../src/core/russell.ts";
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
  it("reports the best lag with its noise band", () => {
    expect(c.leadLag?.bestLag).toBe(0);
    expect(c.leadLag?.band).toBeCloseTo(1.96 / Math.sqrt(250), 12);
    // 21 lags searched: the verdict's band is z(1 - 0.025/21) / sqrt(250); z from Python's
    // statistics.NormalDist().inv_cdf(1 - 0.025 / 21) = 3.038074304924211.
    expect(c.leadLag?.lagsTested).toBe(21);
    expect(c.leadLag?.familyBand).toBeCloseTo(3.038074304924211 / Math.sqrt(250), 8);
    expect(c.leadLag?.significant).toBe(true); // r 0.485 at lag 0 (the 250-session value above)
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
  it("finds a known lead: y follows x by 3 steps", () => {
    // Deterministic pseudo-random x (LCG, fixed seed); y[t] = x[t-3] plus small noise: x leads y by +3.
    let seed = 42;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const x = Array.from({ length: 300 }, rand);
    const y = x.map((_, t) => (t >= 3 ? (x[t - 3] as number) : 0) + 0.1 * rand());
    const best = bestLeadLag(crossCorrelation(x, y, 10));
    expect(best?.bestLag).toBe(3);
    expect(best?.significant).toBe(true);
    const noise = bestLeadLag(crossCorrelation(x, Array.from({ length: 300 }, rand), 10));
    expect(Math.abs(noise?.rho ?? 1)).toBeLessThan(0.25);
  });
  it("normal quantiles match Python's statistics.NormalDist().inv_cdf", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 8);
    expect(normalQuantile(1 - 0.025 / 21)).toBeCloseTo(3.038074304924211, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
  it("the strongest of 21 lags on independent noise is called a lead about 5% of the time, not two in three", () => {
    // 400 pairs of independent uniform series of 250 sessions (mulberry32, fixed seed). The single-lag band
    // flags the strongest lag in most of them; the family band, as designed, in about 5%.
    let a = 7;
    const rand = () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    };
    let family = 0;
    let single = 0;
    const runs = 400;
    for (let i = 0; i < runs; i++) {
      const x = Array.from({ length: 250 }, rand);
      const y = Array.from({ length: 250 }, rand);
      const best = bestLeadLag(crossCorrelation(x, y, 10));
      if (best?.significant) family++;
      if (best && Math.abs(best.rho ?? 0) > best.band) single++;
    }
    expect(single / runs).toBeGreaterThan(0.4);
    expect(family / runs).toBeLessThan(0.1);
  });
});
