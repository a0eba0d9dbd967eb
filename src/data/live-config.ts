// The live data layer's settings, as typed values with their defaults: read from the environment by the one
// configuration module (src/config.ts), or built in code (tests point the base URLs at local fakes).
import type { ExchangeId } from "./live/ccxt-exchanges.ts";
import type { LimitSettings } from "./live/limiter.ts";
import type { RetryPolicy } from "./live/retry.ts";

export type { ExchangeId };

export interface LiveDataConfig {
  /** RISKON_OFFLINE=1: serve the bundled snapshot only, no network, no database. */
  readonly offline: boolean;
  /** RISKON_DB: the SQLite file (created on first start); ":memory:" keeps nothing. */
  readonly dbPath: string;
  /** RISKON_EXCHANGES: crypto exchanges in fallback order. */
  readonly exchanges: readonly ExchangeId[];
  /** RISKON_BACKFILL_YEARS: history fetched on a cold start. */
  readonly backfillYears: number;
  /** RISKON_HTTP_TIMEOUT_MS: timeout of each upstream request. */
  readonly requestTimeoutMs: number;
  /** RISKON_ANSWER_DEADLINE_MS: how long an answer waits for a refresh before using stored or bundled data. */
  readonly answerDeadlineMs: number;
  /** How long today's still-forming bar is reused before it is fetched again. */
  readonly formingBarTtlMs: number;
  /** How often a series behind its market (delisted coin, late upstream) is checked again. */
  readonly behindRecheckMs: number;
  /** After a failed refresh, how long the series is served from the fallback before the next try. */
  readonly failureBackoffMs: number;
  /** How long a 451 keeps an exchange out of the chain. */
  readonly geoBlockMs: number;
  /** How long a CoinGecko answer is reused. */
  readonly overviewTtlMs: number;
  readonly retry: RetryPolicy;
  readonly limits: {
    readonly yahoo: LimitSettings;
    readonly exchange: LimitSettings;
    readonly coingecko: LimitSettings;
  };
  /** Overrides ccxt's per-exchange request spacing (ms); ccxt's rate limiter stays enabled. */
  readonly exchangeRateLimitMs?: number;
  /** COINGECKO_API_KEY and COINGECKO_API_TIER (demo | pro). */
  readonly coingecko: { readonly apiKey?: string; readonly tier: "demo" | "pro" };
  /** RISKON_<SOURCE>_BASE_URL: send a source's requests elsewhere (a proxy, or a local fake in tests). */
  readonly baseUrls: Readonly<
    Partial<Record<ExchangeId | "yahoo" | "coingecko" | "fred" | "fredApi", string>>
  >;
  /** FRED_API_KEY: the liquidity series from FRED's API (JSON) rather than its keyless graph CSV. */
  readonly fredApiKey?: string;
  /**
   * Set with DATABASE_URL: several instances share one store, and the series are refreshed by one of them at a
   * time (a shared job) rather than by each answer; an answer reads what was stored.
   */
  readonly sharedRefresh?: boolean;
}

const MINUTE = 60_000;

export const DEFAULT_LIVE_CONFIG: LiveDataConfig = {
  offline: false,
  dbPath: "./riskon.db",
  exchanges: ["binance", "bybit", "okx", "coinbase", "kraken"],
  backfillYears: 10,
  requestTimeoutMs: 10_000,
  answerDeadlineMs: 20_000,
  formingBarTtlMs: 15 * MINUTE,
  behindRecheckMs: 60 * MINUTE,
  failureBackoffMs: 2 * MINUTE,
  geoBlockMs: 6 * 60 * MINUTE,
  overviewTtlMs: 5 * MINUTE,
  retry: { retries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 10_000 },
  limits: {
    yahoo: { concurrency: 2, minIntervalMs: 250 },
    exchange: { concurrency: 2, minIntervalMs: 0 },
    // One overview is two calls, reused for five minutes: far below even the keyless limits.
    coingecko: { concurrency: 1, minIntervalMs: 500 },
  },
  coingecko: { tier: "demo" },
  baseUrls: {},
};

/** The defaults with some settings replaced (nested objects are replaced whole). */
export function liveConfig(overrides: Partial<LiveDataConfig> = {}): LiveDataConfig {
  return { ...DEFAULT_LIVE_CONFIG, ...overrides };
}
