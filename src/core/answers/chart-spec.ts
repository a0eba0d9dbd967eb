// What a chart shows, independent of how it is drawn: the ChartSpec model, the renderer port, and the builders
// of riskon's two charts. Pure: the chart.js adapter in src/charts turns a spec into pixels.

import { ALTSEASON_HIGH, ALTSEASON_LOW } from "../altcoins/season-index.ts";
import { alignedLogReturns, onDatesOf } from "../analytics/alignment.ts";
import { allTimeHigh, type BreakoutEvent, DEFAULT_STATE_THRESHOLDS } from "../analytics/breakouts.ts";
import { rollingPearson } from "../analytics/correlation.ts";
import { addDays, type IsoDate } from "../base/dates.ts";
import { NotEnoughDataError } from "../base/errors.ts";
import { memoized } from "../base/memo.ts";
import { type Bar, barsFrom, barsUntil, closeMap } from "../base/series.ts";
import { type Locale, phrasebook, type Vars } from "./locale.ts";
import { usd } from "./numbers.ts";

export type ChartTheme = "dark" | "light";
export const CHART_THEMES: readonly ChartTheme[] = ["dark", "light"];

/** Colour roles; each renderer maps them to a colour-blind-safe palette (Okabe-Ito) for the theme. */
export type ChartColour =
  | "blue"
  | "orange"
  | "green"
  | "vermillion"
  | "purple"
  | "sky"
  | "yellow"
  | "neutral";
export type LineStyle = "solid" | "dashed" | "dotted";

/** x is an ISO date on a date axis or a plain number on a number axis; y null leaves a gap. */
export interface ChartPoint {
  readonly x: IsoDate | number;
  readonly y: number | null;
}

export interface LineSeries {
  readonly label: string;
  readonly colour: ChartColour;
  readonly points: readonly ChartPoint[];
  readonly style: LineStyle;
  /** Listed in the chart's legend (a panel's only series is usually named by the panel title instead). */
  readonly inLegend: boolean;
}

export interface ReferenceLine {
  readonly y: number;
  /** Short text written on the line at its right end; empty for an unlabelled line such as zero. */
  readonly label: string;
  /** What the line is, listed in the chart's legend; null keeps it out of the legend. */
  readonly legend: string | null;
  readonly colour: ChartColour;
  readonly style: LineStyle;
}

/** A shaded horizontal zone, such as "altcoin season" above 75. */
export interface ShadedBand {
  readonly from: number;
  readonly to: number;
  readonly colour: ChartColour;
}

/** A shaded stretch of the x axis through every panel, such as a liquidity regime's weeks. */
export interface ShadedPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly colour: ChartColour;
}

/** Periods of one kind, named once in the legend. */
export interface ShadedPeriods {
  readonly label: string;
  readonly colour: ChartColour;
  readonly periods: readonly ShadedPeriod[];
}

export interface YAxis {
  readonly scale: "linear" | "log";
  /** Short axis title, written beside the tick labels. */
  readonly label: string;
  readonly min?: number;
  readonly max?: number;
  /** Fixed tick values; otherwise the renderer picks a few round ones. */
  readonly ticks?: readonly number[];
}

export interface ChartPanel {
  /** Written above the panel's top left (inside it for the first panel), in its first series' colour; "" for none. */
  readonly title: string;
  /** Share of the plot height, relative to the other panels. */
  readonly weight: number;
  readonly yAxis: YAxis;
  readonly series: readonly LineSeries[];
  readonly referenceLines: readonly ReferenceLine[];
  readonly bands: readonly ShadedBand[];
}

export interface EventMarker {
  readonly x: IsoDate | number;
  /** Where the marker sits on the first panel (the value of the series it belongs to), or null for a line only. */
  readonly y: number | null;
  /** Short text beside the marker, such as the event date. */
  readonly label: string;
}

/** Events drawn as vertical lines through every panel, with a marker on the first. */
export interface EventMarkers {
  readonly label: string;
  readonly colour: ChartColour;
  readonly markers: readonly EventMarker[];
}

