// Starts every platform that has its tokens configured and stops them all together.
import type { App } from "../app/app.ts";
import type { Config } from "../app/config.ts";
import type { Platform, Sender } from "../core/digest.ts";
import { startDiscordBot } from "./discord/discord-bot.ts";
import { type Log, type RenderChart, type RunningBot, startTelegramBot } from "./telegram/telegram-bot.ts";

export interface PlatformDeps {
  /** Draws the reply's chart as a PNG; without it, or when it answers null, replies are text only. */
  readonly renderChart?: RenderChart;
}

export interface RunningPlatforms {
  /** The platforms that started, e.g. ["telegram", "discord"]. */
  readonly names: readonly string[];
  /** Each started platform's sender, for digests and alerts. */
  readonly senders: ReadonlyMap<Platform, Sender>;
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
  const started: Array<{ name: Platform; bot: RunningBot }> = [];
  const stopAll = async () => {
    const results = await Promise.allSettled(started.map(({ bot }) => bot.stop()));
    for (const [i, result] of results.entries()) {
      if (result.status === "rejected") log(`${started[i]?.name ?? "platform"}: stop failed`, result.reason);
    }
  };
  const chart = deps.renderChart ? { renderChart: deps.renderChart } : {};
  try {
    if (config.telegram) {
      const bot = await startTelegramBot({
        token: config.telegram.token,
        ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
        app,
        log,
        cooldown: config.cooldown,
        ...chart,
      });
      started.push({ name: "telegram", bot });
    }
    if (config.discord) {
      const bot = await startDiscordBot({
        token: config.discord.token,
        ...(config.discord.apiBase ? { apiBase: config.discord.apiBase } : {}),
        app,
        log,
        ...chart,
      });
      started.push({ name: "discord", bot });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    names: started.map((s) => s.name),
    senders: new Map(started.map((s) => [s.name, s.bot.sender])),
    stop: stopAll,
  };
}
