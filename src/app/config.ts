// The bot's settings (platforms, cooldowns, logging, the host endpoint), as typed values. They are read and
// validated from the environment, with every other setting, by the one configuration module, src/config.ts.
import type { LogLevel } from "./logger.ts";

export interface TelegramConfig {
  readonly token: string;
  readonly apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL and _SECRET: updates by webhook (POST /telegram) instead of polling. */
  readonly webhook?: { readonly url: string; readonly secret: string };
}

export interface DiscordConfig {
  readonly token: string;
  readonly appId: string;
  /** Register slash commands in this guild only (instant), instead of globally. */
  readonly guildId?: string;
  /** The REST base, e.g. http://127.0.0.1:8080/api for a fake. */
  readonly apiBase?: string;
  /** DISCORD_PUBLIC_KEY: interactions by HTTP (POST /discord/interactions) instead of the gateway. */
  readonly publicKey?: string;
}

export interface Config {
  /** Serve SYMBOL.csv files from this directory instead of the bundled snapshot. */
  readonly dataDir?: string;
  /** The SQLite file for schedules, subscriptions, the delivery ledger (and stored bars). */
  readonly dbPath: string;
  /**
   * Postgres (DATABASE_URL) for schedules, subscriptions, settings and the delivery ledger, shared by several
   * instances; without it the SQLite file holds them.
   */
  readonly databaseUrl?: string;
  /** Postgres: how long a claimed delivery is its instance's before another takes it over (that one died). */
  readonly claimLeaseMs: number;
  /** Digests missed by more than this (downtime) are skipped, not sent late. */
  readonly digestGraceMs: number;
  /** RISKON_CACHE_MB in bytes: the answer cache's bound (answers and their charts); 0 turns it off. */
  readonly cacheBytes: number;
  /** RISKON_RENDER_PROCESSES: renderer processes for the bot's charts (default one per core; 0: this thread). */
  readonly renderProcesses: number;
  /** RISKON_COMPUTE_THREADS: worker threads for the answers' statistics (default one per core; 0: this thread). */
  readonly computeThreads: number;
  readonly telegram?: TelegramConfig;
  readonly discord?: DiscordConfig;
  /** Anti-spam cooldowns, ms: one command per user per `userMs`, per chat per `chatMs`. */
  readonly cooldown: { readonly userMs: number; readonly chatMs: number };
  readonly log: { readonly level: LogLevel; readonly format: "auto" | "json" | "pretty" };
  /** The hosts' HTTP endpoint (/healthz, /readyz, /metrics); absent unless RISKON_HTTP_PORT is set. */
  readonly http?: { readonly host: string; readonly port: number };
  /** How long SIGTERM waits for replies in flight before the process exits. */
  readonly shutdownMs: number;
}
