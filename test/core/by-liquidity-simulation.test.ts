// /russell's conditioning on liquidity (core/analytics/by-liquidity.ts) on simulated markets where the truth is
// known. The asset: daily closes with fat tails (Student-t, 3 degrees of freedom) and volatility clustering
// (GARCH(1,1)), drifting up only while liquidity expands; measured 90 days after each breakout; the regimes: blocks of weeks, as published (each week
// known from its Friday). So every session in an expanding regime does better, and a breakout that does better
// only because it fell in such a regime is no signal: measured against its own regime's sessions it must be called
// different about 5% of the time, where a comparison with all sessions would call it different most of the time.
// And events that truly do better than their regime's sessions are found.
import { describe, expect, it } from "vitest";
import {
  baselineRows,
  permutationPValue,
  seededRandom,
  valuesOf,
} from "../../src/core/analytics/baseline.ts";
import { analogsByLiquidity } from "../../src/core/analytics/by-liquidity.ts";
import type { Analog } from "../../src/core/analytics/russell.ts";
import { addDays, type IsoDate } from "../../src/core/base/dates.ts";
import type { Bar } from "../../src/core/base/series.ts";
import {
  type LiquidityRegime,
  type NetLiquidityNow,
  weekKnownFrom,
} from "../../src/core/liquidity/net-liquidity.ts";
import type { SeriesData } from "../../src/core/ports.ts";

const AS_OF = "2019-12-31";
/** About 2% a session (BTC's is 3-4%), clustered. */
const VOL = 0.02;
const sessions: IsoDate[] = [];
for (let d = "2010-01-04"; d <= AS_OF; d = addDays(d, 1)) {
  const day = new Date(`${d}T12:00:00Z`).getUTCDay();
  if (day !== 0 && day !== 6) sessions.push(d);
}

/** Wednesdays from 2009-12-30, regimes in blocks of 20 weeks: expanding, flat, contracting, in turn. */
const CYCLE: readonly LiquidityRegime[] = ["expanding", "flat", "contracting"];
const weeks: NetLiquidityNow[] = [];
for (let i = 0, d = "2009-12-30"; d <= AS_OF; i++, d = addDays(d, 7)) {
  const regime = CYCLE[Math.floor(i / 20) % 3] as LiquidityRegime;
  const dated = { date: d, usd: 1e12 };
  weeks.push({
    week: { date: d, usd: 4e12, walcl: dated, tga: dated, rrp: dated },
    change4wPct: null,
    change13wPct: regime === "expanding" ? 2 : regime === "contracting" ? -2 : 0,
    regime,
  });
}

/** The regime known at each session: the last week published by then. */
const regimeAt = (date: IsoDate): LiquidityRegime | null =>
  weeks.filter((w) => weekKnownFrom(w.week) <= date).at(-1)?.regime ?? null;
const regimes = sessions.map(regimeAt);

/** Student-t(3) innovation, scaled to unit variance. */
function studentT3(random: () => number): number {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const z = normal();
  const chi = normal() ** 2 + normal() ** 2 + normal() ** 2;
  return z / Math.sqrt(chi / 3) / Math.sqrt(3);
}

/** GARCH(1,1) daily log returns with t(3) shocks and a drift of `drift` per session in expanding regimes. */
function simulatedAsset(seed: number, drift: number): SeriesData {
  const random = seededRandom(seed);
  let variance = VOL ** 2;
  let shock = 0;
  let close = 100;
  const bars: Bar[] = sessions.map((date, i) => {
    variance = VOL ** 2 * 0.05 + 0.1 * shock ** 2 + 0.85 * variance;
    shock = Math.sqrt(variance) * studentT3(random);
    close *= Math.exp(shock + (regimes[i] === "expanding" ? drift : 0));
    return { date, close };
  });
  return {
    id: `SIM${seed}`,
    bars,
    source: { series: `SIM${seed}`, provider: "simulation", lastDate: AS_OF, freshness: "file" },
  } as SeriesData;
}

/** Breakouts at `count` random expanding-regime sessions before 2019 (a year after each is in the data). */
function eventsIn(
  asset: SeriesData,
  seed: number,
  count: number,
  extra = 0,
): { analogs: Analog[]; index: Bar[] } {
  const random = seededRandom(seed * 7919);
  const rows = baselineRows(asset.bars, sessions, AS_OF);
  const candidates = sessions
    .map((date, i) => ({ date, i }))
    .filter(({ date, i }) => regimes[i] === "expanding" && date < "2018-12-01" && rows[i]?.d90 !== null);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(random() * candidates.length));
  const analogs = [...picked]
    .map((k) => candidates[k] as { date: IsoDate; i: number })
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map(({ date, i }) => {
      const row = rows[i];
      const d90 = row?.d90 === null || row?.d90 === undefined ? null : row.d90 + extra;
      return {
        eventDate: date,
        forward: { [asset.id]: { ...row, d90 } },
        fromRetest: null,
      } as unknown as Analog;
    });
  return { analogs, index: sessions.map((date) => ({ date, close: 1 })) };
}

/** Log drift per session while liquidity expands: +1% (the null case, a strong regime effect), +0.4% (power). */
const STRONG_DRIFT = 0.01;
const DRIFT = 0.004;
const EVENTS = 9;
/** What the true signal adds to each breakout's 90-day return, in percentage points. */
const EXTRA = 30;

describe("liquidity conditioning on simulated markets (the truth known)", () => {
  const trials = 60;

  it("a breakout that does better only because liquidity expanded is called different ~5% of the time, not most", () => {
    let conditioned = 0;
    let againstAll = 0;
    for (let t = 0; t < trials; t++) {
      const asset = simulatedAsset(100 + t, STRONG_DRIFT);
      const { analogs, index } = eventsIn(asset, t + 1, EVENTS);
      const cell = analogsByLiquidity(analogs, [asset], index, AS_OF, weeks).expanding[asset.id]?.d90;
      if (cell?.pValue !== null && cell?.pValue !== undefined && cell.pValue < 0.05) conditioned++;
      // The naive comparison: the same events against every session's 365 days, whatever the regime.
      const all = valuesOf(baselineRows(asset.bars, sessions, AS_OF), "d90");
      const events = analogs.map((a) => a.forward[asset.id]?.d90).filter((v): v is number => v != null);
      const p = permutationPValue(events, all, 2000, t + 1);
      if (p !== null && p < 0.05) againstAll++;
    }
    // Binomial(60, 0.05): mean 3; 0..9 holds in 99.9% of runs.
    expect(conditioned).toBeLessThanOrEqual(9);
    // Against all sessions the regime's own drift is "found" again and again: at least 8 times the nominal 5%.
    expect(againstAll).toBeGreaterThanOrEqual(24);
  });

  it("breakouts that truly beat their regime's sessions are found in most runs", () => {
    let found = 0;
    for (let t = 0; t < trials; t++) {
      const asset = simulatedAsset(500 + t, DRIFT);
      const { analogs, index } = eventsIn(asset, t + 1, EVENTS, EXTRA);
      const cell = analogsByLiquidity(analogs, [asset], index, AS_OF, weeks).expanding[asset.id]?.d90;
      expect(cell?.n).toBe(EVENTS);
      if (cell?.pValue !== null && cell?.pValue !== undefined && cell.pValue < 0.05) found++;
    }
    expect(found / trials).toBeGreaterThan(0.8);
  });
});
