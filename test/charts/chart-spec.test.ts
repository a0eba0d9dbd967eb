import { describe, expect, it } from "vitest";
import { seasonIndexAt, seasonIndexHistory } from "../../src/core/altcoins/season-index.ts";
import { findBreakoutEvents } from "../../src/core/analytics/breakouts.ts";
import {
  breakoutLevel,
  buildAltseasonChart,
  buildRussellChart,
  type ChartPoint,
  type ChartSpec,
  DEFAULT_MAX_POINTS,
  downsamplePoints,
} from "../../src/core/answers/chart-spec.ts";
import { loadSeasonInputs } from "../../src/core/answers/market-views.ts";
import type { Bar } from "../../src/core/base/series.ts";
import { snapshot } from "../support/markets.ts";
import { altseasonInput, russellInput } from "./chart-inputs.ts";

function lastY(spec: ChartSpec, panel: number, series: number): ChartPoint | undefined {
  return spec.panels[panel]?.series[series]?.points.at(-1);
}

function allXs(spec: ChartSpec): Array<string | number> {
  return [
    ...spec.panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => pt.x))),
    ...(spec.events?.markers.map((m) => m.x) ?? []),
  ];
}

describe("buildRussellChart on the real history (RUT vs BTC, 10 years to 2026-08-21)", () => {
  it("rebases both series to 100 on the first common date", async () => {
    const spec = buildRussellChart(await russellInput("rut", "btc", "2026-08-21", 10));
    expect(spec.xAxis).toEqual({ kind: "date", from: "2016-08-22", to: "2026-08-21" });
    const [rut, btc] = spec.panels[0]?.series ?? [];
    expect(rut?.points[0]).toEqual({ x: "2016-08-22", y: 100 });
    expect(btc?.points[0]).toEqual({ x: "2016-08-22", y: 100 });
    // Hand calculation from data/snapshot: RUT 3017.87 (2026-08-21) / 1239.74 (2016-08-22) * 100 = 243.43;
    // BTC 73032.76 (2026-08-20, its last close) / 586.75 (2016-08-22) * 100 = 12447.0.
    expect(lastY(spec, 0, 0)).toEqual({ x: "2026-08-21", y: expect.closeTo(243.428, 2) });
    expect(lastY(spec, 0, 1)).toEqual({ x: "2026-08-20", y: expect.closeTo(12447.0, 0) });
    // The level that holds on 2026-08-21: the 2025-09-18 breakout is 230 sessions old, so it is the record as it
    // stands, 3,068.42 of 2026-08-14, still to be broken; 3068.42 / 1239.74 * 100.
    const level = spec.panels[0]?.referenceLines[0];
    expect(level?.y).toBeCloseTo(247.505, 2);
    expect(level?.label).toBe("3,068.42");
    expect(level?.legend).toBe("RUT record close 3,068.42 (2026-08-14), not yet broken");
    expect(spec.panels[0]?.yAxis.scale).toBe("log");
    expect(spec.title).toContain("as of 2026-08-21");
    expect(spec.footer[0]).toContain("Yahoo Finance ^RUT");
  });

  it("marks every breakout in the range and keeps its date through downsampling", async () => {
    const spec = buildRussellChart(await russellInput("rut", "btc", "2026-08-21", 10));
    const dates = spec.events?.markers.map((m) => m.x);
    expect(dates).toEqual(["2016-11-14", "2020-11-13", "2021-11-02", "2025-09-18"]);
    for (const series of spec.panels.flatMap((p) => p.series)) {
      expect(series.points.length).toBeLessThanOrEqual(DEFAULT_MAX_POINTS);
      const xs = new Set(series.points.map((p) => p.x));
      for (const date of dates ?? []) expect(xs.has(date)).toBe(true);
    }
  });

  it("plots the 90-session correlation from the first day, using returns from before the range", async () => {
    const spec = buildRussellChart(await russellInput("rut", "btc", "2026-08-21", 10));
    const correlation = spec.panels[1]?.series[0]?.points ?? [];
    // The first point is the chart's first session; its window is the 90 sessions up to it.
    expect(correlation[0]?.x).toBe("2016-08-22");
    expect(correlation.every((p) => p.y !== null && p.y >= -1 && p.y <= 1)).toBe(true);
    expect(spec.panels[1]?.yAxis).toMatchObject({ min: -1, max: 1 });
  });

  it("reads nothing after the as-of date: later bars and events change nothing", async () => {
    const input = await russellInput("rut", "btc", "2020-11-20", 5);
    const cut = (bars: readonly Bar[]) => bars.filter((b) => b.date <= "2020-11-20");
    const spec = buildRussellChart(input);
    const seenOnlyUntilAsOf = buildRussellChart({
      ...input,
      index: { ...input.index, bars: cut(input.index.bars) },
      asset: { ...input.asset, bars: cut(input.asset.bars) },
      events: input.events.filter((e) => e.date <= "2020-11-20"),
    });
    expect(spec).toEqual(seenOnlyUntilAsOf);
    expect(allXs(spec).every((x) => String(x) <= "2020-11-20")).toBe(true);
    // Even when handed the events of the full history, the chart shows only those up to the as-of date.
    const full = await snapshot.getSeries("RUT");
    const withFutureEvents = buildRussellChart({ ...input, events: findBreakoutEvents(full.bars) });
    expect(withFutureEvents).toEqual(spec);
  });

  it("says when the comparison series ends before the as-of date", async () => {
    const spec = buildRussellChart(await russellInput("iwm", "others", "2026-08-20", 5));
    // TOTAL3's last weekly value in the snapshot is 2026-04-19 (TradingView's export ends 2026-04-18).
    expect(spec.panels[0]?.series[1]?.label).toBe("TOTAL3 (weekly, CoinMarketCap) (data to 2026-04-19)");
  });
});

