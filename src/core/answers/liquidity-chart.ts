// The /liquidity chart: net liquidity in trillions of dollars (weekly, as published by the as-of date), BTC and
// the Russell 2000 rebased to 100 over the same range, and the 13-week change with its +-1% lines; the regime's
// periods (above +1% expanding, below -1% contracting) shaded through every panel.

import type { IsoDate } from "../base/dates.ts";
import { type Bar, barsFrom, barsUntil } from "../base/series.ts";
import { type NetLiquidityNow, REGIME_THRESHOLD_PCT, weekKnownFrom } from "../liquidity/net-liquidity.ts";
import {
  type ChartPanel,
  type ChartPoint,
  type ChartSpec,
  DEFAULT_MAX_POINTS,
  downsamplePoints,
  type ShadedPeriod,
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
  return {
    title: l.t("liquidity.chart.change", { threshold: REGIME_THRESHOLD_PCT }),
    weight: 1.3,
    yAxis: { scale: "linear", label: "%" },
    series: [line(l.t("liquidity.chart.changeSeries"), "green", points, false)],
    referenceLines: [
      { y: 0, label: "", legend: null, colour: "neutral", style: "solid" },
      {
        y: REGIME_THRESHOLD_PCT,
        label: l.pct(REGIME_THRESHOLD_PCT, 0),
        legend: null,
        colour: "green",
        style: "dashed",
      },
      {
        y: -REGIME_THRESHOLD_PCT,
        label: l.pct(-REGIME_THRESHOLD_PCT, 0),
        legend: null,
        colour: "vermillion",
        style: "dashed",
      },
    ],
    bands: [],
  };
}

/**
 * The weeks of each regime as stretches of time: from the Wednesday of a run's first week to the Wednesday after
 * its last (the as-of date for the run still going). Flat weeks are left unshaded.
 */
export function regimePeriods(
  published: readonly NetLiquidityNow[],
  asOf: IsoDate,
): Record<"expanding" | "contracting", ShadedPeriod[]> {
  const out: Record<"expanding" | "contracting", ShadedPeriod[]> = { expanding: [], contracting: [] };
  let run: { regime: "expanding" | "contracting"; from: IsoDate } | null = null;
  const close = (to: IsoDate) => {
    if (run) out[run.regime].push({ from: run.from, to, colour: REGIME_COLOURS[run.regime] });
    run = null;
  };
  for (const w of published) {
    const regime = w.regime === "expanding" || w.regime === "contracting" ? w.regime : null;
    if (run && run.regime !== regime) close(w.week.date);
    if (regime && !run) run = { regime, from: w.week.date };
  }
  close(asOf);
  return out;
}

const REGIME_COLOURS = { expanding: "green", contracting: "vermillion" } as const;

export function buildLiquidityChart(input: LiquidityChartInput): ChartSpec {
  const { from, asOf, locale: l } = input;
  const published = input.weeks.filter((w) => w.week.date >= from && weekKnownFrom(w.week) <= asOf);
  const net = published.map((w) => ({ x: w.week.date, y: w.week.usd / 1e12 }));
  const colours = ["orange", "purple"] as const;
  const periods = regimePeriods(published, asOf);
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
    // The regimes through every panel: what net liquidity, BTC and the Russell did in each.
    periods: (["expanding", "contracting"] as const).map((regime) => ({
      label: l.t(`liquidity.chart.${regime}`, { threshold: REGIME_THRESHOLD_PCT }),
      colour: REGIME_COLOURS[regime],
      periods: periods[regime],
    })),
  };
}
