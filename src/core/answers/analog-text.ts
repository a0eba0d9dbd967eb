// How the after-breakout figures read in an answer: every median with its spread, its n, the baseline (the
// same measure from any session) and whether the difference is beyond chance, in words a phone can show.
import type { SummaryKey, TestedSummary } from "../analytics/baseline.ts";
import { signedPct } from "./numbers.ts";

/** A p-value below this is called a difference beyond chance. */
export const SIGNIFICANCE = 0.05;

const HORIZON_WORDS: Record<SummaryKey, string> = {
  d30: "30 days",
  d90: "90 days",
  d180: "180 days",
  d365: "365 days",
  max180: "best close within 180 days",
  best365: "best close within 365 days",
  maxDrawdown365: "worst fall within 365 days",
};

export function pValueText(p: number | null): string {
  if (p === null) return "n too small to test";
  return p < 0.001 ? "p<0.001" : `p=${p.toFixed(p < 0.1 ? 3 : 2)}`;
}

/** "median -24% (IQR -26% to +11%), n=5; any 90 days +8%; p=0.03" (min to max where n < 5). */
export function testedFigure(s: TestedSummary, key: SummaryKey): string {
  if (s.n === 0 || s.median === null) return "no event has reached it yet";
  const spread =
    s.n === 1
      ? ""
      : s.n < 5
        ? ` (range ${signedPct(s.min, 0)} to ${signedPct(s.max, 0)})`
        : ` (IQR ${signedPct(s.q1, 0)} to ${signedPct(s.q3, 0)})`;
  const baseline =
    s.baseline.median === null
      ? "no baseline"
      : `any ${HORIZON_WORDS[key]} ${signedPct(s.baseline.median, 0)}`;
  return `median ${signedPct(s.median, 0)}${spread}, n=${s.n}; ${baseline}; ${pValueText(s.pValue)}`;
}

/** One plain verdict on a tested median (its n and p are in the figure beside it). */
export function testedVerdict(s: TestedSummary, key: SummaryKey): string {
  if (s.pValue === null) return "too few events to tell";
  if (s.pValue >= SIGNIFICANCE) return `no different from any ${HORIZON_WORDS[key]}`;
  const side = (s.median ?? 0) > (s.baseline.median ?? 0) ? "above" : "below";
  return `${side} what any ${HORIZON_WORDS[key]} gave, beyond chance on this test`;
}