export type XAxis =
  | { readonly kind: "date"; readonly from: IsoDate; readonly to: IsoDate }
  | { readonly kind: "number"; readonly label: string; readonly min: number; readonly max: number };

export interface ChartSpec {
  /** What the chart is, for logs and file names ("russell", "altseason"). */
  readonly kind: string;
  readonly title: string;
  /** One line under the title; it includes the as-of date. */
  readonly subtitle: string;
  /** Lines at the bottom: the sources first. */
  readonly footer: readonly string[];
  readonly asOf: IsoDate;
  readonly xAxis: XAxis;
  /** Top to bottom, sharing the x axis. */
  readonly panels: readonly ChartPanel[];
  readonly events: EventMarkers | null;
  /** Stretches of time shaded through every panel (under the lines), each kind with its legend entry. */
  readonly periods?: readonly ShadedPeriods[];
  /** The language of its texts, for the renderer's own (month names on the date axis); English when absent. */
  readonly language?: string;
}

/** The chart port: a spec in, PNG bytes out. */
export interface ChartRenderer {
  render(spec: ChartSpec, theme: ChartTheme): Promise<Uint8Array>;
}

/** Enough points for a 1200-pixel-wide chart; ten years of daily closes is about 3,650. */
export const DEFAULT_MAX_POINTS = 600;
export const CHART_CORRELATION_WINDOW = 90;
/** With "auto", a rebased panel switches to a log scale once its highest value is this many times its lowest. */
export const AUTO_LOG_RATIO = 4;

/**
 * The chart's own words, in English; the translation files have them under `chart.` for other languages (the
 * i18n adapter takes the English ones from here, so they are written once).
 */
export const CHART_MESSAGES = {
  title: "{{a}} vs {{b}}, as of {{date}}",
  weeklyName: "{{id}} (weekly)",
  subtitle: "Daily closes {{from}} to {{to}}, both rebased to 100 on {{base}}",
  subtitleWeekly:
    "Daily closes and {{id}}'s weekly values {{from}} to {{to}}, both rebased to 100 on {{base}}",
  logScale: ", log scale",
  rebased: "Rebased = 100",
  rebasedLog: "Rebased = 100 (log scale)",
  correlation: "Correlation",
  correlationTitle: "{{window}}-{{unit}} correlation of {{frequency}} log returns, {{a}} vs {{b}}",
  correlationSeries: "{{window}}-{{unit}} correlation",
  session: "session",
  week: "week",
  daily: "daily",
  weekly: "weekly",
  breakoutClose: "{{id}} breakout (close over an old record)",
  breakoutWeekly: "{{id}} breakout (weekly value over an old record)",
  seasonTitle: "Altcoin Season Index: % of the top-50 altcoins that beat BTC over 90 days",
  seasonSeries: "Altcoin Season Index",
  seasonAxis: "Index",
  altcoinSeason: "altcoin season",
  bitcoinSeason: "bitcoin season",
  levelValue: "{{level}} ({{date}})",
  levelOf: "of {{date}}",
  levelBroken: "{{id}} breakout level: old record {{value}}, broken {{date}}",
  levelNotBroken: "{{id}} record close {{value}}, not yet broken",
  recordOf: "record of {{date}}",
  dataTo: "{{label}} (data to {{date}})",
  sources: "Sources: {{list}}",
  sourceTo: "{{providers}}, to {{date}}",
  seriesTo: "{{series}}: {{providers}}, to {{date}}",
  footSnapshot: "Bundled offline snapshot, not live.",
  footStored: "Some data stale: the live source failed (see the text).",
  footFiles: "Data from local files.",
  notAdvice: "Not financial advice.",
} as const;

/** The chart's words and dates in the locale's language (English words and ISO dates without one). */
const chartSay = phrasebook("chart", CHART_MESSAGES);

export interface Words {
  say(key: keyof typeof CHART_MESSAGES, vars?: Vars): string;
  date(iso: IsoDate): string;
  /** A level in points ("3,068.42"; es "3068,42"). */
  points(value: number): string;
}

