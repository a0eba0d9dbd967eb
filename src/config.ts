// The one configuration module: every environment variable riskon reads is read and validated here (zod), once,
// by the composition root, and everything else receives typed settings: the bot's (src/app/config.ts), the live
// data layer's (src/data/live-config.ts) and the evidence sources'. A bad variable is named in one line; tokens
// are handed to the platform adapters and never logged.
import { availableParallelism } from "node:os";
import { z } from "zod";
import type { Config } from "./app/config.ts";
import { LOG_LEVELS } from "./app/logger.ts";
import { ConfigError } from "./core/base/errors.ts";
import { DEFAULT_STALENESS, type StalenessPolicy } from "./core/evidence/evidence.ts";
import { EXCHANGE_IDS, type ExchangeId } from "./data/live/ccxt-exchanges.ts";
import { DEFAULT_LIVE_CONFIG, type LiveDataConfig, liveConfig } from "./data/live-config.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** An empty variable (`FOO=` in a .env file) counts as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const snowflake = z.string().regex(/^\d{15,21}$/, "must be a Discord id (digits only)");
const seconds = z.coerce
  .number()
  .min(0, "must be 0 or more seconds")
  .max(3600, "must be at most 3600 seconds");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** The answer cache's default size: a few hundred answers and their charts (a /russell chart is about 200 kB). */
export const DEFAULT_CACHE_MB = 64;

const appSchema = z.object({
  RISKON_DATA_DIR: optional(z.string().min(1)),
  RISKON_DB: optional(z.string().min(1)),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// connection URL")),
  RISKON_CLAIM_LEASE_SECONDS: optional(
    z.coerce
      .number()
      .int("must be whole seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds"),
  ),
  RISKON_RENDER_PROCESSES: optional(
    z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be 0 (this thread) or more")
      .max(64, "must be at most 64"),
  ),
  RISKON_COMPUTE_THREADS: optional(
    z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be 0 (this thread) or more")
      .max(64, "must be at most 64"),
  ),
  RISKON_CACHE_MB: optional(
    z.coerce.number().min(0, "must be 0 (off) or more megabytes").max(65_536, "must be at most 65536 MB"),
  ),
  RISKON_DIGEST_GRACE_MINUTES: optional(
    z.coerce
      .number()
      .int("must be whole minutes")
      .min(0, "must be 0 or more")
      .max(24 * 60, "must be at most 1440"),
  ),
  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[\w-]+$/, "must look like 123456:ABC-DEF…")),
  TELEGRAM_API_ROOT: optional(httpUrl),
  TELEGRAM_WEBHOOK_URL: optional(httpUrl),
  TELEGRAM_WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
  ),
  RISKON_USER_COOLDOWN_SECONDS: optional(seconds),
  RISKON_CHAT_COOLDOWN_SECONDS: optional(seconds),
  DISCORD_TOKEN: optional(z.string().min(20, "is too short to be a bot token")),
  DISCORD_APP_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_BASE: optional(httpUrl),
  DISCORD_PUBLIC_KEY: optional(
    z.string().regex(/^[0-9a-fA-F]{64}$/, "must be the 64 hex characters of the app's public key"),
  ),
  RISKON_HTTP_PORT: optional(
    z.coerce
      .number()
      .int("must be a whole port number")
      .min(0, "must be 0-65535")
      .max(65535, "must be 0-65535"),
  ),
  RISKON_HTTP_HOST: optional(
    z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or an IP address"),
  ),
  RISKON_SHUTDOWN_SECONDS: optional(
    z.coerce.number().min(1, "must be at least 1 second").max(300, "must be at most 300 seconds"),
  ),
  RISKON_LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  RISKON_LOG_FORMAT: optional(z.enum(["auto", "json", "pretty"], { error: "must be auto, json or pretty" })),
});

/**
 * Telegram's webhook needs its secret (Telegram sends it back with each update) and the HTTP server that serves
 * it; Discord's interactions endpoint needs the HTTP server and the bot token (the answers go by REST).
 */
function checkWebhook(e: z.infer<typeof appSchema>): void {
  if (e.DISCORD_PUBLIC_KEY && e.RISKON_HTTP_PORT === undefined)
    throw new ConfigError(
      "RISKON_HTTP_PORT: required when DISCORD_PUBLIC_KEY is set (it serves POST /discord/interactions)",
    );
  if (e.DISCORD_PUBLIC_KEY && !e.DISCORD_TOKEN)
    throw new ConfigError("DISCORD_TOKEN: required when DISCORD_PUBLIC_KEY is set");
  if (!e.TELEGRAM_WEBHOOK_URL) {
    if (e.TELEGRAM_WEBHOOK_SECRET)
      throw new ConfigError("TELEGRAM_WEBHOOK_URL: required when TELEGRAM_WEBHOOK_SECRET is set");
    return;
  }
  if (!e.TELEGRAM_WEBHOOK_SECRET)
    throw new ConfigError("TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set");
  if (e.RISKON_HTTP_PORT === undefined)
    throw new ConfigError(
      "RISKON_HTTP_PORT: required when TELEGRAM_WEBHOOK_URL is set (it serves POST /telegram)",
    );
  if (!e.TELEGRAM_BOT_TOKEN)
    throw new ConfigError("TELEGRAM_BOT_TOKEN: required when TELEGRAM_WEBHOOK_URL is set");
}

