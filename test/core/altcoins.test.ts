import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseSeries,
  extend,
  levelCheck,
  MAX_RATIO_SPREAD,
  othersFromRanking,
  sundayPoints,
} from "../../src/core/altcoins/market-cap.ts";
import { seededRandom } from "../../src/core/analytics/baseline.ts";
import { findBreakoutEvents } from "../../src/core/analytics/breakouts.ts";
import { analogsFor } from "../../src/core/analytics/russell.ts";
import { TOTAL3 } from "../../src/core/answers/catalog.ts";
import { loadTotal3 } from "../../src/core/answers/market-views.ts";
import { addDays } from "../../src/core/base/dates.ts";
import type { Bar } from "../../src/core/base/series.ts";
import { snapshot } from "../support/markets.ts";

/** The CoinMarketCap breakdown as published (test/fixtures), and TOTAL3 computed from it by hand. */
function handTotal3(): Map<string, number> {
  const text = readFileSync(join(import.meta.dirname, "../fixtures/cmc-weekly-breakdown.csv"), "utf8");
  const out = new Map<string, number>();
  for (const line of text.trim().split("\n").slice(1)) {
    const [date, total, btc, eth] = line.split(",");
    out.set(date as string, Number(total) - Number(btc) - Number(eth));
  }
  return out;
}

describe("TOTAL3 from market caps", () => {
  it("equals total minus BTC minus ETH of the CoinMarketCap file on every one of its Sundays", async () => {
    const total3 = await loadTotal3(snapshot);
    const hand = handTotal3();
    const shown = new Map(total3.bars.map((b) => [b.date, b.close]));
    expect(hand.size).toBe(606);
    for (const [date, value] of hand) {
      // The published total is the sum of rounded buckets: a dollar or two apart at most.
      expect(Math.abs((shown.get(date) as number) - value)).toBeLessThanOrEqual(2);
    }
    expect(total3.id).toBe(TOTAL3.id);
    expect(total3.frequency).toBe("weekly");
    expect(total3.source.segments?.map((s) => [s.provider, s.from, s.to])).toEqual([
      ["CoinMarketCap market-cap breakdown, weekly", "2013-05-05", "2024-12-08"],
      ["TradingView CRYPTOCAP TOTAL3", "2024-12-15", "2026-04-19"],
    ]);
  });

  it("extends past 2024-12-08 with TradingView's Saturday closes, rescaled by the median ratio of the last 52 common weeks", async () => {
    const total3 = await loadTotal3(snapshot);
    const tv = await snapshot.getSeries("TOTAL3_TV");
    const cmc = handTotal3();
    // By hand: TradingView's close of Saturday D-1 against CoinMarketCap's Sunday D (PROVENANCE's alignment).
    const ratios: number[] = [];
    for (const bar of tv.bars) {
      const sunday = addDays(bar.date, 1);
      const c = cmc.get(sunday);
      if (c !== undefined && new Date(`${bar.date}T00:00:00Z`).getUTCDay() === 6) ratios.push(bar.close / c);
    }
    const last52 = ratios.slice(-52).sort((a, b) => a - b);
    const median = ((last52[25] as number) + (last52[26] as number)) / 2;
    const tvOf = new Map(tv.bars.map((b) => [addDays(b.date, 1), b.close]));
    const after = total3.bars.filter((b) => b.date > "2024-12-08");
    expect(after.length).toBe(71);
    for (const bar of after)
      expect(Math.abs(bar.close / ((tvOf.get(bar.date) as number) / median) - 1)).toBeLessThan(1e-9);
    // TradingView's universe is narrower: its TOTAL3 is below CoinMarketCap's, so the factor is above 1.
    expect(total3.source.segments?.[1]?.scale).toBeCloseTo(1 / median, 4);
    expect(1 / median).toBeGreaterThan(1.03);
    expect(1 / median).toBeLessThan(1.12);
  });

  it("after the 2020-11-13 ^RUT breakout: the same 365-day change as the CoinMarketCap file by hand", async () => {
    const rut = await snapshot.getSeries("RUT");
    const total3 = await loadTotal3(snapshot);
    const events = findBreakoutEvents(rut.bars).filter((e) => e.date === "2020-11-13");
    const { analogs } = analogsFor(events, [total3], "2026-08-21", rut.bars);
    const hand = handTotal3();
    // Weekly: the first Sunday on or after the event (2020-11-15) to the last Sunday on or before 365 days later
    // (2021-11-14). The daily TradingView TOTAL3 over the exact dates gives a few points more; the weekly dates
    // and the universe explain the difference.
    const expected = ((hand.get("2021-11-14") as number) / (hand.get("2020-11-15") as number) - 1) * 100;
    expect(analogs[0]?.forward.TOTAL3?.d365).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(856.55, 2);
  });

  it("its baseline is every week of the series, so n counts weeks", async () => {
    const rut = await snapshot.getSeries("RUT");
    const total3 = await loadTotal3(snapshot);
    const events = findBreakoutEvents(rut.bars);
    const { summary } = analogsFor(events, [total3], "2026-08-21", rut.bars);
    // Weeks from 2013-05-05 whose 365-day horizon ended by 2026-04-19 (the last point): 2013-05-05 to 2025-04-13.
    const weeksWithHorizon = total3.bars.filter((b) => addDays(b.date, 365) <= "2026-04-19").length;
    expect(summary.TOTAL3?.d365.baseline.n).toBe(weeksWithHorizon);
  });
});