export function wordsOf(locale: Locale | undefined): Words {
  const say = (key: keyof typeof CHART_MESSAGES, vars?: Vars) => chartSay(locale, key, vars);
  if (locale && locale.language !== "en")
    return { say, date: (iso) => locale.date(iso), points: (value) => locale.level(value) };
  return { say, date: (iso) => iso, points: formatPoints };
}

export interface NamedSeries {
  /** Short symbol for titles ("RUT", "BTC", "TOTAL3"). */
  readonly id: string;
  /** Legend name ("Russell 2000 (^RUT)"). */
  readonly label: string;
  /** Full daily history; the builders cut it at the as-of date themselves. */
  readonly bars: readonly Bar[];
  /** False for a derived index whose level in points means nothing to a reader. */
  readonly quoteLevel?: boolean;
  /** "weekly" for a weekly series: the correlation panel uses weekly returns on its dates. */
  readonly frequency?: "daily" | "weekly";
  /** "usd" for a market cap: its record is written $1.19T, not as points. */
  readonly unit?: "points" | "usd";
}

/** The correlation window of the chart's lower panel for a weekly asset, in weeks. */
export const CHART_WEEKLY_CORRELATION_WINDOW = 26;

export type ScaleChoice = "auto" | "linear" | "log";

export interface RussellChartInput {
  readonly index: NamedSeries;
  /** BTC, ETH or TOTAL3. */
  readonly asset: NamedSeries;
  readonly from: IsoDate;
  readonly asOf: IsoDate;
  /** Breakout events of `index`; events outside [from, asOf] are not marked, events after asOf are ignored. */
  readonly events: readonly BreakoutEvent[];
  /** Who published each series ("Yahoo Finance ^RUT, to 2026-08-21"), written in the footer. */
  readonly sources: readonly string[];
  /** Further footer lines, such as "Not financial advice." */
  readonly notes?: readonly string[];
  readonly scale?: ScaleChoice;
  readonly correlationWindow?: number;
  readonly maxPoints?: number;
  /** The chat's language for the chart's words and dates (English, ISO dates, when absent). */
  readonly locale?: Locale;
}

export interface SeasonIndexPoint {
  readonly date: IsoDate;
  readonly value: number;
}

export interface AltseasonChartInput {
  /** The altcoin market (TOTAL3, weekly). */
  readonly altcoin: NamedSeries;
  /** IWM. */
  readonly equity: NamedSeries;
  readonly from: IsoDate;
  readonly asOf: IsoDate;
  /** Breakout events of `altcoin`; the latest on or before asOf gives the level line. */
  readonly altcoinEvents: readonly BreakoutEvent[];
  /** Altcoin Season Index (0..100) over time; points after asOf are ignored. */
  readonly seasonIndex: readonly SeasonIndexPoint[];
  readonly sources: readonly string[];
  readonly notes?: readonly string[];
  readonly scale?: ScaleChoice;
  readonly maxPoints?: number;
  /** The chat's language for the chart's words and dates (English, ISO dates, when absent). */
  readonly locale?: Locale;
}

