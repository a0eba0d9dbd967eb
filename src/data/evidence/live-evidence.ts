// The EvidenceSource adapters: curated-only (offline default) and live (holdings + quotes + EDGAR + fund data,
// cached), which falls back to the curated figures whenever a computed one is missing or too old. getCaveats
// never throws for an upstream failure: it logs, and the answer carries the curated figure with its date.

import { addDays, daysBetween, fromEpochDay, type IsoDate } from "../../core/base/dates.ts";
import {
  CAVEAT_IDS,
  type Caveat,
  type CuratedFact,
  chooseCaveat,
  DEFAULT_STALENESS,
  type EvidenceSource,
  estimateFlows,
  type FundFlows,
  flowsCaveat,
  negativeEarningsCaveat,
  negativeEarningsShare,
  reportedCaveat,
  type SharesPoint,
  type StalenessPolicy,
} from "../../core/evidence/evidence.ts";
import { OutageLog } from "../outage-log.ts";
import type { TrailingEarnings } from "./edgar-facts.ts";
import { EMPTY_EVIDENCE_STATE, type EvidenceCache, type EvidenceCacheState } from "./evidence-cache.ts";
import { fetchHoldings } from "./holdings-fetcher.ts";
import { constituentsOf, type HoldingsFile, navFromHoldings } from "./ishares-holdings.ts";
import { type QuoteBatchResult, trailingEpsOf } from "./yahoo-quotes.ts";

/** Curated figures only: the offline default, and what the live source degrades to. */
export class CuratedEvidenceSource implements EvidenceSource {
  constructor(
    private readonly facts: readonly CuratedFact[],
    private readonly policy: StalenessPolicy = DEFAULT_STALENESS,
  ) {}
  async getCaveats(today: IsoDate): Promise<readonly Caveat[]> {
    return this.facts.map((f) => reportedCaveat(f, today, this.policy));
  }
  async reported(today: IsoDate): Promise<readonly Caveat[]> {
    return this.getCaveats(today);
  }
}

export interface QuoteSource {
  quotes(symbols: readonly string[]): Promise<QuoteBatchResult>;
}

export interface EdgarEarnings {
  companyTickers(): Promise<Map<string, number>>;
  trailingEarnings(cik: number, asOf: IsoDate): Promise<TrailingEarnings | null>;
}

/** A fund whose shares outstanding are read from its iShares holdings file (archive by date available). */
export interface IsharesFund {
  readonly fund: string;
  readonly kind: "ishares";
  readonly holdingsUrl: string;
}
/** A fund without a usable archive: shares outstanding and NAV (else price) from its Yahoo quote, daily. */
export interface QuotedFund {
  readonly fund: string;
  readonly kind: "yahoo";
}
export type FlowFund = IsharesFund | QuotedFund;

export interface LiveEvidenceOptions {
  readonly curated: readonly CuratedFact[];
  readonly cache: EvidenceCache;
  /** The IWM holdings download: the constituents. */
  readonly holdingsUrl: string;
  readonly fetchHoldings?: (url: string, asOf?: IsoDate) => Promise<HoldingsFile>;
  /** Null: no Yahoo (the quoted funds are then missing too). */
  readonly quotes: QuoteSource | null;
  /** Null when SEC_USER_AGENT is not set: EDGAR is skipped and the caveat says so. */
  readonly edgar: EdgarEarnings | null;
  readonly funds: readonly FlowFund[];
  /** Days a computed negative-earnings figure is reused before it is computed again (7: weekly). */
  readonly refreshDays?: number;
  /** Below this share of constituents with data, no computed figure is shown (the curated one is). */
  readonly minCoverage?: number;
  readonly policy?: StalenessPolicy;
  readonly log?: (message: string) => void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function upsertPoint(points: readonly SharesPoint[], point: SharesPoint): SharesPoint[] {
  return [...points.filter((p) => p.date !== point.date), point].sort((a, b) => (a.date < b.date ? -1 : 1));
}

export class LiveEvidenceSource implements EvidenceSource {
  private readonly log: (message: string) => void;
  private readonly outages: OutageLog;
  private readonly policy: StalenessPolicy;
  private readonly fetchHoldings: (url: string, asOf?: IsoDate) => Promise<HoldingsFile>;
  /** One refresh at a time: concurrent answers share it. */
  private running: Promise<readonly Caveat[]> | null = null;

  constructor(private readonly options: LiveEvidenceOptions) {
    this.log = options.log ?? (() => {});
    this.outages = new OutageLog(this.log);
    this.policy = options.policy ?? DEFAULT_STALENESS;
    this.fetchHoldings = options.fetchHoldings ?? ((url, asOf) => fetchHoldings(url, asOf));
  }

  async reported(today: IsoDate): Promise<readonly Caveat[]> {
    return this.options.curated.map((f) => reportedCaveat(f, today, this.policy));
  }

