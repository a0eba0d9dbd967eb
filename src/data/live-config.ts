// The live data layer's settings, read from the environment once (zod; a bad variable is named) or built
// in code with defaults (tests point the base URLs at local fakes and shorten the waits).
import { z } from "zod";
import { ConfigError } from "../core/base/errors.ts";
import { EXCHANGE_IDS, type ExchangeId } from "./live/ccxt-exchanges.ts";
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
  readonly baseUrls: Readonly<Partial<Record<ExchangeId | "yahoo" | "coingecko", string>>>;
}

const MINUTE = 60_000;

export const DEFAULT_LIVE_CONFIG: LiveDataConfig = {
  offline: false,
  dbPath: "./riskon.db",
  exchanges: ["binance", "bybit", "okx", "kraken"],
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

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");
const url = z.url({ protocol: /^https?$/ }).optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().optional().default(fallback);

const envSchema = z.object({
  RISKON_OFFLINE: flag,
  RISKON_DB: z.string().min(1).optional(),
  RISKON_EXCHANGES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === "") return DEFAULT_LIVE_CONFIG.exchanges;
      const ids = text.split(",").map((s) => s.trim().toLowerCase());
      const unknown = ids.filter((id) => !(EXCHANGE_IDS as readonly string[]).includes(id));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `unknown exchange ${unknown.join(", ")} (use ${EXCHANGE_IDS.join(", ")})`,
        });
        return z.NEVER;
      }
      return [...new Set(ids)] as ExchangeId[];
    }),
  RISKON_BACKFILL_YEARS: positiveInt(DEFAULT_LIVE_CONFIG.backfillYears),
  RISKON_HTTP_TIMEOUT_MS: positiveInt(DEFAULT_LIVE_CONFIG.requestTimeoutMs),
  RISKON_ANSWER_DEADLINE_MS: positiveInt(DEFAULT_LIVE_CONFIG.answerDeadlineMs),
  COINGECKO_API_KEY: z.string().min(1).optional(),
  COINGECKO_API_TIER: z.enum(["demo", "pro"]).optional().default("demo"),
  RISKON_YAHOO_BASE_URL: url,
  RISKON_COINGECKO_BASE_URL: url,
  RISKON_BINANCE_BASE_URL: url,
  RISKON_BYBIT_BASE_URL: url,
  RISKON_OKX_BASE_URL: url,
  RISKON_KRAKEN_BASE_URL: url,
});

/** Reads the live settings from the environment; throws a ConfigError naming the bad variable. */
export function loadLiveConfig(env: Readonly<Record<string, string | undefined>>): LiveDataConfig {
  // Empty variables count as unset (a blank line in .env).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") || "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const baseUrls: Partial<Record<ExchangeId | "yahoo" | "coingecko", string>> = {};
  if (e.RISKON_YAHOO_BASE_URL) baseUrls.yahoo = e.RISKON_YAHOO_BASE_URL;
  if (e.RISKON_COINGECKO_BASE_URL) baseUrls.coingecko = e.RISKON_COINGECKO_BASE_URL;
  if (e.RISKON_BINANCE_BASE_URL) baseUrls.binance = e.RISKON_BINANCE_BASE_URL;
  if (e.RISKON_BYBIT_BASE_URL) baseUrls.bybit = e.RISKON_BYBIT_BASE_URL;
  if (e.RISKON_OKX_BASE_URL) baseUrls.okx = e.RISKON_OKX_BASE_URL;
  if (e.RISKON_KRAKEN_BASE_URL) baseUrls.kraken = e.RISKON_KRAKEN_BASE_URL;
  return liveConfig({
    offline: e.RISKON_OFFLINE,
    dbPath: e.RISKON_DB ?? DEFAULT_LIVE_CONFIG.dbPath,
    exchanges: e.RISKON_EXCHANGES,
    backfillYears: e.RISKON_BACKFILL_YEARS,
    requestTimeoutMs: e.RISKON_HTTP_TIMEOUT_MS,
    answerDeadlineMs: e.RISKON_ANSWER_DEADLINE_MS,
    coingecko: {
      tier: e.COINGECKO_API_TIER,
      ...(e.COINGECKO_API_KEY ? { apiKey: e.COINGECKO_API_KEY } : {}),
    },
    baseUrls,
  });
}
