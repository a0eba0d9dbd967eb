// The evidence behind the caveats: the share of Russell 2000 constituents with negative trailing earnings,
// small-cap ETF flows from shares outstanding × NAV, and curated published figures as fallback and context.
// Pure: adapters in src/data/evidence fetch the inputs; commands see only the EvidenceSource port.

import { type Locale, phrasebook } from "../answers/locale.ts";
import { addDays, daysBetween, type IsoDate } from "../base/dates.ts";
import { type CaveatPhrase, type PhraseValue, phraseText } from "./caveat-text.ts";

export type CaveatMethod = "computed" | "reported";
export type CaveatUnit = "percent" | "USD";

/** How much of the universe a computed figure rests on, and how far back its history reaches. */
export interface CaveatCoverage {
  /** Constituents (or funds) with data. */
  readonly covered: number;
  /** Constituents (or funds) without data. */
  readonly missing: number;
  readonly total: number;
  /** Flows: the earliest recorded date used when the history does not reach the window start. */
  readonly reachesBackTo?: IsoDate;
  /** One line on where the inputs came from or what was left out. */
  readonly note?: string;
}

/** One figure with its source and date; `text` is a complete sentence that names both. */
export interface Caveat {
  readonly id: string;
  /** In English; `caveatText` writes it in a chat's language. */
  readonly text: string;
  /** The sentence as figures (absent in a caveat cached by a riskon before these were kept). */
  readonly phrase?: CaveatPhrase;
  readonly value: number | null;
  readonly unit: CaveatUnit;
  readonly source: string;
  /** The date the figure describes: holdings date, last recorded day, or the end of the reported period. */
  readonly asOf: IsoDate;
  readonly method: CaveatMethod;
  readonly stale?: boolean;
  readonly coverage?: CaveatCoverage;
}

/** The port commands depend on: never throws for an upstream failure, falls back to curated figures instead. */
export interface EvidenceSource {
  getCaveats(today: IsoDate): Promise<readonly Caveat[]>;
}

