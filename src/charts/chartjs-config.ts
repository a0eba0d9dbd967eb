// Turns a ChartSpec into a chart.js configuration: one chart whose panels are y axes stacked on a shared date
// axis, with the frame text, reference lines, bands and event markers drawn by a small plugin (overlay.ts).
import type { ChartConfiguration, Scale } from "chart.js";
import type { ChartPanel, ChartPoint, ChartSpec, ChartTheme } from "../core/answers/chart-spec.ts";
import { toEpochDay } from "../core/base/dates.ts";
import { type AxisRange, dateTicks, formatTick, linearAxis, logAxis, type Tick } from "./axis-ticks.ts";
import { FONT_FAMILY, layoutFrame, MARGIN, type Measure, TEXT_SIZES } from "./frame-layout.ts";
import { DASHES, overlayPlugin, panelScaleId, toX } from "./overlay.ts";
import { THEMES } from "./theme.ts";

export interface XYPoint {
  readonly x: number;
  readonly y: number | null;
}

export type LineConfiguration = ChartConfiguration<"line", XYPoint[]>;

/** Relative height of the empty band between two panels that holds the lower panel's title. */
const GAP_WEIGHT = 0.3;
const MAX_DATE_TICKS = 11;

export function chartConfiguration(
  spec: ChartSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  measure: Measure,
): LineConfiguration {
  if (spec.panels.length === 0) throw new Error(`chart "${spec.kind}" has no panels`);
  const colours = THEMES[theme];
  const frame = layoutFrame(spec, width, height, measure);
  const xRange =
    spec.xAxis.kind === "date"
      ? { min: toEpochDay(spec.xAxis.from), max: toEpochDay(spec.xAxis.to) }
      : { min: spec.xAxis.min, max: spec.xAxis.max };
  const xTicks: Tick[] =
    spec.xAxis.kind === "date"
      ? dateTicks(xRange.min, xRange.max, MAX_DATE_TICKS, spec.language)
      : linearAxis(xRange.min, xRange.max, 7).ticks.map((value) => ({ value, label: formatTick(value) }));
  const tickFont = { family: FONT_FAMILY, size: TEXT_SIZES.tick };

  const datasets = datasetsOf(spec, colours);
  const scales: Record<string, unknown> = {
    x: xScale(spec, xRange, xTicks, colours, tickFont),
    ...panelScales(spec, colours, tickFont),
  };

  return {
    type: "line",
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      layout: { padding: { top: frame.top, bottom: frame.bottom, left: MARGIN - 8, right: MARGIN } },
      plugins: {
        legend: { display: false },
        title: { display: false },
        subtitle: { display: false },
        tooltip: { enabled: false },
        decimation: { enabled: false },
      },
      scales: scales as NonNullable<LineConfiguration["options"]>["scales"],
    },
    plugins: [overlayPlugin(spec, colours, frame, xTicks)],
  };
}

type Colours = (typeof THEMES)[ChartTheme];
type TickFont = { readonly family: string; readonly size: number };

/** One chart.js line per series of every panel, on that panel's y axis. */
function datasetsOf(spec: ChartSpec, colours: Colours): LineConfiguration["data"]["datasets"] {
  return spec.panels.flatMap((panel, index) =>
    panel.series.map((series) => ({
      label: series.label,
      data: series.points.map((p) => ({ x: toX(p.x), y: p.y })),
      yAxisID: panelScaleId(index),
      borderColor: colours.series[series.colour],
      borderWidth: index === 0 ? 3 : 2.5,
      borderDash: DASHES[series.style],
      borderJoinStyle: "round" as const,
      pointRadius: 0,
      tension: 0,
      spanGaps: false,
      parsing: false as const,
      normalized: true,
    })),
  );
}