/** A Russell series against BTC, ETH or the altcoin proxy, with its breakout level, events and correlation. */
export function buildRussellChart(input: RussellChartInput): ChartSpec {
  const { asOf, from } = input;
  const w = wordsOf(input.locale);
  const weekly = input.asset.frequency === "weekly";
  const window =
    input.correlationWindow ?? (weekly ? CHART_WEEKLY_CORRELATION_WINDOW : CHART_CORRELATION_WINDOW);
  const unit = weekly ? "week" : "session";
  const maxPoints = input.maxPoints ?? DEFAULT_MAX_POINTS;
  const indexBars = barsUntil(input.index.bars, asOf);
  const assetBars = barsUntil(input.asset.bars, asOf);
  const rebased = rebasePair(input.index, indexBars, input.asset, assetBars, from);
  const events = input.events.filter((e) => e.date >= rebased.baseDate && e.date <= asOf);
  const keep = new Set<IsoDate>(events.map((e) => e.date));
  const levelLine = levelReferenceLine(w, input.index.id, breakoutLevel(indexBars, input.events, asOf), {
    factor: rebased.firstFactor,
    colour: "blue",
    quoteLevel: input.index.quoteLevel ?? true,
  });

  const correlation = correlationPoints(
    input.index.bars,
    input.asset.bars,
    asOf,
    weekly,
    window,
    rebased.baseDate,
  );
  const scale = chooseScale(input.scale ?? "auto", [...rebased.first, ...rebased.second, { y: levelLine.y }]);

  return {
    kind: "russell",
    title: w.say("title", { a: input.index.label, b: titleName(w, input.asset), date: w.date(asOf) }),
    subtitle: rebasedSubtitle(w, rebased.baseDate, asOf, scale, weekly ? input.asset : null),
    footer: footerLines(w, input.sources, input.notes),
    ...(input.locale ? { language: input.locale.language } : {}),
    asOf,
    xAxis: { kind: "date", from: rebased.baseDate, to: asOf },
    panels: [
      {
        title: "",
        weight: 3,
        yAxis: rebasedAxis(w, scale),
        series: [
          lineSeries(
            legendName(w, input.index.label, indexBars, asOf),
            "blue",
            rebased.first,
            maxPoints,
            keep,
          ),
          lineSeries(
            legendName(w, input.asset.label, assetBars, asOf),
            "orange",
            rebased.second,
            maxPoints,
            keep,
          ),
        ],
        referenceLines: [levelLine],
        bands: [],
      },
      correlationPanel(
        w,
        w.say("correlationTitle", {
          window,
          unit: w.say(unit),
          frequency: w.say(weekly ? "weekly" : "daily"),
          a: input.index.id,
          b: input.asset.id,
        }),
        w.say("correlationSeries", { window, unit: w.say(unit) }),
        { points: correlation, maxPoints, keep },
      ),
    ],
    events: eventMarkers(w, w.say("breakoutClose", { id: input.index.id }), events, rebased.firstFactor),
  };
}

/**
 * The rolling correlation from the chart's first date (its window reaches back before it) to the as-of date; once
 * per data version and chart range (core/base/memo.ts).
 */
const correlationPoints = memoized(function correlationPointsOf(
  indexSeries: readonly Bar[],
  assetSeries: readonly Bar[],
  asOf: IsoDate,
  weekly: boolean,
  window: number,
  from: IsoDate,
): ChartPoint[] {
  const indexBars = barsUntil(indexSeries, asOf);
  const assetBars = barsUntil(assetSeries, asOf);
  const returns = alignedLogReturns(
    weekly
      ? onDatesOf(
          indexBars,
          assetBars.map((b) => b.date),
        )
      : indexBars,
    assetBars,
  );
  const start = returns.dates.findIndex((date) => date >= from);
  if (start < 0) return [];
  const rho = rollingPearson(returns.equity, returns.other, window, start);
  return returns.dates.slice(start).map((date, i) => ({ x: date, y: roundTo(rho[start + i] ?? null, 4) }));
});

/** The lower panel of /russell: a rolling correlation between -1 and 1. */
function correlationPanel(
  w: Words,
  title: string,
  label: string,
  { points, maxPoints, keep }: { points: ChartPoint[]; maxPoints: number; keep: ReadonlySet<IsoDate> },
): ChartPanel {
  return {
    title,
    weight: 1.3,
    yAxis: { scale: "linear", label: w.say("correlation"), min: -1, max: 1, ticks: [-1, -0.5, 0, 0.5, 1] },
    series: [{ ...lineSeries(label, "green", points, maxPoints, keep), inLegend: false }],
    referenceLines: [{ y: 0, label: "", legend: null, colour: "neutral", style: "solid" }],
    bands: [],
  };
}

/** The Altcoin Season Index with its two thresholds shaded. */
function seasonPanel(
  w: Words,
  season: ChartPoint[],
  maxPoints: number,
  keep: ReadonlySet<IsoDate>,
): ChartPanel {
  return {
    title: w.say("seasonTitle"),
    weight: 1.3,
    yAxis: { scale: "linear", label: w.say("seasonAxis"), min: 0, max: 100, ticks: [0, 25, 50, 75, 100] },
    series: [{ ...lineSeries(w.say("seasonSeries"), "purple", season, maxPoints, keep), inLegend: false }],
    referenceLines: [
      { y: ALTSEASON_HIGH, label: w.say("altcoinSeason"), legend: null, colour: "orange", style: "dashed" },
      { y: ALTSEASON_LOW, label: w.say("bitcoinSeason"), legend: null, colour: "neutral", style: "dashed" },
    ],
    bands: [
      { from: ALTSEASON_HIGH, to: 100, colour: "orange" },
      { from: 0, to: ALTSEASON_LOW, colour: "neutral" },
    ],
  };
}

