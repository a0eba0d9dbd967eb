// A chart.js plugin that draws what chart.js has no built-in for: the frame text and legend, shaded bands,
// per-panel date grid lines, labelled reference lines and event markers. It is passed inline with each chart,
// so it works with the private chart.js copy that chartjs-node-canvas loads.
import type { CanvasRenderingContext2D } from "canvas";
import type { Chart, Plugin, Scale } from "chart.js";
import type { ChartPanel, ChartSpec, EventMarker, LineStyle } from "../core/answers/chart-spec.ts";
import { toEpochDay } from "../core/base/dates.ts";
import type { Tick } from "./axis-ticks.ts";
import { type Frame, font, LEGEND_SWATCH, TEXT_SIZES } from "./frame-layout.ts";
import { pickPlacement, type Rect, type Segment, segmentsOf } from "./label-placement.ts";
import type { ThemeColours } from "./theme.ts";

type Ctx = CanvasRenderingContext2D;

export const DASHES: Readonly<Record<LineStyle, number[]>> = {
  solid: [],
  dashed: [10, 6],
  dotted: [2, 5],
};

export function panelScaleId(index: number): string {
  return `y${index}`;
}

export function toX(x: string | number): number {
  return typeof x === "number" ? x : toEpochDay(x);
}

interface PanelBox {
  readonly panel: ChartPanel;
  readonly scale: Scale;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export function overlayPlugin(
  spec: ChartSpec,
  colours: ThemeColours,
  frame: Frame,
  xTicks: readonly Tick[],
): Plugin<"line"> {
  const panels = (chart: Chart): PanelBox[] =>
    spec.panels.flatMap((panel, index) => {
      const scale = chart.scales[panelScaleId(index)];
      if (!scale) return [];
      const { left, right } = chart.chartArea;
      return [{ panel, scale, top: scale.top, bottom: scale.bottom, left, right }];
    });

  return {
    id: "riskon-overlay",
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = colours.background;
      ctx.fillRect(0, 0, chart.width, chart.height);
      drawFrame(ctx, frame, colours);
      ctx.restore();
    },
    beforeDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (!x) return;
      for (const box of panels(chart)) drawUnderlay(chart.ctx, box, x, spec, colours, xTicks);
    },
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (!x) return;
      const taken: Rect[] = [];
      panels(chart).forEach((box, index) => {
        drawPanelOverlay(chart.ctx, box, x, index === 0 ? spec.events : null, colours, taken);
        drawPanelTitle(chart.ctx, box, index, colours);
      });
    },
  };
}