/** The shared x axis: our own ticks (dates or numbers), no grid. */
function xScale(
  spec: ChartSpec,
  range: { readonly min: number; readonly max: number },
  xTicks: readonly Tick[],
  colours: Colours,
  tickFont: TickFont,
) {
  const xLabels = new Map(xTicks.map((t) => [t.value, t.label]));
  return {
    type: "linear",
    min: range.min,
    max: range.max,
    afterBuildTicks: (axis: Scale) => {
      axis.ticks = xTicks.map((t) => ({ value: t.value }));
    },
    ticks: {
      callback: (value: number | string) => xLabels.get(Number(value)) ?? "",
      maxRotation: 0,
      autoSkip: true,
      autoSkipPadding: 16,
      color: colours.text,
      font: tickFont,
    },
    grid: { display: false },
    border: { color: colours.axis },
    title: spec.xAxis.kind === "number" ? axisTitle(spec.xAxis.label, colours.mutedText) : { display: false },
  };
}

/** A y axis per panel, stacked by weight with an empty gap axis between panels for the lower titles. */
function panelScales(spec: ChartSpec, colours: Colours, tickFont: TickFont): Record<string, unknown> {
  const scales: Record<string, unknown> = {};
  const stacked = spec.panels.length > 1;
  // chart.js stacks axes bottom-up in the order they are declared, so the last panel comes first.
  for (let index = spec.panels.length - 1; index >= 0; index--) {
    const panel = spec.panels[index] as ChartPanel;
    const range = panelRange(spec, index);
    scales[panelScaleId(index)] = {
      type: panel.yAxis.scale === "log" ? "logarithmic" : "linear",
      position: "left",
      ...(stacked ? { stack: "panels", stackWeight: panel.weight } : {}),
      min: range.min,
      max: range.max,
      afterBuildTicks: (axis: Scale) => {
        axis.ticks = range.ticks.map((value) => ({ value }));
      },
      ticks: {
        callback: (value: number | string) => formatTick(Number(value)),
        autoSkip: false,
        color: colours.text,
        font: tickFont,
        padding: 6,
      },
      grid: { color: colours.grid, lineWidth: 1, drawTicks: false },
      border: { color: colours.axis },
      title: axisTitle(panel.yAxis.label, colours.mutedText),
    };
    if (stacked && index > 0) {
      scales[`gap${index}`] = {
        type: "linear",
        position: "left",
        stack: "panels",
        stackWeight: GAP_WEIGHT,
        min: 0,
        max: 1,
        grid: { display: false },
        ticks: { display: false },
        border: { display: false },
      };
    }
  }
  return scales;
}

function axisTitle(text: string, colour: string) {
  return {
    display: text !== "",
    text,
    color: colour,
    font: { family: FONT_FAMILY, size: TEXT_SIZES.axisTitle },
    padding: { top: 0, bottom: 4 },
  };
}

/** The y range of a panel: its fixed bounds, or round bounds around everything drawn on it. */
export function panelRange(spec: ChartSpec, index: number): AxisRange {
  const panel = spec.panels[index] as ChartPanel;
  const { yAxis } = panel;
  const values: number[] = [];
  const add = (y: number | null) => {
    if (y !== null && Number.isFinite(y) && (yAxis.scale === "linear" || y > 0)) values.push(y);
  };
  for (const series of panel.series) for (const p of series.points as readonly ChartPoint[]) add(p.y);
  for (const line of panel.referenceLines) add(line.y);
  for (const band of panel.bands) {
    add(band.from);
    add(band.to);
  }
  if (index === 0) for (const marker of spec.events?.markers ?? []) add(marker.y);
  let low = values.length > 0 ? Math.min(...values) : yAxis.scale === "log" ? 1 : 0;
  let high = values.length > 0 ? Math.max(...values) : low + 1;
  if (yAxis.min !== undefined) low = yAxis.min;
  if (yAxis.max !== undefined) high = yAxis.max;
  if (yAxis.ticks) return { min: low, max: high, ticks: yAxis.ticks };
  return yAxis.scale === "log" ? logAxis(low, high) : linearAxis(low, high);
}