/** The bot's settings; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env): Config {
  const parsed = appSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN && !e.DISCORD_APP_ID) {
    throw new ConfigError("DISCORD_APP_ID: required when DISCORD_TOKEN is set");
  }
  if (e.DISCORD_APP_ID && !e.DISCORD_TOKEN) {
    throw new ConfigError("DISCORD_TOKEN: required when DISCORD_APP_ID is set");
  }
  checkWebhook(e);
  return {
    ...(e.RISKON_DATA_DIR ? { dataDir: e.RISKON_DATA_DIR } : {}),
    dbPath: e.RISKON_DB ?? "./riskon.db",
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    claimLeaseMs: (e.RISKON_CLAIM_LEASE_SECONDS ?? 120) * 1000,
    cacheBytes: Math.round((e.RISKON_CACHE_MB ?? DEFAULT_CACHE_MB) * 1024 * 1024),
    renderProcesses: e.RISKON_RENDER_PROCESSES ?? availableParallelism(),
    computeThreads: e.RISKON_COMPUTE_THREADS ?? availableParallelism(),
    digestGraceMs: (e.RISKON_DIGEST_GRACE_MINUTES ?? 180) * 60_000,
    ...(e.TELEGRAM_BOT_TOKEN
      ? {
          telegram: {
            token: e.TELEGRAM_BOT_TOKEN,
            ...(e.TELEGRAM_API_ROOT ? { apiRoot: e.TELEGRAM_API_ROOT } : {}),
            ...(e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
              ? { webhook: { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET } }
              : {}),
          },
        }
      : {}),
    ...(e.DISCORD_TOKEN && e.DISCORD_APP_ID
      ? {
          discord: {
            token: e.DISCORD_TOKEN,
            appId: e.DISCORD_APP_ID,
            ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
            ...(e.DISCORD_API_BASE ? { apiBase: e.DISCORD_API_BASE } : {}),
            ...(e.DISCORD_PUBLIC_KEY ? { publicKey: e.DISCORD_PUBLIC_KEY } : {}),
          },
        }
      : {}),
    cooldown: {
      userMs: (e.RISKON_USER_COOLDOWN_SECONDS ?? 5) * 1000,
      chatMs: (e.RISKON_CHAT_COOLDOWN_SECONDS ?? 2) * 1000,
    },
    log: { level: e.RISKON_LOG_LEVEL ?? "info", format: e.RISKON_LOG_FORMAT ?? "auto" },
    ...(e.RISKON_HTTP_PORT !== undefined
      ? { http: { host: e.RISKON_HTTP_HOST ?? "127.0.0.1", port: e.RISKON_HTTP_PORT } }
      : {}),
    shutdownMs: (e.RISKON_SHUTDOWN_SECONDS ?? 10) * 1000,
  };
}

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");
const liveUrl = z.url({ protocol: /^https?$/ }).optional();
const positiveCount = (fallback: number) => z.coerce.number().int().positive().optional().default(fallback);

const liveSchema = z.object({
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
  RISKON_BACKFILL_YEARS: positiveCount(DEFAULT_LIVE_CONFIG.backfillYears),
  RISKON_HTTP_TIMEOUT_MS: positiveCount(DEFAULT_LIVE_CONFIG.requestTimeoutMs),
  RISKON_ANSWER_DEADLINE_MS: positiveCount(DEFAULT_LIVE_CONFIG.answerDeadlineMs),
  COINGECKO_API_KEY: z.string().min(1).optional(),
  COINGECKO_API_TIER: z.enum(["demo", "pro"]).optional().default("demo"),
  RISKON_YAHOO_BASE_URL: liveUrl,
  RISKON_COINGECKO_BASE_URL: liveUrl,
  RISKON_BINANCE_BASE_URL: liveUrl,
  RISKON_BYBIT_BASE_URL: liveUrl,
  RISKON_OKX_BASE_URL: liveUrl,
  RISKON_KRAKEN_BASE_URL: liveUrl,
  RISKON_COINBASE_BASE_URL: liveUrl,
  FRED_API_KEY: z.string().min(1).optional(),
  RISKON_FRED_BASE_URL: liveUrl,
  RISKON_FRED_API_BASE_URL: liveUrl,
});

/** Reads the live settings from the environment; throws a ConfigError naming the bad variable. */
export function loadLiveConfig(env: Env): LiveDataConfig {
  // Empty variables count as unset (a blank line in .env).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = liveSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") || "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const baseUrls: Partial<Record<ExchangeId | "yahoo" | "coingecko" | "fred" | "fredApi", string>> = {};
  if (e.RISKON_YAHOO_BASE_URL) baseUrls.yahoo = e.RISKON_YAHOO_BASE_URL;
  if (e.RISKON_COINGECKO_BASE_URL) baseUrls.coingecko = e.RISKON_COINGECKO_BASE_URL;
  if (e.RISKON_BINANCE_BASE_URL) baseUrls.binance = e.RISKON_BINANCE_BASE_URL;
  if (e.RISKON_BYBIT_BASE_URL) baseUrls.bybit = e.RISKON_BYBIT_BASE_URL;
  if (e.RISKON_OKX_BASE_URL) baseUrls.okx = e.RISKON_OKX_BASE_URL;
  if (e.RISKON_KRAKEN_BASE_URL) baseUrls.kraken = e.RISKON_KRAKEN_BASE_URL;
  if (e.RISKON_COINBASE_BASE_URL) baseUrls.coinbase = e.RISKON_COINBASE_BASE_URL;
  if (e.RISKON_FRED_BASE_URL) baseUrls.fred = e.RISKON_FRED_BASE_URL;
  if (e.RISKON_FRED_API_BASE_URL) baseUrls.fredApi = e.RISKON_FRED_API_BASE_URL;
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
    ...(e.FRED_API_KEY ? { fredApiKey: e.FRED_API_KEY } : {}),
  });
}