export const CAVEAT_IDS = {
  negativeEarnings: "negative-earnings-share",
  etfFlows: "small-cap-etf-flows",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Negative-earnings share

export interface NegativeEarningsResult {
  /** Constituents with trailing earnings below zero. */
  readonly negative: number;
  /** Constituents with a trailing-earnings figure (negative, zero or positive). */
  readonly covered: number;
  /** Constituents without a figure. */
  readonly missing: number;
  readonly total: number;
  /** negative / covered, or null when nothing is covered. */
  readonly share: number | null;
  readonly missingSymbols: readonly string[];
}

/**
 * The share of constituents whose trailing 12-month earnings are negative, over those with a figure.
 * Duplicate symbols count once; a missing or non-finite figure counts as missing, never as positive.
 */
export function negativeEarningsShare(
  constituents: readonly string[],
  earnings: ReadonlyMap<string, number | null>,
): NegativeEarningsResult {
  const symbols = [...new Set(constituents)];
  let negative = 0;
  let covered = 0;
  const missingSymbols: string[] = [];
  for (const symbol of symbols) {
    const value = earnings.get(symbol);
    if (value === undefined || value === null || !Number.isFinite(value)) {
      missingSymbols.push(symbol);
      continue;
    }
    covered += 1;
    if (value < 0) negative += 1;
  }
  return {
    negative,
    covered,
    missing: missingSymbols.length,
    total: symbols.length,
    share: covered > 0 ? negative / covered : null,
    missingSymbols,
  };
}

// ---------------------------------------------------------------------------------------------------------
// ETF flows

/** One day of a fund's published data. */
export interface SharesPoint {
  readonly date: IsoDate;
  readonly sharesOutstanding: number;
  /** NAV per share (or the closing price where no NAV is published). */
  readonly nav: number;
}

export interface FlowWindow {
  /** The window start asked for: flows after this date count. */
  readonly from: IsoDate;
  /** The last data point used. */
  readonly to: IsoDate | null;
  /** Net creations (+) minus redemptions (−) in USD; null without two points in the window. */
  readonly netFlowUsd: number | null;
  /** Set when the history does not reach `from`: the first date the figure covers. */
  readonly reachesBackTo?: IsoDate;
}

export interface FlowEstimate {
  readonly ytd: FlowWindow;
  readonly d30: FlowWindow;
  readonly d90: FlowWindow;
}

/**
 * Net flow after `from` up to `asOf`: the sum over consecutive points of (shares_i − shares_{i−1}) × NAV_i,
 * starting at the last point on or before `from`. With daily points this is the usual creation/redemption
 * estimate; with sparse points each gap's change is valued at the NAV of its later day. When no point is on or
 * before `from`, the figure starts at the first point and says so in `reachesBackTo`.
 */
export function flowSince(history: readonly SharesPoint[], from: IsoDate, asOf: IsoDate): FlowWindow {
  const points = [...history].filter((p) => p.date <= asOf).sort((a, b) => (a.date < b.date ? -1 : 1));
  let baseIndex = -1;
  for (let i = 0; i < points.length; i += 1) if ((points[i]?.date ?? "") <= from) baseIndex = i;
  const reachesBack = baseIndex === -1;
  if (baseIndex === -1) baseIndex = 0;
  const base = points[baseIndex];
  const last = points.at(-1);
  if (!base || !last || last === base) {
    return {
      from,
      to: last?.date ?? null,
      netFlowUsd: null,
      ...(reachesBack && base ? { reachesBackTo: base.date } : {}),
    };
  }
  let flow = 0;
  for (let i = baseIndex + 1; i < points.length; i += 1) {
    const prev = points[i - 1];
    const cur = points[i];
    if (prev && cur) flow += (cur.sharesOutstanding - prev.sharesOutstanding) * cur.nav;
  }
  return { from, to: last.date, netFlowUsd: flow, ...(reachesBack ? { reachesBackTo: base.date } : {}) };
}

/** Year to date (from the last day of the previous year), 30 and 90 calendar days. */
export function estimateFlows(history: readonly SharesPoint[], asOf: IsoDate): FlowEstimate {
  const yearEnd = `${Number(asOf.slice(0, 4)) - 1}-12-31`;
  return {
    ytd: flowSince(history, yearEnd, asOf),
    d30: flowSince(history, addDays(asOf, -30), asOf),
    d90: flowSince(history, addDays(asOf, -90), asOf),
  };
}

/** The flow windows of several funds added up; a window is null when no fund has it. */
export function sumFlowWindows(windows: readonly FlowWindow[]): number | null {
  const values = windows.map((w) => w.netFlowUsd).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------------------
// Curated (reported) facts

/** A published figure kept in data/caveats/curated.json; validated by the adapter that reads the file. */
export interface CuratedFact {
  readonly id: string;
  /** What the figure says, without the source: "~40% of Russell 2000 companies had negative ...". */
  readonly claim: string;
  readonly value: number;
  readonly unit: CaveatUnit;
  /** The period the figure refers to, e.g. "calendar 2025", and its last day. */
  readonly period: { readonly label: string; readonly end: IsoDate };
  readonly source: {
    readonly name: string;
    /** Null when the publication date could not be verified. */
    readonly publishedOn: IsoDate | null;
    /** Null when the original link could not be verified. */
    readonly url: string | null;
  };
  /** When the fact was added to riskon (bookkeeping; staleness counts from publication, else the period's end). */
  readonly addedOn: IsoDate;
  /** Another verified page that repeats the figure, when the original was not found. */
  readonly citedBy?: { readonly name: string; readonly url: string };
}

export interface StalenessPolicy {
  /**
   * A reported figure older than this is stale, counted from its publication date or, when that is unknown, from
   * the end of the period it describes (it cannot be fresher than its data).
   */
  readonly reportedMaxAgeDays: number;
  /** A computed figure older than this is replaced by the reported one (or shown as stale without one). */
  readonly computedMaxAgeDays: number;
}

export const DEFAULT_STALENESS: StalenessPolicy = { reportedMaxAgeDays: 120, computedMaxAgeDays: 14 };

export function reportedCaveat(fact: CuratedFact, today: IsoDate, policy = DEFAULT_STALENESS): Caveat {
  const datedFrom = fact.source.publishedOn ?? fact.period.end;
  const stale = daysBetween(datedFrom, today) > policy.reportedMaxAgeDays;
  const phrase: CaveatPhrase = {
    key: "reported",
    vars: {
      claim: fact.claim,
      name: fact.source.name,
      publishedOn: fact.source.publishedOn ?? null,
      period: fact.period.label,
      url: fact.source.url ?? null,
    },
  };
  return {
    id: fact.id,
    text: phraseText(phrase),
    phrase,
    value: fact.value,
    unit: fact.unit,
    source: fact.source.name,
    asOf: fact.period.end,
    method: "reported",
    ...(stale ? { stale } : {}),
  };
}

/**
 * The figure to show for one caveat id: the computed one while it is fresh, else the reported one, else the
 * computed one marked stale. Null when neither exists.
 */
export function chooseCaveat(
  computed: Caveat | null,
  reported: Caveat | null,
  today: IsoDate,
  policy = DEFAULT_STALENESS,
): Caveat | null {
  if (computed && daysBetween(computed.asOf, today) <= policy.computedMaxAgeDays) return computed;
  if (reported) return reported;
  return computed ? { ...computed, stale: true } : null;
}

// ---------------------------------------------------------------------------------------------------------
// Texts

export interface NegativeEarningsInputs {
  readonly result: NegativeEarningsResult;
  /** The holdings file's date. */
  readonly asOf: IsoDate;
  /** "iShares IWM holdings; Yahoo Finance quotes; SEC EDGAR company facts". */
  readonly source: string;
  readonly note?: string;
}

export function negativeEarningsCaveat(input: NegativeEarningsInputs): Caveat {
  const r = input.result;
  const phrase: CaveatPhrase = {
    key: "earnings",
    vars: {
      share: r.share,
      negative: r.negative,
      covered: r.covered,
      missing: r.missing,
      total: r.total,
      source: input.source,
      asOf: input.asOf,
    },
  };
  return {
    id: CAVEAT_IDS.negativeEarnings,
    text: phraseText(phrase),
    phrase,
    value: r.share === null ? null : Math.round(r.share * 1000) / 10,
    unit: "percent",
    source: input.source,
    asOf: input.asOf,
    method: "computed",
    coverage: {
      covered: r.covered,
      missing: r.missing,
      total: r.total,
      ...(input.note ? { note: input.note } : {}),
    },
  };
}

export interface FundFlows {
  readonly fund: string;
  /** Who published the shares and NAV, e.g. "iShares fund data" or "Yahoo Finance quote (recorded daily)". */
  readonly source: string;
  readonly flows: FlowEstimate;
}

/** A window's summed flow and, when some fund's history does not reach its start, the earliest date used. */
function windowVars(
  name: "ytd" | "d90" | "d30",
  windows: readonly FlowWindow[],
): Record<string, PhraseValue> {
  const earliest = windows
    .map((w) => w.reachesBackTo)
    .filter((d): d is IsoDate => d !== undefined)
    .sort()[0];
  return { [`${name}Usd`]: sumFlowWindows(windows), [`${name}From`]: earliest ?? null };
}

/** The flows caveat over every fund with data; null when no fund has two points. */
export function flowsCaveat(
  funds: readonly FundFlows[],
  asOf: IsoDate,
  missingFunds: readonly string[],
): Caveat | null {
  const withData = funds.filter((f) => f.flows.ytd.netFlowUsd !== null || f.flows.d90.netFlowUsd !== null);
  if (withData.length === 0) return null;
  const ytd = withData.map((f) => f.flows.ytd);
  const reachesBackTo = ytd
    .map((w) => w.reachesBackTo)
    .filter((d): d is IsoDate => d !== undefined)
    .sort()[0];
  const lastDate =
    withData
      .map((f) => f.flows.ytd.to)
      .filter((d): d is IsoDate => d !== null)
      .sort()
      .at(-1) ?? asOf;
  const names = withData.map((f) => f.fund).join(", ");
  const sources = [...new Set(withData.map((f) => f.source))].join("; ");
  const phrase: CaveatPhrase = {
    key: "flows",
    vars: {
      names,
      sources,
      date: lastDate,
      ...windowVars("ytd", ytd),
      ...windowVars(
        "d90",
        withData.map((f) => f.flows.d90),
      ),
      ...windowVars(
        "d30",
        withData.map((f) => f.flows.d30),
      ),
    },
  };
  const value = sumFlowWindows(ytd);
  return {
    id: CAVEAT_IDS.etfFlows,
    text: phraseText(phrase),
    phrase,
    value: value === null ? null : Math.round(value),
    unit: "USD",
    source: sources,
    asOf: lastDate,
    method: "computed",
    coverage: {
      covered: withData.length,
      missing: missingFunds.length + (funds.length - withData.length),
      total: funds.length + missingFunds.length,
      ...(reachesBackTo ? { reachesBackTo } : {}),
      ...(missingFunds.length > 0 ? { note: `no data for ${missingFunds.join(", ")}` } : {}),
    },
  };
}

/** A caveat as the CLI's `--json` prints it: `caveats: [{id, text, value, unit, source, asOf, method, ...}]`. */
export function caveatJson(c: Caveat): Record<string, unknown> {
  return {
    id: c.id,
    text: c.text,
    value: c.value,
    unit: c.unit,
    source: c.source,
    asOf: c.asOf,
    method: c.method,
    ...(c.stale ? { stale: true } : {}),
    ...(c.coverage ? { coverage: c.coverage } : {}),
  };
}

/** The English words around the figures; other languages have them under `evidence.` in the translation files. */
export const EVIDENCE_MESSAGES = {
  stale: "[stale] {{text}}",
  notYet: "{{id}}: not yet published on {{date}} (its figure describes {{describes}}).",
} as const;
const say = phrasebook("evidence", EVIDENCE_MESSAGES);

/** The caveat's sentence in the chat's language (as it was written where it has no figures kept). */
export function caveatText(c: Caveat, locale?: Locale): string {
  return c.phrase && locale ? phraseText(c.phrase, locale) : c.text;
}

/** The short block for /russell and the digest: one line per caveat, each with its figure, source and date. */
export function caveatLines(caveats: readonly Caveat[], locale?: Locale): string[] {
  return caveats.map((c) =>
    c.stale ? say(locale, "stale", { text: caveatText(c, locale) }) : caveatText(c, locale),
  );
}

/**
 * The caveats an answer about `asOf` may carry: those whose figure describes a date on or before it, and one line
 * for each that describes a later date ("not yet published"): an answer about 2021 does not quote a 2025 figure.
 */
export function caveatLinesAsOf(
  caveats: readonly Caveat[],
  asOf: IsoDate,
  maxAgeDays = DEFAULT_STALENESS.reportedMaxAgeDays,
  locale?: Locale,
): string[] {
  const date = (iso: IsoDate) => (locale ? locale.date(iso) : iso);
  // Staleness is judged at the answer's date, not today's.
  return caveats.map((c) =>
    c.asOf > asOf
      ? say(locale, "notYet", { id: c.id, date: date(asOf), describes: date(c.asOf) })
      : daysBetween(c.asOf, asOf) > maxAgeDays
        ? say(locale, "stale", { text: caveatText(c, locale) })
        : caveatText(c, locale),
  );
}