/** Under the lines: the panel's shaded bands, the shaded periods, the vertical grid at the x ticks, the event verticals. */
function drawUnderlay(
  ctx: Ctx,
  box: PanelBox,
  x: Scale,
  spec: ChartSpec,
  colours: ThemeColours,
  xTicks: readonly Tick[],
): void {
  ctx.save();
  clip(ctx, box);
  for (const band of box.panel.bands) {
    const y1 = box.scale.getPixelForValue(band.to);
    const y2 = box.scale.getPixelForValue(band.from);
    ctx.globalAlpha = colours.bandAlpha;
    ctx.fillStyle = colours.series[band.colour];
    ctx.fillRect(box.left, Math.min(y1, y2), box.right - box.left, Math.abs(y2 - y1));
  }
  for (const kind of spec.periods ?? []) {
    ctx.globalAlpha = colours.bandAlpha;
    ctx.fillStyle = colours.series[kind.colour];
    for (const period of kind.periods) {
      const x1 = Math.max(box.left, x.getPixelForValue(toX(period.from)));
      const x2 = Math.min(box.right, x.getPixelForValue(toX(period.to)));
      if (x2 > x1) ctx.fillRect(x1, box.top, x2 - x1, box.bottom - box.top);
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = colours.grid;
  ctx.lineWidth = 1;
  for (const tick of xTicks) {
    const px = Math.round(x.getPixelForValue(tick.value)) + 0.5;
    line(ctx, px, box.top, px, box.bottom);
  }
  if (spec.events) {
    ctx.strokeStyle = colours.series[spec.events.colour];
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(DASHES.dotted);
    for (const marker of spec.events.markers) {
      const px = x.getPixelForValue(toX(marker.x));
      line(ctx, px, box.top, px, box.bottom);
    }
  }
  ctx.restore();
}

/** Over the lines: event markers, reference lines and their labels, placed clear of the lines and each other. */
function drawPanelOverlay(
  ctx: Ctx,
  box: PanelBox,
  x: Scale,
  events: ChartSpec["events"] | null,
  colours: ThemeColours,
  taken: Rect[],
): void {
  const segments = box.panel.series.flatMap((series) =>
    segmentsOf(
      series.points.map((p) =>
        p.y === null ? null : { x: x.getPixelForValue(toX(p.x)), y: box.scale.getPixelForValue(p.y) },
      ),
    ),
  );
  if (events) taken.push(...drawMarkers(ctx, box, x, events.markers, colours.series[events.colour], colours));
  drawReferenceLines(ctx, box, colours, segments, taken);
  if (events) {
    const textColour = colours.seriesText[events.colour];
    drawMarkerLabels(ctx, box, x, events.markers, textColour, colours, segments, taken);
  }
}

/** A panel's title: inside the top of the first panel, in the gap above a lower one. */
function drawPanelTitle(ctx: Ctx, box: PanelBox, index: number, colours: ThemeColours): void {
  if (box.panel.title === "") return;
  ctx.save();
  ctx.font = font(TEXT_SIZES.panelTitle, true);
  ctx.fillStyle = colours.seriesText[box.panel.series[0]?.colour ?? "neutral"];
  ctx.textBaseline = index === 0 ? "top" : "bottom";
  ctx.fillText(box.panel.title, box.left, index === 0 ? box.top + 6 : box.top - 8);
  ctx.restore();
}

function drawFrame(ctx: Ctx, frame: Frame, colours: ThemeColours): void {
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  for (const text of frame.texts) {
    ctx.font = text.font;
    ctx.fillStyle = text.role === "title" ? colours.text : colours.mutedText;
    ctx.fillText(text.text, text.x, text.y);
  }
  ctx.font = font(TEXT_SIZES.legend);
  ctx.textBaseline = "middle";
  for (const entry of frame.legend) {
    const colour = colours.series[entry.colour];
    if (entry.kind === "period") {
      ctx.globalAlpha = colours.bandAlpha * 2;
      ctx.fillStyle = colour;
      ctx.fillRect(entry.x, entry.y - 7, LEGEND_SWATCH, 14);
      ctx.globalAlpha = 1;
    } else if (entry.kind === "marker") {
      ctx.setLineDash(DASHES.dotted);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      line(ctx, entry.x + LEGEND_SWATCH / 2, entry.y - 11, entry.x + LEGEND_SWATCH / 2, entry.y + 11);
      ctx.setLineDash([]);
      triangle(ctx, entry.x + LEGEND_SWATCH / 2, entry.y - 6, colour, colours.background);
    } else {
      strokeStyled(ctx, entry.style, colour, 3.5);
      line(ctx, entry.x, entry.y, entry.x + LEGEND_SWATCH, entry.y);
      ctx.setLineDash([]);
    }
    ctx.fillStyle = colours.text;
    ctx.fillText(entry.text, entry.x + LEGEND_SWATCH + 8, entry.y + 1);
  }
}

function drawReferenceLines(
  ctx: Ctx,
  box: PanelBox,
  colours: ThemeColours,
  segments: readonly Segment[],
  taken: Rect[],
): void {
  for (const ref of box.panel.referenceLines) {
    const y = box.scale.getPixelForValue(ref.y);
    if (!(y >= box.top - 0.5 && y <= box.bottom + 0.5)) continue;
    const colour = colours.series[ref.colour];
    ctx.save();
    clip(ctx, box);
    strokeStyled(ctx, ref.style, colour, ref.style === "solid" ? 1.5 : 2);
    line(ctx, box.left, y, box.right, y);
    ctx.restore();
    if (ref.label === "") continue;
    ctx.save();
    ctx.font = font(TEXT_SIZES.lineLabel, true);
    const width = ctx.measureText(ref.label).width + 10;
    const height = TEXT_SIZES.lineLabel + 6;
    // Just above or just below the line, at the right end first, then further left.
    const candidates: Rect[] = [];
    for (const at of [1, 0, 0.5, 0.25, 0.75]) {
      const left = box.left + 8 + at * (box.right - box.left - width - 16);
      for (const top of [y - height - 3, y + 3]) {
        if (top >= box.top && top + height <= box.bottom) candidates.push({ left, top, width, height });
      }
    }
    const place = pickPlacement(candidates, segments, taken);
    if (place) {
      taken.push(place);
      haloText(ctx, place, ref.label, colours.seriesText[ref.colour], colours);
    }
    ctx.restore();
  }
}

function drawMarkers(
  ctx: Ctx,
  box: PanelBox,
  x: Scale,
  markers: readonly EventMarker[],
  colour: string,
  colours: ThemeColours,
): Rect[] {
  const drawn: Rect[] = [];
  ctx.save();
  clip(ctx, { ...box, top: box.top - 12, bottom: box.bottom + 20 });
  for (const marker of markers) {
    if (marker.y === null) continue;
    const px = x.getPixelForValue(toX(marker.x));
    const tipY = box.scale.getPixelForValue(marker.y) + 5;
    triangle(ctx, px, tipY, colour, colours.background);
    drawn.push({ left: px - 9, top: tipY, width: 18, height: 15 });
  }
  ctx.restore();
  return drawn;
}

/** Each event's date at the top, bottom or middle of the panel, wherever it hides the least; dropped if no room. */
function drawMarkerLabels(
  ctx: Ctx,
  box: PanelBox,
  x: Scale,
  markers: readonly EventMarker[],
  colour: string,
  colours: ThemeColours,
  segments: readonly Segment[],
  taken: Rect[],
): void {
  ctx.save();
  ctx.font = font(TEXT_SIZES.marker, true);
  const height = TEXT_SIZES.marker + 6;
  for (const marker of markers) {
    const width = ctx.measureText(marker.label).width + 10;
    const px = x.getPixelForValue(toX(marker.x));
    const lefts = [px - width / 2, px + 4, px - width - 4].map((left) =>
      Math.min(Math.max(left, box.left + 2), box.right - width - 2),
    );
    const middle = (box.top + box.bottom - height) / 2;
    const rows = [
      box.top + 4,
      box.top + height + 7,
      box.bottom - height - 4,
      box.bottom - 2 * height - 7,
      middle - height,
      middle + height,
    ];
    const candidates = rows.flatMap((top) => lefts.map((left) => ({ left, top, width, height })));
    const place = pickPlacement(candidates, segments, taken);
    if (!place) continue;
    taken.push(place);
    haloText(ctx, place, marker.label, colour, colours);
  }
  ctx.restore();
}

/** Text with an outline in the background colour: legible over lines while hiding only what is under the glyphs. */
function haloText(ctx: Ctx, rect: Rect, text: string, colour: string, colours: ThemeColours): void {
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  ctx.setLineDash([]);
  ctx.lineJoin = "round";
  ctx.lineWidth = 5;
  ctx.strokeStyle = colours.background;
  ctx.strokeText(text, rect.left + 5, rect.top + rect.height / 2 + 1);
  ctx.fillStyle = colour;
  ctx.fillText(text, rect.left + 5, rect.top + rect.height / 2 + 1);
}

/** An upward triangle with its tip at (x, tipY), drawn just under the point it marks. */
function triangle(ctx: Ctx, x: number, tipY: number, fill: string, outline: string): void {
  ctx.beginPath();
  ctx.moveTo(x, tipY);
  ctx.lineTo(x - 9, tipY + 15);
  ctx.lineTo(x + 9, tipY + 15);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.strokeStyle = outline;
  ctx.lineWidth = 2;
  ctx.setLineDash([]);
  ctx.stroke();
  ctx.fill();
}

function strokeStyled(ctx: Ctx, style: LineStyle, colour: string, width: number): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(DASHES[style]);
}

function line(ctx: Ctx, x1: number, y1: number, x2: number, y2: number): void {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

function clip(ctx: Ctx, box: { top: number; bottom: number; left: number; right: number }): void {
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  ctx.clip();
}
