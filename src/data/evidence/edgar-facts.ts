// SEC EDGAR company facts → trailing 12-month earnings, and company_tickers.json → ticker-to-CIK map.
// The TTM method is written out in docs/evidence.md; in short, per concept in order of preference:
//  1. the fiscal year that ends on the latest reported period end (then it *is* the trailing 12 months);
//  2. else four consecutive quarters (80–100 days each) ending on the latest period end, summed;
//  3. else latest fiscal year + current year-to-date − the same year-to-date a year earlier;
//  4. else the latest fiscal year alone (flagged "latest-annual").
// Facts come only from 10-K/10-Q/20-F/40-F filings (amendments included); a period repeated by several filings
// keeps the latest filed value. A figure whose period ended more than 550 days before the as-of date is unused.
import { z } from "zod";
import { daysBetween, type IsoDate } from "../../core/base/dates.ts";

const factSchema = z.object({
  start: z.string().optional(),
  end: z.string(),
  val: z.number(),
  form: z.string(),
  filed: z.string(),
  frame: z.string().optional(),
});
const conceptSchema = z.object({ units: z.record(z.string(), z.array(z.unknown())) });
export const companyFactsSchema = z.object({
  cik: z.union([z.number(), z.string()]),
  entityName: z.string().optional(),
  facts: z.record(z.string(), z.record(z.string(), conceptSchema)),
});
export type CompanyFacts = z.infer<typeof companyFactsSchema>;

export type DurationFact = z.infer<typeof factSchema> & { readonly start: string };

export type TtmMethod = "fiscal-year" | "four-quarters" | "annual-plus-ytd" | "latest-annual";

export interface TrailingEarnings {
  readonly value: number;
  /** e.g. "us-gaap:NetIncomeLoss". */
  readonly concept: string;
  readonly unit: string;
  readonly method: TtmMethod;
  /** The last day of the trailing period. */
  readonly periodEnd: IsoDate;
}

/** Concepts tried in order: net income first (its sign is the question), EPS when a filer reports no net income. */
export const EARNINGS_CONCEPTS: ReadonlyArray<{ ns: string; name: string; unit?: string }> = [
  { ns: "us-gaap", name: "NetIncomeLoss", unit: "USD" },
  { ns: "us-gaap", name: "ProfitLoss", unit: "USD" },
  { ns: "us-gaap", name: "NetIncomeLossAvailableToCommonStockholdersBasic", unit: "USD" },
  { ns: "us-gaap", name: "EarningsPerShareDiluted", unit: "USD/shares" },
  { ns: "us-gaap", name: "EarningsPerShareBasic", unit: "USD/shares" },
  { ns: "ifrs-full", name: "ProfitLossAttributableToOwnersOfParent" },
  { ns: "ifrs-full", name: "ProfitLoss" },
];

const PERIODIC_FORM = /^(10-K|10-Q|20-F|40-F)(\/A)?$/;
const MAX_AGE_DAYS = 550;
const near = (a: IsoDate, b: IsoDate, days: number) => Math.abs(daysBetween(a, b)) <= days;
const length = (f: DurationFact) => daysBetween(f.start, f.end);
const isQuarter = (f: DurationFact) => length(f) >= 80 && length(f) <= 100;
const isAnnual = (f: DurationFact) => length(f) >= 350 && length(f) <= 380;

/** Duration facts from periodic reports, one per (start, end): the latest filed. */
export function durationFacts(raw: readonly unknown[]): DurationFact[] {
  const byPeriod = new Map<string, DurationFact>();
  for (const item of raw) {
    const parsed = factSchema.safeParse(item);
    if (!parsed.success) continue;
    const f = parsed.data;
    if (!f.start || !PERIODIC_FORM.test(f.form)) continue;
    const key = `${f.start}/${f.end}`;
    const prev = byPeriod.get(key);
    if (!prev || f.filed > prev.filed) byPeriod.set(key, { ...f, start: f.start });
  }
  return [...byPeriod.values()].sort((a, b) =>
    a.end === b.end ? (a.start < b.start ? -1 : 1) : a.end < b.end ? -1 : 1,
  );
}

