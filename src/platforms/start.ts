// Starts every platform that has its tokens configured and stops them all together.
import type { App } from "../app/app.ts";
import type { Config } from "../app/config.ts";
import type { ChartTheme } from "../core/answers/chart-spec.ts";
import type { Reply } from "../core/answers/command.ts";
import type { MetaRetention, Platform, Sender } from "../core/schedules/digest.ts";
import type { SendPace } from "../core/schedules/send-pace.ts";
import { startDiscordBot } from "./discord/discord-bot.ts";
import type { HttpRoute } from "./http-route.ts";
import { PHOTO_IDS_KEPT } from "./telegram/photo-ids.ts";
import { type Log, startTelegramBot } from "./telegram/telegram-bot.ts";
import { WEBHOOK_LEASES_KEPT, type WebhookNote } from "./telegram/webhook.ts";

export interface PlatformDeps {
  /** Draws the reply's chart as a PNG in a theme; without it, or when it answers null, replies are text only. */
  readonly renderChart?: (reply: Reply, theme: ChartTheme) => Promise<Uint8Array | null>;
  /** Telegram's send rate shared by every instance (on Postgres). */
  readonly sharedPace?: SendPace;
  /** The store's notes: Telegram's webhook settings and charts' file_ids, across instances and restarts. */
  readonly notes?: WebhookNote;
}

/** The platforms' state in the store's notes that is only ever added, with how long each is worth keeping. */
export const PLATFORM_NOTES_KEPT: readonly MetaRetention[] = [PHOTO_IDS_KEPT, WEBHOOK_LEASES_KEPT];

/** Discord's clients are dark by default; Telegram's chats vary, and the light chart reads on both. */
export const PLATFORM_THEMES = { telegram: "light", discord: "dark" } as const satisfies Record<
  string,
  ChartTheme
>;

/**
 * What start needs of a platform. Each can stop by itself: Telegram when polling ends (409, 401), Discord when the
 * gateway closes for good (4004 token reset, 4014 disallowed intents); Discord reconnects after any other close.
 */
interface StartedBot {
  readonly sender: Sender;
  /** Settles when the platform stopped by itself and can no longer receive commands. */
  readonly failed?: Promise<Error>;
  queueDepth?(): number;
  /** What it serves over HTTP (Telegram's webhook), by path. */
  readonly routes?: ReadonlyMap<string, HttpRoute>;
  stop(): Promise<void>;
}

/**
 * A platform that stopped by itself, e.g. Telegram when another process polls the same token, or Discord when the
 * gateway no longer accepts the token.
 */
export interface PlatformFailure {
  readonly platform: Platform;
  readonly error: Error;
}

export interface RunningPlatforms {
  /** The platforms that started, e.g. ["telegram", "discord"]. */
  readonly names: readonly string[];
  /** Each started platform's sender, for digests and alerts. */
  readonly senders: ReadonlyMap<Platform, Sender>;
  /**
   * Settles with the first platform that stopped by itself; its error's message is the one line to log. The
   * process is then deaf on that platform: the owner should stop everything (runtime, platforms, app) and exit
   * non-zero, so a supervisor restarts it or tells someone. Never settles after stop().
   */
  readonly failed: Promise<PlatformFailure>;
  /** POST routes for the HTTP server: Telegram's webhook when it runs in webhook mode. */
  readonly routes: ReadonlyMap<string, HttpRoute>;
  /** Messages waiting in each platform's own send queue (Telegram's paced queue; Discord's REST queue is not seen). */
  queueDepths(): Record<string, number>;
  /** Stops every platform; answers in flight are finished first. */
  stop(): Promise<void>;
}

/** True when at least one platform has its tokens; otherwise main opens the console chat. */
export function hasPlatforms(config: Config): boolean {
  return config.telegram !== undefined || config.discord !== undefined;
}

export async function startPlatforms(
  app: App,
  config: Config,
  log: Log,
  deps: PlatformDeps = {},
): Promise<RunningPlatforms> {
  const started: Array<{ name: Platform; bot: StartedBot }> = [];
  const stopAll = async () => {
    const results = await Promise.allSettled(started.map(({ bot }) => bot.stop()));
    for (const [i, result] of results.entries()) {
      if (result.status === "rejected") log(`${started[i]?.name ?? "platform"}: stop failed`, result.reason);
    }
  };
  const render = deps.renderChart;
  const chart = (theme: ChartTheme) =>
    render ? { renderChart: (reply: Reply) => render(reply, theme) } : {};
  try {
    if (config.telegram) {
      const bot = await startTelegramBot({
        token: config.telegram.token,
        ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
        ...(config.telegram.webhook ? { webhook: config.telegram.webhook } : {}),
        app,
        log,
        cooldown: config.cooldown,
        ...(deps.sharedPace ? { sharedPace: deps.sharedPace } : {}),
        ...(deps.notes ? { notes: deps.notes } : {}),
        ...chart(PLATFORM_THEMES.telegram),
      });
      started.push({ name: "telegram", bot });
    }
    if (config.discord) {
      const bot = await startDiscordBot({
        token: config.discord.token,
        ...(config.discord.apiBase ? { apiBase: config.discord.apiBase } : {}),
        ...(config.discord.publicKey ? { publicKey: config.discord.publicKey } : {}),
        app,
        log,
        ...chart(PLATFORM_THEMES.discord),
      });
      started.push({ name: "discord", bot });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const failures = started.flatMap(({ name, bot }) =>
    bot.failed ? [bot.failed.then((error): PlatformFailure => ({ platform: name, error }))] : [],
  );
  return {
    names: started.map((s) => s.name),
    // With no platform that can fail, a promise that never settles: there is nothing to wait for.
    failed: failures.length > 0 ? Promise.race(failures) : new Promise<PlatformFailure>(() => {}),
    senders: new Map(started.map((s) => [s.name, s.bot.sender])),
    routes: new Map(started.flatMap((s) => [...(s.bot.routes ?? new Map<string, HttpRoute>())])),
    queueDepths: () =>
      Object.fromEntries(
        started.flatMap((s) => (s.bot.queueDepth ? [[s.name, s.bot.queueDepth()] as const] : [])),
      ),
    stop: stopAll,
  };
}