/** The evidence sources' settings (the caveats): files, URLs, the SEC contact and the staleness policy. */
export interface EvidenceSettings {
  /** RISKON_CURATED_FACTS: a replacement for data/caveats/curated.json. */
  readonly curatedFactsPath?: string;
  readonly policy: StalenessPolicy;
  /** SEC_USER_AGENT: required by SEC EDGAR; checked where it is used (a bad one turns EDGAR off, with a log). */
  readonly secUserAgent?: string;
  readonly iwmHoldingsUrl?: string;
  readonly ijrHoldingsUrl?: string;
  /** RISKON_EVIDENCE_CACHE: where computed caveats are kept between runs. */
  readonly cachePath?: string;
}

const text = z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).optional());
const evidenceSchema = z.object({
  RISKON_CURATED_FACTS: text,
  RISKON_CAVEAT_MAX_AGE_DAYS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: "must be a whole number of days" })
      .int("must be a whole number of days")
      .positive("must be a whole number of days")
      .optional(),
  ),
  SEC_USER_AGENT: text,
  RISKON_IWM_HOLDINGS_URL: text,
  RISKON_IJR_HOLDINGS_URL: text,
  RISKON_EVIDENCE_CACHE: text,
});

export function loadEvidenceSettings(env: Env): EvidenceSettings {
  const parsed = evidenceSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") || "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    ...(e.RISKON_CURATED_FACTS ? { curatedFactsPath: e.RISKON_CURATED_FACTS } : {}),
    policy: {
      reportedMaxAgeDays: e.RISKON_CAVEAT_MAX_AGE_DAYS ?? DEFAULT_STALENESS.reportedMaxAgeDays,
      computedMaxAgeDays: DEFAULT_STALENESS.computedMaxAgeDays,
    },
    ...(e.SEC_USER_AGENT ? { secUserAgent: e.SEC_USER_AGENT } : {}),
    ...(e.RISKON_IWM_HOLDINGS_URL ? { iwmHoldingsUrl: e.RISKON_IWM_HOLDINGS_URL } : {}),
    ...(e.RISKON_IJR_HOLDINGS_URL ? { ijrHoldingsUrl: e.RISKON_IJR_HOLDINGS_URL } : {}),
    ...(e.RISKON_EVIDENCE_CACHE ? { cachePath: e.RISKON_EVIDENCE_CACHE } : {}),
  };
}

export interface Settings {
  readonly app: Config;
  readonly live: LiveDataConfig;
  readonly evidence: EvidenceSettings;
}

/** Every setting from the environment, validated at once; the first bad variable is the one-line error. */
export function loadSettings(env: Env): Settings {
  const app = loadConfig(env);
  const live = loadLiveConfig(env);
  // With a shared database, one instance at a time refreshes the market data for all (src/app/market-share.ts).
  return {
    app,
    live: app.databaseUrl ? { ...live, sharedRefresh: true } : live,
    evidence: loadEvidenceSettings(env),
  };
}

/** RISKON_DEBUG=1: the CLI prints the stack of an internal error (read here like every other variable). */
export function wantsStackTraces(env: Env): boolean {
  return env.RISKON_DEBUG === "1" || env.RISKON_DEBUG === "true";
}
