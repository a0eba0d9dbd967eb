// The /liquidity chart: net liquidity in trillions of dollars (weekly, as published by the as-of date), BTC and
// the Russell 2000 rebased to 100 over the same range, and the 13-week change with the regime's zones shaded
// (above +1% expanding, below -1% contracting).

import type { IsoDate } from "../base/dates.ts";
import { type Bar, barsFrom, barsUntil } from "../base/series.ts";
import { type NetLiquidityNow, REGIME_THRESHOLD_PCT, weekKnownFrom } from "../liquidity/net-liquidity.ts";
import {
  type ChartPanel,
  type ChartPoint,
  type ChartSpec,
  DEFAULT_MAX_POINTS,
  downsamplePoints,
} from "./chart-spec.ts";
import type { Locale } from "./locale.ts";

export interface LiquidityChartInput {
  readonly weeks: readonly NetLiquidityNow[];
  /** Rebased beside it: BTC and the Russell 2000 (either may be missing). */
  readonly assets: ReadonlyArray<{ readonly label: string; readonly bars: readonly Bar[] }>;
  readonly from: IsoDate;
  readonly asOf: IsoDate;
  readonly sources: readonly string[];
  readonly locale: Locale;
}

const NONE = new Set<IsoDate>();
const line = (
  label: string,
  colour: "blue" | "orange" | "purple" | "green",
  points: ChartPoint[],
  inLegend = true,
) => ({
  label,
  colour,
  points: downsamplePoints(points, DEFAULT_MAX_POINTS, NONE),
  style: "solid" as const,
  inLegend,
});

function rebased(bars: readonly Bar[], from: IsoDate, asOf: IsoDate): ChartPoint[] {
  const shown = barsFrom(barsUntil(bars, asOf), from);
  const base = shown[0]?.close;
  return base ? shown.map((b) => ({ x: b.date, y: (b.close / base) * 100 })) : [];
}

function changePanel(published: readonly NetLiquidityNow[], l: Locale): ChartPanel {
  const points = published.map((w) => ({ x: w.week.date, y: w.change13wPct }));
  const values = points.map((p) => p.y).filter((y): y is number => y !== null);
  const top = Math.max(REGIME_THRESHOLD_PCT * 2, ...values);
  const bottom = Math.min(-REGIME_THRESHOLD_PCT * 2, ...values);
  return {
    title: l.t("liquidity.chart.change", { threshold: REGIME_THRESHOLD_PCT }),
    weight: 1.3,
    yAxis: { scale: "linear", label: "%" },
    series: [line(l.t("liquidity.chart.changeSeries"), "green", points, false)],
    referenceLines: [{ y: 0, label: "", legend: null, colour: "neutral", style: "solid" }],
    bands: [
      { from: REGIME_THRESHOLD_PCT, to: top, colour: "green" },
      { from: bottom, to: -REGIME_THRESHOLD_PCT, colour: "vermillion" },
    ],
  };
}

export function buildLiquidityChart(input: LiquidityChartInput): ChartSpec {
  const { from, asOf, locale: l } = input;
  const published = input.weeks.filter((w) => w.week.date >= from && weekKnownFrom(w.week) <= asOf);
  const net = published.map((w) => ({ x: w.week.date, y: w.week.usd / 1e12 }));
  const colours = ["orange", "purple"] as const;
  return {
    kind: "liquidity",
    title: l.t("liquidity.chart.title", { date: l.date(asOf) }),
    subtitle: l.t("liquidity.chart.subtitle", { from: l.date(from), date: l.date(asOf) }),
    footer: [l.t("liquidity.chart.sources", { list: input.sources.join("; ") })],
    language: l.language,
    asOf,
    xAxis: { kind: "date", from, to: asOf },
    panels: [
      {
        title: "",
        weight: 2,
        yAxis: { scale: "linear", label: l.t("liquidity.chart.trillions") },
        series: [line(l.t("liquidity.chart.net"), "blue", net)],
        referenceLines: [],
        bands: [],
      },
      {
        title: l.t("liquidity.chart.rebased"),
        weight: 1.6,
        yAxis: { scale: "log", label: l.t("liquidity.chart.rebasedAxis") },
        series: input.assets.map((a, i) =>
          line(a.label, colours[i % 2] ?? "orange", rebased(a.bars, from, asOf)),
        ),
        referenceLines: [{ y: 100, label: "", legend: null, colour: "neutral", style: "dashed" }],
        bands: [],
      },
      changePanel(published, l),
    ],
    events: null,
  };
}
