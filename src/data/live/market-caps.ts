// Market caps, live: CoinGecko's current totals and dominance (the "Now" line, reused for its TTL, the last good
// answer kept in the store for failures), and what riskon records from them so its market-cap history grows
// while it runs: TOTAL3 once per UTC day and the top 100 by market cap once per UTC day (recorded-caps.ts).
import type { MarketOverview, MonthlyRanking, SeriesData } from "../../core/ports.ts";
import { OutageLog } from "../outage-log.ts";
import { COINGECKO, type CoinGeckoSnapshot, type CoinGeckoSource } from "./coingecko-source.ts";
import { reasonOf } from "./reason.ts";
import {
  type DocumentStore,
  hasRankingFor,
  recordedRankings,
  recordedTotal3,
  recordGlobal,
  recordRanking,
} from "./recorded-caps.ts";

const OVERVIEW_DOC = "coingecko:overview";

export interface MarketCapsDeps {
  readonly coingecko: CoinGeckoSource;
  readonly store: DocumentStore;
  readonly clock: () => Date;
  readonly ttlMs: number;
  readonly coinIds: readonly string[];
  readonly log: (message: string) => void;
  /** False once the data layer is closed: nothing more is written. */
  readonly open: () => boolean;
}

export class MarketCaps {
  private cache: {
    promise: Promise<MarketOverview> | null;
    value: MarketOverview | null;
    fetchedAt: number;
  } = {
    promise: null,
    value: null,
    fetchedAt: 0,
  };
  /** For /status. */
  readonly state: { lastSuccess: Date | null; lastError: { at: Date; message: string } | null } = {
    lastSuccess: null,
    lastError: null,
  };

  private readonly outages: OutageLog;

  constructor(private readonly deps: MarketCapsDeps) {
    this.outages = new OutageLog(deps.log);
  }

  /** The current overview: reused for its TTL, shared by concurrent callers, degraded (never thrown) on failure. */
  overview(): Promise<MarketOverview> {
    const now = this.deps.clock().getTime();
    const cached = this.cache.value;
    if (cached?.available && cached.freshness === "live" && now - this.cache.fetchedAt < this.deps.ttlMs)
      return Promise.resolve(cached);
    if (!this.cache.promise) {
      this.cache.promise = this.fetch().finally(() => {
        this.cache.promise = null;
      });
    }
    return this.cache.promise;
  }

  /** The fetch in flight, if any (awaited on close). */
  pending(): Promise<MarketOverview> | null {
    return this.cache.promise;
  }

  recordedTotal3(): SeriesData {
    return recordedTotal3(this.deps.store);
  }

  /** The days recorded, or null when there are none yet (or the store cannot say). */
  recordedTotal3OrNull(): SeriesData | null {
    try {
      return recordedTotal3(this.deps.store);
    } catch {
      return null;
    }
  }

  recordedRankings(): MonthlyRanking[] {
    return recordedRankings(this.deps.store);
  }

  private async fetch(): Promise<MarketOverview> {
    const { coingecko, store, log } = this.deps;
    const now = this.deps.clock();
    const keyNote = coingecko.keyed
      ? undefined
      : "CoinGecko public API without a key (COINGECKO_API_KEY unset)";
    try {
      const snapshot = await coingecko.fetchSnapshot(this.deps.coinIds);
      if (this.deps.open()) {
        store.putDocument(OVERVIEW_DOC, JSON.stringify(snapshot), now);
        const skipped = recordGlobal(store, snapshot, now);
        if (skipped) log(`TOTAL3 not recorded for ${snapshot.asOf.slice(0, 10)}: ${skipped}`);
        await this.recordTopCoins(now);
      }
      this.state.lastSuccess = now;
      this.outages.recovered("market overview: CoinGecko answers again");
      const value: MarketOverview = {
        available: true,
        provider: COINGECKO,
        freshness: "live",
        ...snapshot,
        ...(keyNote ? { note: keyNote } : {}),
      };
      this.cache = { promise: this.cache.promise, value, fetchedAt: now.getTime() };
      return value;
    } catch (error) {
      const reason = reasonOf(error);
      // Once per reason until CoinGecko answers again: every question asked meanwhile meets the same failure.
      this.outages.failed(reason, `market overview failed: ${reason}`);
      this.state.lastError = { at: now, message: reason };
      const stored = this.stored();
      if (stored) {
        return {
          available: true,
          provider: COINGECKO,
          freshness: "stored",
          ...stored,
          note: `${reason}; figures from ${stored.asOf}`,
        };
      }
      return { available: false, provider: COINGECKO, reason };
    }
  }

  /** Once per UTC day: the top 100 by market cap, the Altcoin Season Index's live membership and prices. */
  private async recordTopCoins(now: Date): Promise<void> {
    const today = now.toISOString().slice(0, 10);
    if (hasRankingFor(this.deps.store, today)) return;
    try {
      const top = await this.deps.coingecko.fetchTopMarkets(100);
      if (this.deps.open() && top.length > 0) recordRanking(this.deps.store, today, top, now);
    } catch (error) {
      this.deps.log(`top coins by market cap not recorded for ${today}: ${reasonOf(error)}`);
    }
  }

  /** The last good overview kept in the store, or null (none, closed, or unreadable). */
  private stored(): CoinGeckoSnapshot | null {
    if (!this.deps.open()) return null;
    try {
      const doc = this.deps.store.getDocument(OVERVIEW_DOC);
      return doc ? (JSON.parse(doc.body) as CoinGeckoSnapshot) : null;
    } catch (error) {
      this.deps.log(`stored market overview unreadable: ${(error as Error).message}`);
      return null;
    }
  }
}
