// How the after-breakout figures read in an answer: every median with its spread, its n, the baseline (the
// same measure from any session) and whether the difference is beyond chance, in words a phone can show.
import type { SummaryKey, TestedSummary } from "../analytics/baseline.ts";
import { type Locale, phrasebook } from "./locale.ts";
import { signedPct } from "./numbers.ts";

/** A p-value below this is called a difference beyond chance. */
export const SIGNIFICANCE = 0.05;

/** The English texts; other languages have them under `analog.` in the translation files. */
export const ANALOG_MESSAGES = {
  d30: "30 days",
  d90: "90 days",
  d180: "180 days",
  d365: "365 days",
  max180: "best close within 180 days",
  best365: "best close within 365 days",
  maxDrawdown365: "worst fall within 365 days",
  untested: "n too small to test",
  notReached: "no event has reached it yet",
  range: " (range {{min}} to {{max}})",
  iqr: " (IQR {{q1}} to {{q3}})",
  noBaseline: "no baseline",
  baseline: "any {{horizon}} {{median}}",
  figure: "median {{median}}{{spread}}, n={{n}}; {{baseline}}; {{p}}",
  tooFew: "too few events to tell",
  noDifferent: "no different from any {{horizon}}",
  above: "above what any {{horizon}} gave, beyond chance on this test",
  below: "below what any {{horizon}} gave, beyond chance on this test",
} as const;
const say = phrasebook("analog", ANALOG_MESSAGES);

const pct0 = (locale: Locale | undefined, value: number | null) =>
  locale ? locale.pct(value, 0) : signedPct(value, 0);

export function pValueText(p: number | null, locale?: Locale): string {
  if (p === null) return say(locale, "untested");
  if (p < 0.001) return "p<0.001";
  const digits = p < 0.1 ? 3 : 2;
  return `p=${locale ? locale.num(p, digits) : p.toFixed(digits)}`;
}

/** "median -24% (IQR -26% to +11%), n=5; any 90 days +8%; p=0.03" (min to max where n < 5). */
export function testedFigure(s: TestedSummary, key: SummaryKey, locale?: Locale): string {
  if (s.n === 0 || s.median === null) return say(locale, "notReached");
  const spread =
    s.n === 1
      ? ""
      : s.n < 5
        ? say(locale, "range", { min: pct0(locale, s.min), max: pct0(locale, s.max) })
        : say(locale, "iqr", { q1: pct0(locale, s.q1), q3: pct0(locale, s.q3) });
  const baseline =
    s.baseline.median === null
      ? say(locale, "noBaseline")
      : say(locale, "baseline", { horizon: say(locale, key), median: pct0(locale, s.baseline.median) });
  return say(locale, "figure", {
    median: pct0(locale, s.median),
    spread,
    n: s.n,
    baseline,
    p: pValueText(s.pValue, locale),
  });
}

/** One plain verdict on a tested median (its n and p are in the figure beside it). */
export function testedVerdict(s: TestedSummary, key: SummaryKey, locale?: Locale): string {
  if (s.pValue === null) return say(locale, "tooFew");
  const horizon = say(locale, key);
  if (s.pValue >= SIGNIFICANCE) return say(locale, "noDifferent", { horizon });
  return say(locale, (s.median ?? 0) > (s.baseline.median ?? 0) ? "above" : "below", { horizon });
}
