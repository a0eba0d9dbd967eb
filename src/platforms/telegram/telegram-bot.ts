// The Telegram bot: wires the update handlers (commands, switcher buttons, membership) to one paced send queue
// and the app, checks the token, sets the command menus and polls. Each feature is its own handler module.
import { Telegraf } from "telegraf";
import type { App } from "../../app/app.ts";
import { ConfigError } from "../../core/base/errors.ts";
import type { Sender } from "../../core/schedules/digest.ts";
import type { SendPace } from "../../core/schedules/send-pace.ts";
import type { Log, RenderChart } from "../adapter.ts";
import type { HttpRoute } from "../http-route.ts";
import { setCommandMenus } from "./command-menus.ts";
import { type CooldownLimits, Cooldowns } from "./cooldown.ts";
import { commandHandler } from "./handlers/commands.ts";
import type { HandlerDeps } from "./handlers/deps.ts";
import { inlineHandler } from "./handlers/inline.ts";
import { membershipHandler } from "./handlers/membership.ts";
import { switcherHandler } from "./handlers/switcher-buttons.ts";
import { PhotoIds } from "./photo-ids.ts";
import { startPolling, type TelegramPollingError } from "./polling.ts";
import { createResponder } from "./responder.ts";
import { type PacingLimits, SendQueue } from "./send-queue.ts";
import { createTelegramSender } from "./telegram-sender.ts";
import {
  ensureWebhook,
  TELEGRAM_WEBHOOK_PATH,
  type WebhookNote,
  type WebhookSettings,
  webhookRoute,
} from "./webhook.ts";

export type { Log, RenderChart } from "../adapter.ts";
export { parseTelegramCommand } from "./handlers/commands.ts";
export { describePollingFailure, TelegramPollingError } from "./polling.ts";
export { ChatMigratedError, migratedTo } from "./telegram-sender.ts";

export interface TelegramBotOptions {
  readonly token: string;
  /** TELEGRAM_API_ROOT: a local Bot API server or a test fake. */
  readonly apiRoot?: string;
  readonly app: App;
  readonly log: Log;
  readonly renderChart?: RenderChart;
  readonly cooldown?: CooldownLimits;
  readonly limits?: PacingLimits;
  readonly clock?: () => number;
  /** Receive updates by webhook (TELEGRAM_WEBHOOK_URL) instead of polling: several instances may run. */
  readonly webhook?: WebhookSettings;
  /** The shared store's notes: which webhook settings are set, and the file_ids of charts sent (per bot). */
  readonly notes?: WebhookNote;
  /** The send rate shared with the bot's other instances (Postgres); without it, this process paces alone. */
  readonly sharedPace?: SendPace;
}

export interface RunningBot {
  /** Posts digests and alerts through the same paced queue as answers. */
  readonly sender: Sender;
  /**
   * Settles with the reason when polling ends by itself: another process polls this token (409), the token was
   * revoked (401), or another error telegraf does not retry. No update arrives after that, so the owner should
   * stop and exit non-zero rather than run deaf. Never settles after stop().
   */
  readonly failed: Promise<TelegramPollingError>;
  /** Messages waiting in the paced send queue (metrics). */
  queueDepth(): number;
  /** In webhook mode, POST /telegram for the HTTP server. */
  readonly routes: ReadonlyMap<string, HttpRoute>;
  /** Stops polling, lets answers in flight finish, and resolves when the bot is quiet. */
  stop(): Promise<void>;
}

export const DEFAULT_COOLDOWN: CooldownLimits = { userMs: 5000, chatMs: 2000 };

/**
 * The paced send queue (its rate shared with the other instances when there are) and the charts' file_ids (kept
 * in the store's notes), both per bot: the token's part before the colon is the bot's public id.
 */
function outgoing(options: TelegramBotOptions, log: Log, clock: () => number) {
  const botId = options.token.split(":")[0] ?? "bot";
  const queue = new SendQueue({
    log,
    clock,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.sharedPace ? { shared: { pace: options.sharedPace, botId } } : {}),
  });
  // Charts by file_id once Telegram has them, for answers, edits, inline answers and digests alike.
  const photos = new PhotoIds({ botId, ...(options.notes ? { store: options.notes } : {}), log });
  return { queue, photos };
}