/** The altcoin proxy against IWM, with the proxy's own breakout level and the Altcoin Season Index below. */
export function buildAltseasonChart(input: AltseasonChartInput): ChartSpec {
  const { asOf, from } = input;
  const w = wordsOf(input.locale);
  const maxPoints = input.maxPoints ?? DEFAULT_MAX_POINTS;
  const altBars = barsUntil(input.altcoin.bars, asOf);
  const equityBars = barsUntil(input.equity.bars, asOf);
  // The equity sessions decide the first common date, as everywhere else in riskon.
  const rebased = rebasePair(input.equity, equityBars, input.altcoin, altBars, from);
  const events = input.altcoinEvents.filter((e) => e.date >= rebased.baseDate && e.date <= asOf);
  const keep = new Set<IsoDate>(events.map((e) => e.date));
  const weekly = input.altcoin.frequency === "weekly";
  const recent = DEFAULT_STATE_THRESHOLDS.recentSessions;
  const level = breakoutLevel(altBars, input.altcoinEvents, asOf, weekly ? Math.ceil(recent / 5) : recent);
  const levelLine = levelReferenceLine(w, input.altcoin.id, level, {
    factor: rebased.secondFactor,
    colour: "orange",
    quoteLevel: input.altcoin.quoteLevel ?? true,
    unit: input.altcoin.unit,
  });
  const season: ChartPoint[] = input.seasonIndex
    .filter((p) => p.date >= rebased.baseDate && p.date <= asOf)
    .map((p) => ({ x: p.date, y: p.value }));
  const scale = chooseScale(input.scale ?? "auto", [...rebased.first, ...rebased.second, { y: levelLine.y }]);

  return {
    kind: "altseason",
    title: w.say("title", { a: titleName(w, input.altcoin), b: input.equity.label, date: w.date(asOf) }),
    subtitle: rebasedSubtitle(w, rebased.baseDate, asOf, scale, weekly ? input.altcoin : null),
    footer: footerLines(w, input.sources, input.notes),
    ...(input.locale ? { language: input.locale.language } : {}),
    asOf,
    xAxis: { kind: "date", from: rebased.baseDate, to: asOf },
    panels: [
      {
        title: "",
        weight: 3,
        yAxis: rebasedAxis(w, scale),
        series: [
          lineSeries(
            legendName(w, input.altcoin.label, altBars, asOf),
            "orange",
            rebased.second,
            maxPoints,
            keep,
          ),
          lineSeries(
            legendName(w, input.equity.label, equityBars, asOf),
            "blue",
            rebased.first,
            maxPoints,
            keep,
          ),
        ],
        referenceLines: [levelLine],
        bands: [],
      },
      seasonPanel(w, season, maxPoints, keep),
    ],
    events: eventMarkers(
      w,
      w.say(weekly ? "breakoutWeekly" : "breakoutClose", { id: input.altcoin.id }),
      events,
      rebased.secondFactor,
    ),
  };
}

interface RebasedPair {
  readonly baseDate: IsoDate;
  readonly first: ChartPoint[];
  readonly second: ChartPoint[];
  /** Multiply a price of the first series by this to put it on the rebased scale. */
  readonly firstFactor: number;
  readonly secondFactor: number;
}

/**
 * Both series from the first date on or after `from` on which both have a close, each divided by its close on
 * that date and multiplied by 100. The bars must already be cut at the as-of date.
 */
