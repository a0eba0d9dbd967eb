// How the pieces of a joined series are named, in one place: the text's one line, the chart footer, the chart
// legend and a series definition say different amounts of the same segments, each a style of one formatter.

import { type Locale, phrasebook } from "../answers/locale.ts";
import type { IsoDate } from "../base/dates.ts";
import type { SeriesSegment } from "../ports.ts";

export type SegmentStyle = "text" | "footer" | "legend" | "definition";

/** The English words; other languages have them under `segments.` in the translation files. */
export const SEGMENT_MESSAGES = {
  snapshot: " (bundled snapshot)",
  stored: " (stored)",
  rescaled: ", rescaled",
  rescaledShort: " (rescaled)",
  first: "{{provider}}{{where}} {{from}} to {{to}}{{flag}}",
  next: "then {{provider}}{{where}}{{flag}} to {{to}}",
  legendNext: "{{provider}} from {{from}}{{rescaled}}",
  definitionFirst: "{{provider}} {{from}} to {{to}}",
  definitionNext: "{{provider}}{{rescaled}} to {{to}}",
  rescaledBy: " (rescaled x{{scale}} on the overlap)",
  line: "{{series}}: {{segments}}.",
} as const;
const say = phrasebook("segments", SEGMENT_MESSAGES);

interface StyleRule {
  readonly first: (s: SeriesSegment, l: Locale | undefined) => string;
  readonly next: (s: SeriesSegment, l: Locale | undefined) => string;
  readonly separator: string;
}

const where = (s: SeriesSegment, l: Locale | undefined) =>
  s.freshness === "snapshot" ? say(l, "snapshot") : s.freshness === "stored" ? say(l, "stored") : "";
const flag = (s: SeriesSegment, l: Locale | undefined) =>
  s.note?.startsWith("doubtful") ? `, ${s.note}` : s.scale !== undefined ? say(l, "rescaled") : "";
const date = (iso: IsoDate, l: Locale | undefined) => (l ? l.date(iso) : iso);
/** The legend's short provider names: "CoinMarketCap" for "CoinMarketCap market-cap breakdown, weekly". */
const short = (provider: string) => provider.replace(/ market-cap breakdown(, weekly)?$/, "");

const STYLES: Readonly<Record<SegmentStyle, StyleRule>> = {
  // "Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2026-12-01"
  text: {
    first: (s, l) =>
      say(l, "first", {
        provider: s.provider,
        where: where(s, l),
        from: date(s.from, l),
        to: date(s.to, l),
        flag: flag(s, l),
      }),
    next: (s, l) =>
      say(l, "next", { provider: s.provider, where: where(s, l), flag: flag(s, l), to: date(s.to, l) }),
    separator: ", ",
  },
  // "Yahoo Finance BTC-USD + Binance BTC/USDT"
  footer: {
    first: (s, l) => `${s.provider}${s.scale !== undefined ? say(l, "rescaledShort") : ""}`,
    next: (s, l) => `${s.provider}${s.scale !== undefined ? say(l, "rescaledShort") : ""}`,
    separator: " + ",
  },
  // "CoinMarketCap; TradingView CRYPTOCAP TOTAL3 from 2024-12-15, rescaled"
  legend: {
    first: (s) => short(s.provider),
    next: (s, l) =>
      say(l, "legendNext", {
        provider: short(s.provider),
        from: date(s.from, l),
        rescaled: s.scale !== undefined ? say(l, "rescaled") : "",
      }),
    separator: "; ",
  },
  // "CoinMarketCap … 2013-05-05 to 2024-12-08; TradingView CRYPTOCAP (rescaled x1.081 on the overlap) to 2026-04-19"
  definition: {
    first: (s, l) =>
      say(l, "definitionFirst", { provider: s.provider, from: date(s.from, l), to: date(s.to, l) }),
    next: (s, l) =>
      say(l, "definitionNext", {
        provider: s.provider,
        rescaled: s.scale !== undefined ? say(l, "rescaledBy", { scale: s.scale.toFixed(3) }) : "",
        to: date(s.to, l),
      }),
    separator: "; ",
  },
};

/** The segments in one style; "" for none. */
export function describeSegments(
  segments: readonly SeriesSegment[],
  style: SegmentStyle,
  locale?: Locale,
): string {
  const rule = STYLES[style];
  return segments
    .map((s, i) => (i === 0 ? rule.first(s, locale) : rule.next(s, locale)))
    .join(rule.separator);
}

/** "BTC: Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2026-12-01." */
export function segmentsLine(series: string, segments: readonly SeriesSegment[], locale?: Locale): string {
  return say(locale, "line", { series, segments: describeSegments(segments, "text", locale) });
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
