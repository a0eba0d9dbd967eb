// How the pieces of a joined series are named, in one place: the text's one line, the chart footer, the chart
// legend and a series definition say different amounts of the same segments, each a style of one formatter.
import type { IsoDate } from "../base/dates.ts";
import type { SeriesSegment } from "../ports.ts";

export type SegmentStyle = "text" | "footer" | "legend" | "definition";

interface StyleRule {
  readonly first: (s: SeriesSegment) => string;
  readonly next: (s: SeriesSegment) => string;
  readonly separator: string;
}

const where = (s: SeriesSegment) =>
  s.freshness === "snapshot" ? " (bundled snapshot)" : s.freshness === "stored" ? " (stored)" : "";
const flag = (s: SeriesSegment) =>
  s.note?.startsWith("doubtful") ? `, ${s.note}` : s.scale !== undefined ? ", rescaled" : "";
/** The legend's short provider names: "CoinMarketCap" for "CoinMarketCap market-cap breakdown, weekly". */
const short = (provider: string) => provider.replace(/ market-cap breakdown(, weekly)?$/, "");

const STYLES: Readonly<Record<SegmentStyle, StyleRule>> = {
  // "Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2026-12-01"
  text: {
    first: (s) => `${s.provider}${where(s)} ${s.from} to ${s.to}${flag(s)}`,
    next: (s) => `then ${s.provider}${where(s)}${flag(s)} to ${s.to}`,
    separator: ", ",
  },
  // "Yahoo Finance BTC-USD + Binance BTC/USDT"
  footer: {
    first: (s) => `${s.provider}${s.scale !== undefined ? " (rescaled)" : ""}`,
    next: (s) => `${s.provider}${s.scale !== undefined ? " (rescaled)" : ""}`,
    separator: " + ",
  },
  // "CoinMarketCap; TradingView CRYPTOCAP TOTAL3 from 2024-12-15, rescaled"
  legend: {
    first: (s) => short(s.provider),
    next: (s) => `${short(s.provider)} from ${s.from}${s.scale !== undefined ? ", rescaled" : ""}`,
    separator: "; ",
  },
  // "CoinMarketCap … 2013-05-05 to 2024-12-08; TradingView CRYPTOCAP (rescaled x1.081 on the overlap) to 2026-04-19"
  definition: {
    first: (s) => `${s.provider} ${s.from} to ${s.to}`,
    next: (s) =>
      `${s.provider}${s.scale !== undefined ? ` (rescaled x${s.scale.toFixed(3)} on the overlap)` : ""} to ${s.to}`,
    separator: "; ",
  },
};

/** The segments in one style; "" for none. */
export function describeSegments(segments: readonly SeriesSegment[], style: SegmentStyle): string {
  const rule = STYLES[style];
  return segments.map((s, i) => (i === 0 ? rule.first(s) : rule.next(s))).join(rule.separator);
}

/** "BTC: Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2026-12-01." */
export function segmentsLine(series: string, segments: readonly SeriesSegment[]): string {
  return `${series}: ${describeSegments(segments, "text")}.`;
}

/** The segments with a date in [from, to]: what a chart of that range shows. */
export function segmentsWithin(
  segments: readonly SeriesSegment[],
  from: IsoDate,
  to: IsoDate,
): SeriesSegment[] {
  return segments.filter((s) => s.to >= from && s.from <= to);
}

/** The segments as known at `lastDate`: later ones dropped, the last one cut there. */
export function segmentsUntil(segments: readonly SeriesSegment[], lastDate: IsoDate): SeriesSegment[] {
  return segments
    .filter((s) => s.from <= lastDate)
    .map((s) => (s.to > lastDate ? { ...s, to: lastDate } : s));
}