export function rebasePair(
  first: NamedSeries,
  firstBars: readonly Bar[],
  second: NamedSeries,
  secondBars: readonly Bar[],
  from: IsoDate,
): RebasedPair {
  const a = barsFrom(firstBars, from);
  const b = barsFrom(secondBars, from);
  const secondCloses = closeMap(b);
  const exact = a.find((bar) => secondCloses.has(bar.date));
  // A weekly second series (Sundays) shares no date with an equity: its first point is matched with the
  // equity's last close on or before it, at most 6 days older.
  const weekly =
    second.frequency === "weekly" && !exact
      ? b.find((bar) => onDatesOf(a, [bar.date]).length > 0)
      : undefined;
  const base = exact
    ? { date: exact.date, first: exact.close, second: secondCloses.get(exact.date) as number }
    : weekly
      ? { date: weekly.date, first: onDatesOf(a, [weekly.date])[0]?.close as number, second: weekly.close }
      : null;
  if (!base) {
    throw new NotEnoughDataError(
      `${first.id} and ${second.id} have no close on a common date between ${from} and the as-of date`,
    );
  }
  const firstFactor = 100 / base.first;
  const secondFactor = 100 / base.second;
  const rebase = (bars: readonly Bar[], factor: number): ChartPoint[] =>
    barsFrom(bars, base.date).map((bar) => ({ x: bar.date, y: roundSignificant(bar.close * factor) }));
  return {
    baseDate: base.date,
    first: rebase(a, firstFactor),
    second: rebase(b, secondFactor),
    firstFactor,
    secondFactor,
  };
}

export interface LevelAtAsOf {
  readonly kind: "breakout" | "record";
  readonly close: number;
  readonly date: IsoDate;
  /** The breakout date, for kind "breakout". */
  readonly brokenOn: IsoDate | null;
}

/**
 * The level that matters on the as-of date: the old record the latest breakout broke (resistance that should
 * now hold as support) or, before any breakout, the record close still to be broken.
 */
export function breakoutLevel(
  bars: readonly Bar[],
  events: readonly BreakoutEvent[],
  asOf: IsoDate,
  recentSessions = DEFAULT_STATE_THRESHOLDS.recentSessions,
): LevelAtAsOf {
  const visible = barsUntil(bars, asOf);
  const event = events.filter((e) => e.date <= asOf).at(-1);
  // The old record is the level only while its breakout is recent (the state's own window); after that the level
  // that holds at the as-of date is the record as it stands then, still to be broken.
  const index = event ? visible.findLastIndex((b) => b.date === event.date) : -1;
  if (event && index >= 0 && visible.length - 1 - index <= recentSessions) {
    return { kind: "breakout", close: event.priorHigh, date: event.priorHighDate, brokenOn: event.date };
  }
  const record = allTimeHigh(visible);
  return { kind: "record", close: record.close, date: record.date, brokenOn: null };
}

/**
 * At most `maxPoints` points, chosen deterministically: the lowest and the highest point of each of
 * `maxPoints / 2` equal runs (so peaks, troughs and the record survive), plus the first and last points, every
 * point whose x is in `keep` (event dates), and the gaps (null y) between runs of values.
 */
export function downsamplePoints(
  points: readonly ChartPoint[],
  maxPoints: number,
  keep: ReadonlySet<IsoDate | number> = new Set(),
): ChartPoint[] {
  if (points.length <= maxPoints) return [...points];
  const chosen = new Set<number>([0, points.length - 1]);
  points.forEach((p, i) => {
    if (keep.has(p.x)) chosen.add(i);
    const previous = points[i - 1];
    if (p.y === null && (previous === undefined || previous.y !== null)) chosen.add(i);
  });
  const buckets = Math.max(1, Math.floor((maxPoints - chosen.size) / 2));
  const size = points.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let low = -1;
    let high = -1;
    for (let i = start; i < end; i++) {
      const y = (points[i] as ChartPoint).y;
      if (y === null) continue;
      if (low < 0 || y < ((points[low] as ChartPoint).y as number)) low = i;
      if (high < 0 || y > ((points[high] as ChartPoint).y as number)) high = i;
    }
    if (low >= 0) chosen.add(low);
    if (high >= 0) chosen.add(high);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => points[i] as ChartPoint);
}

