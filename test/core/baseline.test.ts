// The baseline and the permutation test, on the real history and on simulations where the true answer is known.
import { describe, expect, it } from "vitest";
import {
  baselineRows,
  permutationPValue,
  quantile,
  seededRandom,
  spreadOf,
  testedSummary,
  valuesOf,
} from "../../src/core/analytics/baseline.ts";
import { analogsFor, recordReport } from "../../src/core/analytics/russell.ts";
import { barsUntil } from "../../src/core/base/series.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");
const btc = await snapshot.getSeries("BTC");
const AS_OF = "2026-08-21";
const sessions = barsUntil(rut.bars, AS_OF).map((b) => b.date);

describe("baseline: the same forward return from every session", () => {
  // Expected: an independent Python script over data/snapshot/BTC.csv and RUT.csv: for every RUT session from
  // BTC's first close (2014-09-17) to 2026-08-21 on which BTC has a close, BTC's close on the last date on or
  // before session + h over its close that day, kept when session + h <= 2026-08-21 (statistics.median).
  it("BTC over any 90 and 365 days since 2014 (the issue's +7.6% and +73.5%)", () => {
    const rows = baselineRows(btc.bars, sessions, AS_OF);
    const d90 = valuesOf(rows, "d90");
    const d365 = valuesOf(rows, "d365");
    expect(d90).toHaveLength(2938);
    expect(d365).toHaveLength(2748);
    expect(testedSummary([], d90).baseline.median).toBeCloseTo(7.582466650057606, 9);
    expect(testedSummary([], d365).baseline.median).toBeCloseTo(73.49425621780352, 9);
    expect(testedSummary([], d365).baseline.sharePositive).toBeCloseTo(0.7267103347889374, 12);
  });

  it("BTC's best close and worst fall within any 365 days: +107.2% and -49.3% (n=2,748)", () => {
    // Expected: the same Python script, the best close and the worst fall from a running peak (starting at the
    // session's close) among the closes after the session up to session + 365 days.
    const rows = baselineRows(btc.bars, sessions, AS_OF);
    const best = valuesOf(rows, "best365");
    const drawdown = valuesOf(rows, "maxDrawdown365");
    expect(best).toHaveLength(2748);
    expect(testedSummary([], best).baseline.median).toBeCloseTo(107.2058201731058, 9);
    expect(testedSummary([], drawdown).baseline.median).toBeCloseTo(-49.31048650273843, 9);
  });

  it("uses nothing after the as-of date: a population as of 2020-12-31 ends its horizons by then", () => {
    const rows = baselineRows(
      btc.bars,
      barsUntil(rut.bars, "2020-12-31").map((b) => b.date),
      "2020-12-31",
    );
    const before = baselineRows(
      barsUntil(btc.bars, "2020-12-31"),
      barsUntil(rut.bars, "2020-12-31").map((b) => b.date),
      "2020-12-31",
    );
    expect(valuesOf(rows, "d365")).toEqual(valuesOf(before, "d365"));
  });
});

describe("spread", () => {
  it("quartiles interpolate like numpy.percentile's default (type 7)", () => {
    // numpy.percentile([1, 2, 3, 4], [25, 75]) = [1.75, 3.25]; of [-24, -26, 194, -39, 42]: [-26, 42].
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(spreadOf([-24, -26, 194, -39, 42])).toEqual({ q1: -26, q3: 42, min: -39, max: 194 });
    expect(spreadOf([])).toEqual({ q1: null, q3: null, min: null, max: null });
  });
});

describe("permutation test of the median", () => {
  it("BTC after ^RUT breakouts as of 2026-08-21: 90d -24% (n=5, p about 0.14), 365d +161% (n=4, p about 0.21)", () => {
    // Expected p: the same test in Python (random.sample, 200,000 draws, seed 1): 0.13555 and 0.21328; ours uses
    // 10,000 draws (standard error about 0.004), so within 0.015.
    const record = recordReport(rut, AS_OF);
    const { summary } = analogsFor(record.events, [btc], AS_OF, rut.bars);
    const s = summary.BTC;
    expect(s?.d90.n).toBe(5);
    expect(s?.d90.median).toBeCloseTo(-24.21017321297878, 9);
    expect(s?.d90.pValue).toBeCloseTo(0.13555, 1);
    expect(Math.abs((s?.d90.pValue ?? 9) - 0.13555)).toBeLessThan(0.015);
    expect(s?.d365.n).toBe(4);
    expect(s?.d365.median).toBeCloseTo(161.16720068510077, 9);
    expect(Math.abs((s?.d365.pValue ?? 9) - 0.21328)).toBeLessThan(0.015);
    // The same question gives the same answer.
    expect(analogsFor(record.events, [btc], AS_OF, rut.bars).summary.BTC?.d365.pValue).toBe(s?.d365.pValue);
  });

  it("n = 0 or 1 is not tested, never NaN", () => {
    const population = Array.from({ length: 100 }, (_, i) => i - 50);
    expect(permutationPValue([], population)).toBeNull();
    expect(permutationPValue([3], population)).toBeNull();
    expect(testedSummary([3], population)).toMatchObject({ n: 1, median: 3, pValue: null });
    expect(testedSummary([], [])).toMatchObject({
      n: 0,
      median: null,
      pValue: null,
      baseline: { n: 0, median: null },
    });
  });

  // Simulations where the truth is known. The population: BTC's real 90-day returns (fat-tailed, overlapping).
  const population = valuesOf(baselineRows(btc.bars, sessions, AS_OF), "d90");
  const random = seededRandom(7);
  const drawFrom = (values: readonly number[], n: number, shift = 0) =>
    Array.from({ length: n }, () => (values[Math.floor(random() * values.length)] as number) + shift);

  it("events that are any sessions are called different about 5% of the time", () => {
    let rejected = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const p = permutationPValue(drawFrom(population, 5), population, 1000, t + 1);
      if (p !== null && p < 0.05) rejected++;
    }
    // Binomial(400, 0.05): mean 20, 99.9% of runs within 7..36.
    expect(rejected).toBeGreaterThanOrEqual(7);
    expect(rejected).toBeLessThanOrEqual(36);
  });

  it("events 60 points above any session are found in most runs", () => {
    let found = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const p = permutationPValue(drawFrom(population, 9, 60), population, 1000, t + 1);
      if (p !== null && p < 0.05) found++;
    }
    expect(found / trials).toBeGreaterThan(0.8);
  });
});