describe("buildAltseasonChart on the real history (5 years to 2025-09-29)", () => {
  it("puts weekly TOTAL3 against IWM with its own breakout level and the season index with 25 / 75 lines", async () => {
    const spec = buildAltseasonChart(await altseasonInput("2025-09-29", 5));
    const [total3, iwm] = spec.panels[0]?.series ?? [];
    // Weekly: the first Sunday on or after 2020-09-29 is the base; IWM is rebased on its close of the Friday before.
    expect(total3?.points[0]).toEqual({ x: "2020-10-04", y: 100 });
    expect(total3?.points[1]?.x).toBe("2020-10-11");
    expect(iwm?.points[0]?.x).toBe("2020-10-05");
    expect(spec.subtitle).toBe(
      "Daily closes and TOTAL3's weekly values 2020-10-04 to 2025-09-29, both rebased to 100 on 2020-10-04, log scale",
    );
    // TOTAL3's 2024-12-08 record (CoinMarketCap: $1.192T) was broken on 2025-09-14, written in dollars.
    expect(spec.panels[0]?.referenceLines[0]?.legend).toBe(
      "TOTAL3 breakout level: old record $1.19T (2024-12-08), broken 2025-09-14",
    );
    expect(spec.panels[1]?.referenceLines.map((l) => l.y)).toEqual([75, 25]);
    const season = spec.panels[1]?.series[0]?.points ?? [];
    expect(season.length).toBeGreaterThan(200);
    expect(season.every((p) => p.y !== null && p.y >= 0 && p.y <= 100)).toBe(true);
    expect(allXs(spec).every((x) => String(x) <= "2025-09-29")).toBe(true);
  });
});

