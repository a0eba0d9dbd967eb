// The lead/lag test where the truth is known: independent pairs of returns with GARCH(1,1) volatility clustering
// and Student-t shocks (fat tails), with and without a volatility regime the two markets share, and planted
// leads; then the real history.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/analytics/baseline.ts";
import {
  fridayWeek,
  LEAD_LAG_FREQUENCIES,
  leadLagReport,
  normalCdf,
  periodCloses,
  robustLagZ,
  testLeadLag,
} from "../../src/core/analytics/lead-lag.ts";
import { correlationReport } from "../../src/core/analytics/russell.ts";
import { snapshot } from "../support/markets.ts";

/** Standard normal by Box-Muller, Student-t with `df` degrees of freedom scaled to unit variance. */
function shocks(random: () => number, df: number) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return () => {
    let chi = 0;
    for (let i = 0; i < df; i++) chi += normal() ** 2;
    return (normal() / Math.sqrt(chi / df)) * Math.sqrt((df - 2) / df);
  };
}

/**
 * GARCH(1,1): sigma²_t = ω + α·r²_{t-1} + β·sigma²_{t-1}, α 0.1, β 0.85 (persistence 0.95, as equity and crypto
 * returns show), t(4) shocks. `common` shares one volatility path between the two series (a market-wide regime)
 * while their shocks stay independent.
 */
function garchPair(random: () => number, n: number, common: boolean) {
  const shock = shocks(random, 4);
  const path = (driver?: number[]) => {
    const out: number[] = [];
    const variances: number[] = [];
    let variance = 1;
    let last = 0;
    for (let t = 0; t < n + 100; t++) {
      variance = driver ? (driver[t] as number) : 0.05 + 0.1 * last * last + 0.85 * variance;
      last = Math.sqrt(variance) * shock();
      variances.push(variance);
      out.push(last);
    }
    return { returns: out.slice(100), variances };
  };
  const x = path();
  const y = common ? path(x.variances) : path();
  return { x: x.returns, y: y.returns };
}

describe("lead/lag test on simulated markets", () => {
  it("independent GARCH-t pairs: a false lead in about 5% of runs, or fewer (daily, ±10 lags, 250 sessions)", () => {
    const random = seededRandom(11);
    for (const common of [false, true]) {
      let called = 0;
      const runs = 400;
      for (let i = 0; i < runs; i++) {
        const { x, y } = garchPair(random, 250, common);
        if (testLeadLag(x, y, 10).significant) called++;
      }
      // Bonferroni is conservative: at most 5% in expectation. Binomial(400, 0.05) stays under 36 in 99.9% of runs.
      expect(
        called,
        common ? "with a shared volatility regime" : "independent volatility",
      ).toBeLessThanOrEqual(36);
    }
  });

  it("finds a planted lead of 3 sessions at a realistic signal-to-noise in most runs, and names its sign", () => {
    const random = seededRandom(12);
    let found = 0;
    const runs = 200;
    for (let i = 0; i < runs; i++) {
      const { x, y: noise } = garchPair(random, 253, false);
      // y follows x three sessions later with correlation about 0.3 (x's share of y's variance about 9%).
      const y = noise.map((e, t) => (t >= 3 ? 0.3 * (x[t - 3] as number) : 0) + 0.95 * e);
      const test = testLeadLag(x, y, 10);
      if (test.significant && test.bestLag === 3) found++;
    }
    expect(found / runs).toBeGreaterThan(0.75);
  });

  it("finds a planted lead of one week in weekly returns (156 weeks) in most runs", () => {
    const random = seededRandom(13);
    let found = 0;
    const runs = 200;
    for (let i = 0; i < runs; i++) {
      const { x, y: noise } = garchPair(random, 157, false);
      const y = noise.map((e, t) => (t >= 1 ? 0.35 * (x[t - 1] as number) : 0) + 0.94 * e);
      const test = testLeadLag(x, y, 4);
      if (test.significant && test.bestLag === 1) found++;
    }
    expect(found / runs).toBeGreaterThan(0.75);
  });
});

