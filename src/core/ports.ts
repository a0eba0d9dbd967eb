// Ports: what the core needs from the outside world, implemented by adapters in src/data, src/charts, ...
import type { IsoDate } from "./base/dates.ts";
import type { Bar } from "./base/series.ts";
import type { FredSeriesId, Observation } from "./liquidity/publication.ts";

/** Where a series' bars came from and how fresh they are. */
export interface SourceRef {
  readonly series: string;
  readonly provider: string;
  readonly lastDate: IsoDate;
  /** "live" when fetched now, "stored" when from a local store, "snapshot" for the bundled history. */
  readonly freshness: "live" | "stored" | "snapshot" | "file";
  /** Said to the user: why the data is not live, if it is not. */
  readonly note?: string;
  /** Why the data ends where it does, when that is known (a bundled copy's end, a provider that stopped). */
  readonly endsBecause?: string;
  /** A series joined from several providers: which one holds which dates, oldest first. */
  readonly segments?: readonly SeriesSegment[];
}

/** One provider's stretch of a joined series. */
export interface SeriesSegment {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly provider: string;
  readonly freshness: SourceRef["freshness"];
  readonly frequency: "daily" | "weekly";
  /** The factor its values were multiplied by to match the level before it, when they were. */
  readonly scale?: number;
  readonly note?: string;
}

export interface SeriesData {
  readonly id: string;
  readonly bars: readonly Bar[];
  readonly source: SourceRef;
  /** Daily unless said: a weekly series is analysed on its own dates, with n in weeks. */
  readonly frequency?: "daily" | "weekly";
  /** For a series riskon joins itself: what was checked, skipped or not joined, one sentence each. */
  readonly notes?: readonly string[];
}

/** A market-cap ranking of the crypto market, as known on its date (monthly bundled, daily when recorded live). */
export interface MonthlyRanking {
  readonly date: IsoDate;
  /**
   * "cmc": CoinMarketCap's top-200 snapshot with caps and prices; "list": a rank list, order only;
   * "coingecko": CoinGecko's top 100 recorded live, with caps and prices.
   */
  readonly source: "cmc" | "list" | "coingecko";
  readonly entries: readonly RankEntry[];
}

export interface RankEntry {
  readonly rank: number;
  readonly symbol: string;
  /** Empty in a rank list. */
  readonly name: string;
  readonly marketCapUsd: number | null;
  readonly priceUsd: number | null;
}

/** The market-data port: one method for every source (snapshot, CSV directory, live with fallbacks). */
export interface MarketData {
  readonly name: string;
  /** Full daily history of a series; throws SourceError when it cannot be had. */
  getSeries(id: string): Promise<SeriesData>;
  /** Series this source can serve. */
  listSeries(): Promise<readonly string[]>;
  /** Live sources only: each upstream's health, last success, last error and cache freshness (`status`). */
  health?(): Promise<readonly SourceHealth[]>;
  /** The monthly market-cap rankings (the Altcoin Season Index's membership), oldest first; [] when none. */
  getRankings?(): Promise<readonly MonthlyRanking[]>;
  /** Live sources only: current market caps and dominance; a failure is a degraded answer, never a throw. */
  getMarketOverview?(): Promise<MarketOverview>;
}

/** How fresh one series is in a live source's local store. */
export interface SeriesFreshness {
  readonly series: string;
  /** Who supplied the newest stored bar, e.g. "Binance BTC/USDT". */
  readonly provider: string | null;
  readonly lastDate: IsoDate | null;
  /** "fresh": checked since the last session closed; "stale": a newer bar may exist; "empty": nothing stored. */
  readonly state: "fresh" | "stale" | "empty";
  /** When the series was last fetched successfully (ISO instant). */
  readonly lastSuccess: string | null;
  readonly lastError: string | null;
}

/** One upstream (or the store, or the snapshot) as `status` reports it. */
export interface SourceHealth {
  readonly name: string;
  /** What it serves, e.g. "equities", "crypto (fallback 2)", "market caps". */
  readonly role: string;
  readonly healthy: boolean;
  /** One line: "ok", "no calls yet", "geo-blocked (HTTP 451)", "rate-limited until ...". */
  readonly status: string;
  /** ISO instants. */
  readonly lastSuccess: string | null;
  readonly lastError: { readonly at: string; readonly message: string } | null;
  readonly series: readonly SeriesFreshness[];
}

/** Current market caps and supply of one coin. */
export interface CoinMarket {
  readonly id: string;
  readonly marketCapUsd: number | null;
  readonly circulatingSupply: number | null;
  readonly priceUsd: number | null;
}

/** The crypto market now: total and altcoin market cap, dominance. Degraded answers say why. */
export type MarketOverview =
  | {
      readonly available: true;
      readonly provider: string;
      /** When the provider computed it (ISO instant). */
      readonly asOf: string;
      /** "live" when fetched now, "stored" when the last good answer is reused after a failure. */
      readonly freshness: "live" | "stored";
      readonly totalMarketCapUsd: number;
      /** Total market cap excluding BTC and ETH (TOTAL3-like, stablecoins included). */
      readonly altMarketCapExBtcEthUsd: number;
      readonly btcDominancePct: number;
      readonly ethDominancePct: number;
      readonly coins: readonly CoinMarket[];
      /** Why it is not fully live, e.g. "CoinGecko rate limit (HTTP 429); figures from 2026-08-20T10:00Z". */
      readonly note?: string;
    }
  | { readonly available: false; readonly provider: string; readonly reason: string };

/** One of the Fed's liquidity series (FRED), its observations dated as FRED dates them (core/liquidity). */
export interface FredSeries {
  readonly id: FredSeriesId;
  readonly observations: readonly Observation[];
  readonly source: SourceRef;
}

/** The Fed's liquidity series: the bundled FRED copies, or FRED itself (src/data/fred/). */
export interface LiquidityData {
  getFredSeries(id: FredSeriesId): Promise<FredSeries>;
  /** Live FRED's health for /status (the bundled copies have none). */
  health?(): Promise<SourceHealth>;
}

/**
 * Runs one of the core's heavy pure computations (core/analytics/off-thread.ts, by name) elsewhere than the main
 * thread, on structured-cloned arguments, and resolves with its result; rejects when it could not.
 */
export interface OffThread {
  run(task: string, args: readonly unknown[]): Promise<unknown>;
}