export async function startTelegramBot(options: TelegramBotOptions): Promise<RunningBot> {
  const { app, token } = options;
  // Network errors quote the request URL, which holds the token: scrub it from everything logged.
  const redact = (text: string) => text.replaceAll(token, "<token>");
  const log: Log = (message, error) => {
    if (error === undefined) return options.log(redact(message));
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    options.log(redact(message), redact(text));
  };
  const clock = options.clock ?? Date.now;
  const bot = new Telegraf(token, options.apiRoot ? { telegram: { apiRoot: options.apiRoot } } : {});
  const { queue, photos } = outgoing(options, log, clock);
  const cooldowns = new Cooldowns(options.cooldown ?? DEFAULT_COOLDOWN, clock);
  const inFlight = new Set<Promise<void>>();
  const responder = createResponder({
    app,
    telegram: bot.telegram,
    queue,
    log,
    photos,
    ...(options.renderChart ? { renderChart: options.renderChart } : {}),
    botId: () => bot.botInfo?.id ?? 0,
    username: () => bot.botInfo?.username ?? "the bot",
  });
  const deps: HandlerDeps = {
    app,
    queue,
    responder,
    log,
    admit(where, notify) {
      const verdict = cooldowns.check(where.userId, where.chatId);
      if (verdict.kind === "allow") return true;
      if (verdict.kind === "notify") notify(Math.ceil(verdict.waitMs / 1000));
      return false;
    },
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  };
  bot.use(commandHandler(deps), switcherHandler(deps), inlineHandler(deps), membershipHandler(deps));
  bot.catch((error) => log("telegram: update handler failed", error));

  await checkToken(bot);
  await setCommandMenus(bot.telegram, app.commands);
  const updates = await receiveUpdates(bot, options.webhook, {
    log,
    redact,
    track: deps.track,
    ...(options.notes ? { note: options.notes } : {}),
  });
  const sender = createTelegramSender({
    telegram: bot.telegram,
    queue,
    photos,
    username: () => bot.botInfo?.username,
  });
  return {
    sender,
    failed: updates.failed,
    routes: updates.routes,
    queueDepth: () => queue.depth,
    async stop() {
      await updates.stop();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await queue.drain();
    },
  };
}

/** Polling (one process), or the webhook (any number of instances; the HTTP server serves its route). */
async function receiveUpdates(
  bot: Telegraf,
  webhook: WebhookSettings | undefined,
  how: { log: Log; redact: (text: string) => string; track: HandlerDeps["track"]; note?: WebhookNote },
): Promise<Pick<RunningBot, "failed" | "routes" | "stop">> {
  if (!webhook) {
    const polling = startPolling(bot, how.log, how.redact);
    how.log(`telegram: polling as @${bot.botInfo?.username}`);
    return { failed: polling.failed, routes: new Map(), stop: () => polling.stop() };
  }
  await ensureWebhook(bot, webhook, how.log, how.note);
  how.log(`telegram: receiving updates by webhook as @${bot.botInfo?.username}`);
  const route = webhookRoute(bot, webhook.secret, how.log, how.track);
  // A webhook does not stop by itself: Telegram keeps retrying an instance that is away.
  return {
    failed: new Promise(() => {}),
    routes: new Map([[TELEGRAM_WEBHOOK_PATH, route]]),
    stop: async () => {},
  };
}

/** getMe: a token Telegram rejects stops the start with the variable to fix. */
async function checkToken(bot: Telegraf): Promise<void> {
  try {
    bot.botInfo = await bot.telegram.getMe();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 401 || code === 404) {
      throw new ConfigError(
        `Telegram rejected TELEGRAM_BOT_TOKEN (${code}): check it with @BotFather (/token), or revoke and set a new one`,
        { cause: error },
      );
    }
    throw error;
  }
}