describe("lead/lag building blocks", () => {
  it("the normal CDF matches Python's statistics.NormalDist().cdf", () => {
    // NormalDist().cdf(1.96) = 0.9750021048517795; cdf(-3.02) = 0.0012639437007002...; cdf(0) = 0.5.
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-3.02)).toBeCloseTo(0.00126394, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });

  it("weeks end on Friday, and a period's close is its last session's", () => {
    expect(fridayWeek("2026-11-30")).toBe("2026-12-04"); // a Monday
    expect(fridayWeek("2026-12-04")).toBe("2026-12-04");
    expect(fridayWeek("2026-12-05")).toBe("2026-12-11"); // a Saturday belongs to the next week
    const dates = ["2026-11-30", "2026-12-02", "2026-12-04", "2026-12-07"];
    expect(periodCloses(dates, [1, 2, 3, 4], fridayWeek)).toEqual([3, 4]);
  });

  it("the arithmetic Friday is the calendar's, on every day from 1899 to 2101", () => {
    // Reference: JavaScript's own calendar (a Date per day), as fridayWeek computed it before.
    for (let t = Date.UTC(1899, 0, 1); t <= Date.UTC(2101, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const friday = new Date(t + ((5 - d.getUTCDay() + 7) % 7) * 86_400_000).toISOString().slice(0, 10);
      const date = d.toISOString().slice(0, 10);
      if (fridayWeek(date) !== friday) expect(fridayWeek(date)).toBe(friday);
    }
  });

  it("resampling only the window's last periods gives the full resampling's tests (RUT against BTC)", async () => {
    // Reference: every session resampled, then the window's last returns taken (the report's earlier method).
    const [rut, btc] = await Promise.all([snapshot.getSeries("RUT"), snapshot.getSeries("BTC")]);
    const other = new Map(btc.bars.map((b) => [b.date, b.close]));
    const both = rut.bars.filter((b) => other.has(b.date) && b.date <= "2025-09-18");
    const dates = both.map((b) => b.date);
    const first = both.map((b) => b.close);
    const second = both.map((b) => other.get(b.date) as number);
    const report = leadLagReport(dates, first, second);
    const logs = (xs: number[]) => xs.slice(1).map((x, i) => Math.log(x / (xs[i] as number)));
    const periods = { daily: (d: string) => d, weekly: fridayWeek, monthly: (d: string) => d.slice(0, 7) };
    for (const f of LEAD_LAG_FREQUENCIES) {
      const tail = (xs: number[]) => xs.slice(Math.max(0, xs.length - f.window));
      const a = tail(logs(periodCloses(dates, first, periods[f.name])));
      const b = tail(logs(periodCloses(dates, second, periods[f.name])));
      expect(report[f.name]).toEqual(testLeadLag(a, b, f.maxLag));
      expect(report[f.name].n).toBeGreaterThan(f.window - f.maxLag - 2);
    }
  });

  it("the robust z is the plain correlation's z when volatility is constant, and needs 20 pairs", () => {
    const random = seededRandom(5);
    const shock = shocks(random, 30);
    const x = Array.from({ length: 2000 }, shock);
    const y = x.map((v) => 0.2 * v + shock());
    const z = robustLagZ(x, y, 0).z ?? 0;
    // With constant variance, z ≈ r·√n: r ≈ 0.2/√1.04 ≈ 0.196 → z ≈ 8.8 for n = 2000.
    expect(z).toBeGreaterThan(7.5);
    expect(z).toBeLessThan(10);
    expect(robustLagZ(x.slice(0, 10), y.slice(0, 10), 0).z).toBeNull();
  });
});

const rut = await snapshot.getSeries("RUT");
const btc = await snapshot.getSeries("BTC");

describe("lead/lag on the real history", () => {
  it("the 2020-03-20 'BTC leads by 2 sessions' of the old band does not pass the robust test", () => {
    const report = correlationReport(rut.bars, btc.bars, "2020-03-20").leadLag;
    expect(report.daily.significant).toBe(false);
    expect(report.daily.lagsTested).toBe(20);
  });

  it("as of 2026-08-21: no daily or weekly lead; monthly, ^RUT's month leads BTC's next one with r -0.38", () => {
    // Expected: an independent Python script over data/snapshot/RUT.csv and BTC.csv: month-end closes of the
    // sessions both have, the last 60 monthly log returns, the robust z per lag on demeaned returns
    // (statistics.NormalDist for p): best lag +1, z -3.3868, n 59, family-wise p 0.004243, r -0.37839.
    const report = correlationReport(rut.bars, btc.bars, "2026-08-21").leadLag;
    expect(report.daily.significant).toBe(false);
    expect(report.weekly.significant).toBe(false);
    expect(report.monthly).toMatchObject({ bestLag: 1, n: 59, lagsTested: 6, significant: true });
    expect(report.monthly.pValue).toBeCloseTo(0.004243175689227385, 5);
    expect(report.monthly.rho).toBeCloseTo(-0.3783852709076358, 10);
    expect(report.daily.sameTime.rho).toBeGreaterThan(0.4);
    const direct = leadLagReport(["2026-01-02"], [1], [1]);
    expect(direct.daily.bestLag).toBeNull();
  });
});
