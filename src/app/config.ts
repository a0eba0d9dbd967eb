// Reads and validates the environment once at start-up; a bad variable is named, never half-used.
// Tokens are read here and handed to the platform adapters; they are never logged.
import { z } from "zod";
import { ConfigError } from "../core/base/errors.ts";
import { LOG_LEVELS, type LogLevel } from "./logger.ts";

/** An empty variable (`FOO=` in a .env file) counts as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const snowflake = z.string().regex(/^\d{15,21}$/, "must be a Discord id (digits only)");
const seconds = z.coerce
  .number()
  .min(0, "must be 0 or more seconds")
  .max(3600, "must be at most 3600 seconds");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  RISKON_DATA_DIR: optional(z.string().min(1)),
  RISKON_DB: optional(z.string().min(1)),
  RISKON_DIGEST_GRACE_MINUTES: optional(
    z.coerce
      .number()
      .int("must be whole minutes")
      .min(0, "must be 0 or more")
      .max(24 * 60, "must be at most 1440"),
  ),
  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[\w-]+$/, "must look like 123456:ABC-DEF…")),
  TELEGRAM_API_ROOT: optional(httpUrl),
  RISKON_USER_COOLDOWN_SECONDS: optional(seconds),
  RISKON_CHAT_COOLDOWN_SECONDS: optional(seconds),
  DISCORD_TOKEN: optional(z.string().min(20, "is too short to be a bot token")),
  DISCORD_APP_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_BASE: optional(httpUrl),
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

export interface TelegramConfig {
  readonly token: string;
  readonly apiRoot?: string;
}

export interface DiscordConfig {
  readonly token: string;
  readonly appId: string;
  /** Register slash commands in this guild only (instant), instead of globally. */
  readonly guildId?: string;
  /** The REST base, e.g. http://127.0.0.1:8080/api for a fake. */
  readonly apiBase?: string;
}

export interface Config {
  /** Serve SYMBOL.csv files from this directory instead of the bundled snapshot. */
  readonly dataDir?: string;
  /** The SQLite file for schedules, subscriptions, the delivery ledger (and stored bars). */
  readonly dbPath: string;
  /** Digests missed by more than this (downtime) are skipped, not sent late. */
  readonly digestGraceMs: number;
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

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
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
  return {
    ...(e.RISKON_DATA_DIR ? { dataDir: e.RISKON_DATA_DIR } : {}),
    dbPath: e.RISKON_DB ?? "./riskon.db",
    digestGraceMs: (e.RISKON_DIGEST_GRACE_MINUTES ?? 180) * 60_000,
    ...(e.TELEGRAM_BOT_TOKEN
      ? {
          telegram: {
            token: e.TELEGRAM_BOT_TOKEN,
            ...(e.TELEGRAM_API_ROOT ? { apiRoot: e.TELEGRAM_API_ROOT } : {}),
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