function lineSeries(
  label: string,
  colour: ChartColour,
  points: readonly ChartPoint[],
  maxPoints: number,
  keep: ReadonlySet<IsoDate>,
): LineSeries {
  return { label, colour, points: downsamplePoints(points, maxPoints, keep), style: "solid", inLegend: true };
}

/**
 * The old-record line. `quoteLevel` is false for a derived index, whose level in points means
 * nothing to a reader: its line is then named by the record's date only.
 */
function levelReferenceLine(
  w: Words,
  id: string,
  level: LevelAtAsOf,
  how: {
    readonly factor: number;
    readonly colour: ChartColour;
    readonly quoteLevel?: boolean;
    readonly unit?: NamedSeries["unit"] | undefined;
  },
): ReferenceLine {
  const { factor, colour, quoteLevel = true, unit = "points" } = how;
  const formatLevel = unit === "usd" ? usd : w.points;
  const date = w.date(level.date);
  const value = quoteLevel
    ? w.say("levelValue", { level: formatLevel(level.close), date })
    : w.say("levelOf", { date });
  const legend =
    level.kind === "breakout"
      ? w.say("levelBroken", { id, value, date: level.brokenOn ? w.date(level.brokenOn) : "" })
      : w.say("levelNotBroken", { id, value });
  return {
    y: roundSignificant(level.close * factor),
    label: quoteLevel ? formatLevel(level.close) : w.say("recordOf", { date }),
    legend,
    colour,
    style: "dashed",
  };
}

function rebasedAxis(w: Words, scale: "linear" | "log"): YAxis {
  return { scale, label: w.say(scale === "log" ? "rebasedLog" : "rebased") };
}

function rebasedSubtitle(
  w: Words,
  baseDate: IsoDate,
  asOf: IsoDate,
  scale: "linear" | "log",
  weekly: NamedSeries | null = null,
): string {
  const dates = { from: w.date(baseDate), to: w.date(asOf), base: w.date(baseDate) };
  const text = weekly ? w.say("subtitleWeekly", { ...dates, id: weekly.id }) : w.say("subtitle", dates);
  return text + (scale === "log" ? w.say("logScale") : "");
}

function eventMarkers(
  w: Words,
  label: string,
  events: readonly BreakoutEvent[],
  factor: number,
): EventMarkers | null {
  if (events.length === 0) return null;
  return {
    label,
    colour: "vermillion",
    markers: events.map((e) => ({ x: e.date, y: roundSignificant(e.close * factor), label: w.date(e.date) })),
  };
}

/** A series that stops well before the as-of date says so in the legend. */
/** A weekly series is named by its id in a title; its legend carries the full name and providers. */
function titleName(w: Words, series: NamedSeries): string {
  return series.frequency === "weekly" ? w.say("weeklyName", { id: series.id }) : series.label;
}

function legendName(w: Words, label: string, bars: readonly Bar[], asOf: IsoDate): string {
  const last = bars.at(-1)?.date;
  if (!last || last >= addDays(asOf, -7)) return label;
  return w.say("dataTo", { label, date: w.date(last) });
}

function chooseScale(
  choice: ScaleChoice,
  points: ReadonlyArray<{ readonly y: number | null }>,
): "linear" | "log" {
  if (choice !== "auto") return choice;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const { y: v } of points) {
    if (v === null || v <= 0) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return max / min >= AUTO_LOG_RATIO ? "log" : "linear";
}

function footerLines(w: Words, sources: readonly string[], notes: readonly string[] = []): string[] {
  return [w.say("sources", { list: sources.join("; ") }), ...notes];
}

/** 1234.5 -> "1,234.5"; small prices keep four significant digits. */
export function formatPoints(value: number): string {
  const digits = value >= 100 ? 2 : Math.max(2, 4 - Math.floor(Math.log10(Math.abs(value) || 1)) - 1);
  const [whole, fraction] = value.toFixed(digits).split(".") as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function roundSignificant(value: number): number {
  return Number(value.toPrecision(6));
}

function roundTo(value: number | null, decimals: number): number | null {
  return value === null ? null : Number(value.toFixed(decimals));
}