describe("joining a market-cap series to another", () => {
  const weekly = (from: string, values: number[]): Bar[] =>
    values.map((close, i) => ({ date: addDays(from, 7 * i), close }));
  const daily = (from: string, values: number[]): Bar[] =>
    values.map((close, i) => ({ date: addDays(from, i), close }));

  it("rescales an extension whose level differs by a constant factor, and says by how much", () => {
    const random = seededRandom(7);
    const truth = Array.from({ length: 120 }, (_, i) => 100 * Math.exp(0.01 * i + 0.05 * (random() - 0.5)));
    const base = baseSeries(weekly("2020-01-05", truth.slice(0, 80)), "A", "A");
    // The extension measures a narrower universe: 0.9 of the base's level, reported on Saturdays (Sunday - 1).
    const ext = weekly(
      "2020-01-04",
      truth.map((v) => v * 0.9),
    );
    const joined = extend(
      base,
      { bars: ext, provider: "B", frequency: "weekly", freshness: "snapshot" },
      "B",
    );
    expect(joined.bars.length).toBe(80);
    // Its Saturday dates never meet the base's Sundays: not joined, and the note says why.
    expect(joined.notes[0]).toMatch(/B not joined: no common week/);
    const sameDays = weekly(
      "2020-01-05",
      truth.map((v) => v * 0.9),
    );
    const ok = extend(
      base,
      { bars: sameDays, provider: "B", frequency: "weekly", freshness: "snapshot" },
      "B",
    );
    expect(ok.bars.length).toBe(120);
    for (const [i, b] of ok.bars.entries()) expect(b.close).toBeCloseTo(truth[i] as number, 9);
    expect(ok.segments[1]?.scale).toBeCloseTo(1 / 0.9, 4);
  });

  it("does not join an extension whose ratio drifts (not a constant factor)", () => {
    const base = baseSeries(weekly("2020-01-05", Array(60).fill(100)), "A", "A");
    const drifting = weekly(
      "2020-01-05",
      Array.from({ length: 80 }, (_, i) => 100 * (0.7 + i * 0.01)),
    );
    const joined = extend(
      base,
      { bars: drifting, provider: "B", frequency: "weekly", freshness: "live" },
      "B",
    );
    expect(joined.bars.length).toBe(60);
    expect(joined.notes.at(-1)).toMatch(/not a constant factor/);
    const check = levelCheck(base.bars, drifting);
    expect(check?.spread).toBeGreaterThan(MAX_RATIO_SPREAD);
  });

  it("skips zero, negative and missing values and never fills a gap", () => {
    const base = baseSeries(weekly("2020-01-05", [100, 0, 102, Number.NaN, 104, -1]), "A", "A");
    expect(base.bars.map((b) => b.close)).toEqual([100, 102, 104]);
    expect(base.notes[0]).toMatch(/3 A values that were not positive were skipped/);
    // A daily extension read on Sundays: only weeks with a Saturday close get a point.
    const days = daily(
      "2020-01-04",
      Array.from({ length: 21 }, () => 50),
    ).filter((b) => b.date !== "2020-01-11");
    expect(sundayPoints(days).map((b) => b.date)).toEqual(["2020-01-05", "2020-01-19"]);
  });

  it("OTHERS in TradingView's sense sums ranks 11 to 125 of a CoinMarketCap snapshot, and refuses a partial sum", async () => {
    const rankings = await snapshot.getRankings();
    const october = rankings.find((r) => r.date === "2025-10-01");
    const hand = october?.entries
      .filter((e) => e.rank >= 11 && e.rank <= 125)
      .reduce((s, e) => s + (e.marketCapUsd ?? 0), 0);
    expect(october && othersFromRanking(october)).toBe(hand);
    const list = rankings.find((r) => r.source === "list");
    expect(list && othersFromRanking(list)).toBeNull();
    if (october) {
      const gap = {
        ...october,
        entries: october.entries.map((e) => (e.rank === 50 ? { ...e, marketCapUsd: null } : e)),
      };
      expect(othersFromRanking(gap)).toBeNull();
    }
  });
});