  getCaveats(today: IsoDate): Promise<readonly Caveat[]> {
    if (!this.running) {
      this.running = this.refresh(today).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async refresh(today: IsoDate): Promise<readonly Caveat[]> {
    let state: EvidenceCacheState;
    try {
      state = await this.options.cache.load();
    } catch (error) {
      this.log(`evidence cache unreadable: ${errorText(error)}`);
      state = EMPTY_EVIDENCE_STATE;
    }
    const negative = await this.negativeEarnings(state, today);
    state = negative.state;
    const flows = await this.flows(state, today);
    state = flows.state;
    try {
      await this.options.cache.save(state);
    } catch (error) {
      this.log(`evidence cache not saved: ${errorText(error)}`);
    }
    const reported = new Map(this.options.curated.map((f) => [f.id, reportedCaveat(f, today, this.policy)]));
    const computed = new Map<string, Caveat | null>([
      [CAVEAT_IDS.negativeEarnings, negative.caveat],
      [CAVEAT_IDS.etfFlows, flows.caveat],
    ]);
    const ids = [...new Set([...computed.keys(), ...reported.keys()])];
    return ids
      .map((id) => chooseCaveat(computed.get(id) ?? null, reported.get(id) ?? null, today, this.policy))
      .filter((c): c is Caveat => c !== null);
  }

  private async negativeEarnings(
    state: EvidenceCacheState,
    today: IsoDate,
  ): Promise<{ state: EvidenceCacheState; caveat: Caveat | null }> {
    const cached = state.negativeEarnings;
    if (cached && daysBetween(cached.computedOn, today) < (this.options.refreshDays ?? 7)) {
      return { state, caveat: cached.caveat };
    }
    try {
      const caveat = await this.computeNegativeEarnings();
      return { state: { ...state, negativeEarnings: { computedOn: today, caveat } }, caveat };
    } catch (error) {
      // Once per reason (each question asked meanwhile meets the same failure), as the holdings are.
      this.outages.failed(
        `negative-earnings:${errorText(error)}`,
        `negative-earnings share not computed: ${errorText(error)}`,
      );
      return { state, caveat: cached?.caveat ?? null };
    }
  }

  /** Constituents from the holdings file, trailing EPS from Yahoo, the gaps filled from EDGAR. */
  async computeNegativeEarnings(): Promise<Caveat> {
    const holdings = await this.fetchHoldings(this.options.holdingsUrl);
    const { symbols } = constituentsOf(holdings);
    const earnings = new Map<string, number>();
    const sources = [`iShares IWM holdings (${symbols.length} listed equities)`];
    const notes: string[] = [];
    if (this.options.quotes) {
      const { quotes, failures } = await this.options.quotes.quotes(symbols);
      let n = 0;
      for (const symbol of symbols) {
        const quote = quotes.get(symbol);
        const eps = quote ? trailingEpsOf(quote) : null;
        if (eps !== null) {
          earnings.set(symbol, eps);
          n += 1;
        }
      }
      sources.push(`Yahoo Finance trailing EPS (${n})`);
      if (failures.length > 0) notes.push(`${failures.length} Yahoo quote batch(es) failed`);
      for (const f of failures) this.log(`Yahoo quotes: ${f}`);
    } else notes.push("Yahoo quotes not configured");
    const gaps = symbols.filter((s) => !earnings.has(s));
    if (gaps.length > 0) {
      if (!this.options.edgar) notes.push("SEC EDGAR skipped: SEC_USER_AGENT not set");
      else {
        const filled = await this.fillFromEdgar(this.options.edgar, gaps, holdings.asOf, earnings);
        sources.push(`SEC EDGAR company facts (${filled.count})`);
        if (filled.note) notes.push(filled.note);
      }
    }
    const result = negativeEarningsShare(symbols, earnings);
    const minCoverage = this.options.minCoverage ?? 0.5;
    if (result.total === 0 || result.covered / result.total < minCoverage) {
      throw new Error(
        `only ${result.covered} of ${result.total} constituents have trailing earnings (${notes.join("; ") || "no data"})`,
      );
    }
    return negativeEarningsCaveat({
      result,
      asOf: holdings.asOf,
      source: sources.join(", "),
      ...(notes.length > 0 ? { note: notes.join("; ") } : {}),
    });
  }

  private async fillFromEdgar(
    edgar: EdgarEarnings,
    gaps: readonly string[],
    asOf: IsoDate,
    earnings: Map<string, number>,
  ): Promise<{ count: number; note?: string }> {
    let tickers: Map<string, number>;
    try {
      tickers = await edgar.companyTickers();
    } catch (error) {
      this.log(`EDGAR company_tickers: ${errorText(error)}`);
      return { count: 0, note: `SEC EDGAR unavailable (${errorText(error)})` };
    }
    let count = 0;
    let noCik = 0;
    for (const [i, symbol] of gaps.entries()) {
      const cik = tickers.get(symbol);
      if (cik === undefined) {
        noCik += 1;
        continue;
      }
      try {
        const ttm = await edgar.trailingEarnings(cik, asOf);
        if (ttm) {
          earnings.set(symbol, ttm.value);
          count += 1;
        }
      } catch (error) {
        // A rate limit that outlasted the retries stops the lookups; what is filled so far still counts.
        this.log(`EDGAR ${symbol}: ${errorText(error)}`);
        return {
          count,
          note: `SEC EDGAR stopped after ${i} of ${gaps.length} lookups (${errorText(error)})`,
        };
      }
    }
    return count === gaps.length ? { count } : { count, note: `${noCik} without a CIK in SEC's ticker list` };
  }

  private async flows(
    initial: EvidenceCacheState,
    today: IsoDate,
  ): Promise<{ state: EvidenceCacheState; caveat: Caveat | null }> {
    let state = initial;
    const shares: Record<string, readonly SharesPoint[]> = { ...state.shares };
    const recordedOn: Record<string, IsoDate> = { ...state.recordedOn };
    const backfillTried: Record<string, readonly IsoDate[]> = { ...state.backfillTried };
    const quotedFunds = this.options.funds.filter((f) => f.kind === "yahoo").map((f) => f.fund);
    const quotedNow = quotedFunds.filter((fund) => recordedOn[fund] !== today);
    if (quotedNow.length > 0 && this.options.quotes) {
      try {
        const { quotes } = await this.options.quotes.quotes(quotedNow);
        for (const fund of quotedNow) {
          const q = quotes.get(fund);
          const nav = q?.navPrice ?? q?.regularMarketPrice ?? null;
          if (!q?.sharesOutstanding || !nav) continue;
          const date = quoteDate(q.regularMarketTime) ?? today;
          shares[fund] = upsertPoint(shares[fund] ?? [], {
            date,
            sharesOutstanding: q.sharesOutstanding,
            nav,
          });
          recordedOn[fund] = today;
        }
      } catch (error) {
        this.log(`fund quotes: ${errorText(error)}`);
      }
    }
    for (const fund of this.options.funds) {
      if (fund.kind !== "ishares") continue;
      if (recordedOn[fund.fund] !== today) {
        const point = await this.holdingsPoint(fund, undefined);
        if (point) {
          shares[fund.fund] = upsertPoint(shares[fund.fund] ?? [], point);
          recordedOn[fund.fund] = today;
        }
      }
      // The issuer's archive gives the window starts once; the daily record fills in from then on.
      const anchors = [`${Number(today.slice(0, 4)) - 1}-12-31`, addDays(today, -90), addDays(today, -30)];
      for (const anchor of anchors) {
        const history = shares[fund.fund] ?? [];
        const tried = backfillTried[fund.fund] ?? [];
        if (history.some((p) => p.date <= anchor && daysBetween(p.date, anchor) <= 7)) continue;
        if (tried.includes(anchor)) continue;
        backfillTried[fund.fund] = [...tried, anchor];
        const point = await this.holdingsPoint(fund, anchor);
        if (point) shares[fund.fund] = upsertPoint(shares[fund.fund] ?? [], point);
      }
    }
    state = { ...state, shares, recordedOn, backfillTried };
    const funds: FundFlows[] = [];
    const missing: string[] = [];
    for (const fund of this.options.funds) {
      const history = shares[fund.fund] ?? [];
      if (history.length < 2) {
        missing.push(fund.fund);
        continue;
      }
      funds.push({
        fund: fund.fund,
        source:
          fund.kind === "ishares" ? "iShares fund data" : "Yahoo Finance quotes recorded daily by riskon",
        flows: estimateFlows(history, today),
      });
    }
    return { state, caveat: flowsCaveat(funds, today, missing) };
  }

  private async holdingsPoint(fund: IsharesFund, asOf: IsoDate | undefined): Promise<SharesPoint | null> {
    try {
      const file = await this.fetchHoldings(fund.holdingsUrl, asOf);
      const nav = navFromHoldings(file);
      if (file.sharesOutstanding === null || nav === null) return null;
      // An archive request for a holiday answers with another day's file: keep it only if on or before the ask.
      if (asOf && file.asOf > asOf) return null;
      return { date: file.asOf, sharesOutstanding: file.sharesOutstanding, nav };
    } catch (error) {
      this.outages.failed(
        errorText(error),
        `${fund.fund} holdings${asOf ? ` for ${asOf}` : ""}: ${errorText(error)}`,
      );
      return null;
    }
  }
}

function quoteDate(time: number | string | Date | null | undefined): IsoDate | null {
  if (time === null || time === undefined) return null;
  if (time instanceof Date) return Number.isNaN(time.getTime()) ? null : time.toISOString().slice(0, 10);
  if (typeof time === "number") return fromEpochDay(Math.floor(time / 86_400));
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}