describe("seasonIndexHistory", () => {
  it("equals seasonIndexAt on each date it has, and leaves out dates without an index", async () => {
    const btc = await snapshot.getSeries("BTC");
    const { inputs } = await loadSeasonInputs(snapshot, btc);
    const history = seasonIndexHistory(inputs, "2025-09-14", "2025-11-09", 7);
    // 2025-11-02 and 2025-11-09: the October snapshot is over a month old and only ETH has closes: no index.
    expect(history.map((p) => p.date)).toEqual([
      "2025-09-14",
      "2025-09-21",
      "2025-09-28",
      "2025-10-05",
      "2025-10-12",
      "2025-10-19",
      "2025-10-26",
    ]);
    for (const point of history) expect(point.value).toBe(seasonIndexAt(inputs, point.date).value);
    // test/core/season-index.test.ts: 31 of 50 beat BTC from 2025-07-01 to 2025-10-01.
    expect(history.at(-1)?.value).toBe(62);
  });
});

describe("breakoutLevel", () => {
  const bars: Bar[] = [
    { date: "2024-01-01", close: 10 },
    { date: "2024-01-02", close: 12 },
    { date: "2024-01-03", close: 11 },
    { date: "2024-01-04", close: 13 },
  ];
  it("is the old record of the latest breakout on or before the as-of date", () => {
    const events = findBreakoutEvents(bars, { minSessionsSincePriorHigh: 2 });
    expect(breakoutLevel(bars, events, "2024-01-04")).toEqual({
      kind: "breakout",
      close: 12,
      date: "2024-01-02",
      brokenOn: "2024-01-04",
    });
  });
  it("at a past date, is the record that held then once the breakout is no longer recent (63 sessions)", async () => {
    // ^RUT as of 2024-06-01: its last breakout (2021-11-02, over the 2021-03-15 record 2,360.17) is 2.5 years old;
    // the record that held was 2,442.74 (2021-11-08), and that is the level to draw.
    const rut = await snapshot.getSeries("RUT");
    const events = findBreakoutEvents(rut.bars.filter((b) => b.date <= "2024-06-01"));
    expect(events.at(-1)?.priorHigh).toBe(2360.17);
    expect(breakoutLevel(rut.bars, events, "2024-06-01")).toEqual({
      kind: "record",
      close: 2442.74,
      date: "2021-11-08",
      brokenOn: null,
    });
    // 63 sessions after the 2021-11-02 event it is still that breakout's level; 64 sessions after, the record.
    const sessions = rut.bars.filter((b) => b.date >= "2021-11-02").map((b) => b.date);
    expect(breakoutLevel(rut.bars, events, sessions[63] as string).kind).toBe("breakout");
    expect(breakoutLevel(rut.bars, events, sessions[64] as string).kind).toBe("record");
  });
  it("is the record still to be broken when no breakout happened yet", () => {
    expect(breakoutLevel(bars, [], "2024-01-03")).toEqual({
      kind: "record",
      close: 12,
      date: "2024-01-02",
      brokenOn: null,
    });
  });
});

describe("downsamplePoints", () => {
  // A deterministic zig-zag with one spike, long enough to need thinning.
  const points: ChartPoint[] = Array.from({ length: 3650 }, (_, i) => ({
    x: i,
    y: i === 1234 ? 999 : i === 2345 ? -999 : Math.sin(i / 17) * 10 + (i % 7),
  }));

  it("keeps at most maxPoints, the first and last points, the extremes and the kept xs, in order", () => {
    const out = downsamplePoints(points, 600, new Set([777, 3001]));
    expect(out.length).toBeLessThanOrEqual(600);
    expect(out.length).toBeGreaterThan(550);
    expect(out[0]).toBe(points[0]);
    expect(out.at(-1)).toBe(points.at(-1));
    const xs = out.map((p) => p.x as number);
    for (const x of [777, 3001, 1234, 2345]) expect(xs).toContain(x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it("is deterministic and leaves short series alone", () => {
    expect(downsamplePoints(points, 600)).toEqual(downsamplePoints(points, 600));
    expect(downsamplePoints(points.slice(0, 100), 600)).toEqual(points.slice(0, 100));
  });

  it("keeps gaps as gaps", () => {
    const gappy = points.map((p, i) => (i >= 1000 && i < 1100 ? { x: p.x, y: null } : p));
    const out = downsamplePoints(gappy, 600);
    expect(out.some((p) => p.x === 1000 && p.y === null)).toBe(true);
  });
});
