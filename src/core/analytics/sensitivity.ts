// How much the after-breakout figures hang on the event rule: the same medians under a minimum gap since the prior
// record of 63, 126, 252 and 504 sessions, and for the ETFs on quoted-price closes as well as total-return ones
// (dividends move records, and with them event dates, by up to months). The main answer's rule is 126 sessions
// on its own series, so that row equals the main summary.

import { type Locale, phrasebook } from "../answers/locale.ts";
import type { IsoDate } from "../base/dates.ts";
import { memoized } from "../base/memo.ts";
import { type Bar, barsUntil } from "../base/series.ts";
import type { SeriesData } from "../ports.ts";
import { forwardReturns, startDateFor, summarize } from "./analogs.ts";
import { findBreakoutEvents } from "./breakouts.ts";

export const SENSITIVITY_GAPS = [63, 126, 252, 504] as const;
export type Basis = "price" | "total_return";

export interface SensitivityRow {
  readonly minSessionsSincePriorHigh: number;
  readonly basis: Basis;
  /** Breakout events under this rule up to the as-of date. */
  readonly events: number;
  readonly summary: Readonly<
    Record<
      string,
      {
        readonly d90: { n: number; median: number | null };
        readonly d365: { n: number; median: number | null };
      }
    >
  >;
}

export interface IndexVariant {
  readonly basis: Basis;
  readonly bars: readonly Bar[];
}

/** The figures under each rule and basis; once per data version (core/base/memo.ts). */
export const sensitivityRows = memoized(sensitivityRowsOf);

function sensitivityRowsOf(
  variants: readonly IndexVariant[],
  assets: readonly SeriesData[],
  asOf: IsoDate,
): SensitivityRow[] {
  const visible = assets.map((a) => ({ id: a.id, bars: barsUntil(a.bars, asOf), data: a }));
  return variants.flatMap((variant) =>
    SENSITIVITY_GAPS.map((gap) => {
      const events = findBreakoutEvents(barsUntil(variant.bars, asOf), { minSessionsSincePriorHigh: gap });
      const summary = Object.fromEntries(
        visible.map((asset) => {
          const rows = events
            .filter((e) => (asset.bars[0]?.date ?? "9999") <= e.date)
            .map((e) =>
              forwardReturns(asset.bars, startDateFor(asset.data, asset.bars, e.date) ?? e.date, asOf),
            );
          const pick = (key: "d90" | "d365") => {
            const s = summarize(rows.map((r) => r[key]));
            return { n: s.n, median: s.median };
          };
          return [asset.id, { d90: pick("d90"), d365: pick("d365") }];
        }),
      );
      return { minSessionsSincePriorHigh: gap, basis: variant.basis, events: events.length, summary };
    }),
  );
}

/** One line: does the sign of each asset's 90- and 365-day median hold across every rule and basis? */
/** The English texts; other languages have them under `sensitivity.` in the translation files. */
export const SENSITIVITY_MESSAGES = {
  label: "{{asset}} {{days}}d",
  positive: "{{label}} positive under all {{count}}",
  negative: "{{label}} negative under all {{count}}",
  mixed: "{{label}} changes sign (positive under {{positive}} of {{count}})",
  gaps: "gaps {{gaps}} sessions",
  bases: ", price and total-return closes",
  line: "Rule sensitivity ({{rules}}): {{parts}}.",
} as const;
const say = phrasebook("sensitivity", SENSITIVITY_MESSAGES);

export function sensitivityLine(
  rows: readonly SensitivityRow[],
  assetIds: readonly string[],
  locale?: Locale,
): string {
  const parts: string[] = [];
  for (const id of assetIds) {
    for (const key of ["d90", "d365"] as const) {
      const medians = rows
        .map((r) => r.summary[id]?.[key].median)
        .filter((m): m is number => m !== null && m !== undefined);
      if (medians.length === 0) continue;
      const positive = medians.filter((m) => m > 0).length;
      const vars = {
        label: say(locale, "label", { asset: id, days: key.slice(1) }),
        count: medians.length,
        positive,
      };
      parts.push(
        say(locale, positive === medians.length ? "positive" : positive === 0 ? "negative" : "mixed", vars),
      );
    }
  }
  const bothBases = rows.some((r) => r.basis === "price") && rows.some((r) => r.basis === "total_return");
  const rules = `${say(locale, "gaps", { gaps: SENSITIVITY_GAPS.join("/") })}${bothBases ? say(locale, "bases") : ""}`;
  return parts.length === 0 ? "" : say(locale, "line", { rules, parts: parts.join("; ") });
}
