import { describe, expect, it } from "vitest";
import { alignedLogReturns, alignToEquitySessions } from "../../src/core/alignment.ts";
import {
  averageRanks,
  bestLeadLag,
  crossCorrelation,
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
    expect(c.leadLag?.significant).toBe(true);
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
});