/** Trailing 12 months from one concept's facts, by the method in the module comment; null when none applies. */
export function trailingFromFacts(
  facts: readonly DurationFact[],
  asOf: IsoDate,
): { value: number; method: TtmMethod; periodEnd: IsoDate } | null {
  const usable = facts.filter((f) => f.end <= asOf);
  const latestEnd = usable
    .map((f) => f.end)
    .sort()
    .at(-1);
  if (!latestEnd || daysBetween(latestEnd, asOf) > MAX_AGE_DAYS) return null;
  const annuals = usable.filter(isAnnual);
  const fiscalYear = annuals.find((f) => f.end === latestEnd);
  if (fiscalYear) return { value: fiscalYear.val, method: "fiscal-year", periodEnd: latestEnd };

  const quarters = usable.filter(isQuarter);
  const chain: DurationFact[] = [];
  let cur = quarters.find((q) => q.end === latestEnd);
  while (cur && chain.length < 4) {
    chain.push(cur);
    const start = cur.start;
    cur = quarters.find((q) => q.end < start && near(q.end, start, 7));
  }
  if (chain.length === 4) {
    return { value: chain.reduce((s, q) => s + q.val, 0), method: "four-quarters", periodEnd: latestEnd };
  }

  const current = usable.filter((f) => f.end === latestEnd && length(f) < 350);
  for (const ytd of current) {
    const annual = annuals.find((a) => near(a.end, ytd.start, 7) && a.end < ytd.start);
    if (!annual) continue;
    const prior = usable.find(
      (f) => near(f.start, annual.start, 7) && Math.abs(length(f) - length(ytd)) <= 7,
    );
    if (prior) {
      return { value: annual.val + ytd.val - prior.val, method: "annual-plus-ytd", periodEnd: latestEnd };
    }
  }

  const lastAnnual = annuals.at(-1);
  if (lastAnnual && daysBetween(lastAnnual.end, asOf) <= MAX_AGE_DAYS) {
    return { value: lastAnnual.val, method: "latest-annual", periodEnd: lastAnnual.end };
  }
  return null;
}

/** The first concept (in EARNINGS_CONCEPTS order) that yields a trailing figure. */
export function trailingEarnings(companyFacts: CompanyFacts, asOf: IsoDate): TrailingEarnings | null {
  for (const c of EARNINGS_CONCEPTS) {
    const concept = companyFacts.facts[c.ns]?.[c.name];
    if (!concept) continue;
    const units = c.unit ? [c.unit] : Object.keys(concept.units);
    for (const unit of units) {
      const raw = concept.units[unit];
      if (!raw) continue;
      const ttm = trailingFromFacts(durationFacts(raw), asOf);
      if (ttm) return { ...ttm, concept: `${c.ns}:${c.name}`, unit };
    }
  }
  return null;
}

const tickerEntrySchema = z.object({ cik_str: z.number(), ticker: z.string() });
export const companyTickersSchema = z.record(z.string(), tickerEntrySchema);

/** company_tickers.json → ticker (SEC spelling, e.g. BRK-B, the same as Yahoo's) → CIK. First entry wins. */
export function parseCompanyTickers(json: unknown): Map<string, number> {
  const parsed = companyTickersSchema.parse(json);
  const map = new Map<string, number>();
  for (const entry of Object.values(parsed)) {
    const ticker = entry.ticker.toUpperCase();
    if (!map.has(ticker)) map.set(ticker, entry.cik_str);
  }
  return map;
}

export function companyFactsPath(cik: number): string {
  return `/api/xbrl/companyfacts/CIK${String(cik).padStart(10, "0")}.json`;
}
