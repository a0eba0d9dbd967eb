// The text around the plot (title, subtitle, legend, footer), laid out before chart.js runs so the plot can be
// given exactly the space that is left. Text is measured with the real font, and long lines wrap.
import type { ChartColour, ChartSpec, LineStyle } from "../core/answers/chart-spec.ts";

export const FONT_FAMILY = "Riskon Sans";

/** Pixel sizes at 1200 x 675; a phone shows the picture at about a third of that. */
export const TEXT_SIZES = {
  title: 30,
  subtitle: 18,
  legend: 18,
  tick: 18,
  axisTitle: 16,
  panelTitle: 18,
  lineLabel: 16,
  marker: 15,
  footer: 15,
} as const;

export const MARGIN = 24;

export function font(size: number, bold = false): string {
  return `${bold ? "bold " : ""}${size}px "${FONT_FAMILY}"`;
}

export type Measure = (font: string, text: string) => number;

export interface PlacedText {
  readonly text: string;
  readonly x: number;
  /** Baseline "top". */
  readonly y: number;
  readonly font: string;
  readonly role: "title" | "subtitle" | "footer";
}

export interface LegendEntry {
  readonly kind: "line" | "marker" | "period";
  readonly colour: ChartColour;
  readonly style: LineStyle;
  readonly text: string;
  readonly x: number;
  /** Vertical centre of the entry. */
  readonly y: number;
}

export interface Frame {
  readonly texts: readonly PlacedText[];
  readonly legend: readonly LegendEntry[];
  /** Height taken at the top, above the plot. */
  readonly top: number;
  /** Height taken at the bottom, below the x axis. */
  readonly bottom: number;
}

export const LEGEND_SWATCH = 34;
const LEGEND_GAP = 28;

export function layoutFrame(spec: ChartSpec, width: number, height: number, measure: Measure): Frame {
  const texts: PlacedText[] = [];
  const maxWidth = width - 2 * MARGIN;
  let y = 16;
  for (const line of wrapText(spec.title, font(TEXT_SIZES.title, true), maxWidth, measure)) {
    texts.push({ text: line, x: MARGIN, y, font: font(TEXT_SIZES.title, true), role: "title" });
    y += TEXT_SIZES.title * 1.25;
  }
  y += 2;
  for (const line of wrapText(spec.subtitle, font(TEXT_SIZES.subtitle), maxWidth, measure)) {
    texts.push({ text: line, x: MARGIN, y, font: font(TEXT_SIZES.subtitle), role: "subtitle" });
    y += TEXT_SIZES.subtitle * 1.35;
  }
  y += 6;

  const entries: Array<Omit<LegendEntry, "x" | "y">> = [];
  for (const panel of spec.panels) {
    for (const series of panel.series) {
      if (series.inLegend)
        entries.push({ kind: "line", colour: series.colour, style: series.style, text: series.label });
    }
    for (const line of panel.referenceLines) {
      if (line.legend !== null) {
        entries.push({ kind: "line", colour: line.colour, style: line.style, text: line.legend });
      }
    }
  }
  if (spec.events) {
    entries.push({ kind: "marker", colour: spec.events.colour, style: "solid", text: spec.events.label });
  }
  for (const kind of spec.periods ?? []) {
    if (kind.periods.length > 0)
      entries.push({ kind: "period", colour: kind.colour, style: "solid", text: kind.label });
  }
  const legendFont = font(TEXT_SIZES.legend);
  const rowHeight = TEXT_SIZES.legend * 1.5;
  const legend: LegendEntry[] = [];
  let x = MARGIN;
  let rowY = y + rowHeight / 2;
  for (const entry of entries) {
    const entryWidth = LEGEND_SWATCH + 8 + measure(legendFont, entry.text);
    if (x > MARGIN && x + entryWidth > width - MARGIN) {
      x = MARGIN;
      rowY += rowHeight;
    }
    legend.push({ ...entry, x, y: rowY });
    x += entryWidth + LEGEND_GAP;
  }
  const top = (legend.length > 0 ? rowY + rowHeight / 2 : y) + 6;

  const footerFont = font(TEXT_SIZES.footer);
  const footerLines = spec.footer.flatMap((line) => wrapText(line, footerFont, maxWidth, measure));
  const lineHeight = TEXT_SIZES.footer * 1.35;
  let footerY = height - 10 - footerLines.length * lineHeight;
  const bottom = height - footerY + 6;
  for (const line of footerLines) {
    texts.push({ text: line, x: MARGIN, y: footerY, font: footerFont, role: "footer" });
    footerY += lineHeight;
  }
  return { texts, legend, top, bottom };
}

/** Greedy word wrap; a single word longer than the line stays whole. */
export function wrapText(text: string, fontSpec: string, maxWidth: number, measure: Measure): string[] {
  if (text === "") return [];
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (current !== "" && measure(fontSpec, candidate) > maxWidth) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}
