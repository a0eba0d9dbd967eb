// The Telegram adapter (telegraf, long polling): a /command message or a keyboard button becomes a command name
// and tokens for the app; the Reply goes back as HTML, with the chart as a photo when one is rendered.
// Every answer leaves through the paced send queue; every failure ends in one short line, never silence.

import { Telegraf } from "telegraf";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller, CommandDefinition, ParsedOptions, Reply } from "../../core/answers/command.ts";
import { parseCommandArgs } from "../../core/answers/command-args.ts";
import { ConfigError } from "../../core/base/errors.ts";
import type { Sender } from "../../core/schedules/digest.ts";
import { chartOrNothing, type Log, type RenderChart } from "../adapter.ts";
import { telegramAuthorizer } from "./authorize.ts";
import { setCommandMenus } from "./command-menus.ts";
import { type CooldownLimits, Cooldowns } from "./cooldown.ts";
import { startPolling, type TelegramPollingError } from "./polling.ts";
import { changedButNotSent, confirmsChange, privateAnswerRefused } from "./private-answer.ts";
import { ChatUnavailableError, type PacingLimits, SendQueue } from "./send-queue.ts";
import { resolveStart } from "./start-link.ts";
import { createTelegramSender } from "./telegram-sender.ts";

export { describePollingFailure, TelegramPollingError } from "./polling.ts";
export { ChatMigratedError, migratedTo } from "./telegram-sender.ts";

import { decodeSwitch, type InlineButton, switcherKeyboard } from "./switcher.ts";
import { CAPTION_LIMIT, escapeHtml, renderTelegramChunks } from "./telegram-html.ts";

export type { Log, RenderChart } from "../adapter.ts";

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
  /** Stops polling, lets answers in flight finish, and resolves when the bot is quiet. */
  stop(): Promise<void>;
}

export const DEFAULT_COOLDOWN: CooldownLimits = { userMs: 5000, chatMs: 2000 };

/** A /command at the start of a message: `/russell@riskon_bot vs:eth` → russell, target riskon_bot. */
export function parseTelegramCommand(
  text: string,
  commandLength: number,
): { name: string; target: string | null; tokens: string[] } {
  const head = text.slice(1, commandLength);
  const at = head.indexOf("@");
  const name = (at === -1 ? head : head.slice(0, at)).toLowerCase();
  const target = at === -1 ? null : head.slice(at + 1);
  const tokens = text.slice(commandLength).trim().split(/\s+/).filter(Boolean);
  return { name, target, tokens };
}

interface Where {
  readonly chatId: string;
  readonly isGroup: boolean;
  readonly isPrivate: boolean;
  readonly userId: string;
  /** The chat a message was sent on behalf of (an anonymous admin: the group itself). */
  readonly senderChatId?: string;
  readonly replyTo?: number;
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
  const queue = new SendQueue({ log, clock, ...(options.limits ? { limits: options.limits } : {}) });
  const cooldowns = new Cooldowns(options.cooldown ?? DEFAULT_COOLDOWN, clock);
  const inFlight = new Set<Promise<void>>();
  const username = () => bot.botInfo?.username ?? "the bot";
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const callerFor = (where: Where): Caller => ({
    platform: "telegram",
    userId: where.userId,
    chatId: where.chatId,
    isPrivateChat: where.isPrivate,
    authorizeChange: telegramAuthorizer(
      {
        getChat: (id) => bot.telegram.getChat(id),
        getChatMember: (c, u) => bot.telegram.getChatMember(c, u),
      },
      () => bot.botInfo?.id ?? 0,
      where,
    ),
  });

  const sendText = async (
    where: Where,
    html: string,
    keyboard: InlineButton[][] | null,
    replyTo?: number,
  ) => {
    const sent = await queue.send(where.chatId, where.isGroup, () =>
      bot.telegram.sendMessage(where.chatId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(replyTo !== undefined
          ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      }),
    );
    return sent;
  };

  const renderChart = chartOrNothing(options.renderChart, log, "telegram");

  async function deliver(
    where: Where,
    reply: Reply,
    keyboard: InlineButton[][] | null,
    chart: Uint8Array | null,
  ): Promise<void> {
    if (chart) {
      const [caption = "", ...rest] = renderTelegramChunks(reply, CAPTION_LIMIT);
      await queue.send(where.chatId, where.isGroup, () =>
        bot.telegram.sendPhoto(
          where.chatId,
          { source: Buffer.from(chart), filename: "chart.png" },
          {
            caption,
            parse_mode: "HTML",
            ...(where.replyTo !== undefined
              ? { reply_parameters: { message_id: where.replyTo, allow_sending_without_reply: true } }
              : {}),
            ...(keyboard && rest.length === 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
          },
        ),
      );
      for (const [i, chunk] of rest.entries()) {
        await sendText(where, chunk, i === rest.length - 1 ? keyboard : null);
      }
      return;
    }
    const chunks = renderTelegramChunks(reply);
    for (const [i, chunk] of chunks.entries()) {
      await sendText(
        where,
        chunk,
        i === chunks.length - 1 ? keyboard : null,
        i === 0 ? where.replyTo : undefined,
      );
    }
  }

  /** Runs one command and answers; never throws. */
  async function answer(where: Where, name: string, tokens: readonly string[]): Promise<void> {
    try {
      let reply: Reply;
      try {
        reply = await app.run(name, tokens, callerFor(where));
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.internal) log(`telegram: /${name} failed in chat ${where.chatId}`, error);
        await sendText(where, escapeHtml(failure.message), null, where.replyTo);
        return;
      }
      const command = app.find(name);
      const chart = await renderChart(reply);
      // An anonymous admin has no private chat to answer in: their answer stays in the group.
      if (reply.ephemeral && !where.isPrivate && where.senderChatId === undefined) {
        // Telegram has no messages only one member sees: a private answer goes to the user's chat with the bot.
        const privately: Where = {
          chatId: where.userId,
          isGroup: false,
          isPrivate: true,
          userId: where.userId,
        };
        // A confirmation (/digest set, /alerts off) comes after the change was saved: if it cannot be delivered,
        // the group must hear that the change is done, not "try again".
        const changed = confirmsChange(reply);
        let line = "Sent to you in a private chat.";
        try {
          await deliver(privately, reply, null, chart);
        } catch (error) {
          if (error instanceof ChatUnavailableError) {
            line = privateAnswerRefused(reply, changed, command, username());
          } else if (changed) {
            log(`telegram: could not deliver /${name} privately to user ${where.userId}`, error);
            line = changedButNotSent(reply);
          } else {
            throw error;
          }
        }
        await sendText(where, escapeHtml(line), null, where.replyTo);
        return;
      }
      await deliver(where, reply, command ? keyboardFor(command, tokens) : null, chart);
    } catch (error) {
      if (error instanceof ChatUnavailableError) return;
      log(`telegram: could not deliver /${name} to chat ${where.chatId}`, error);
      try {
        await sendText(where, escapeHtml(describeFailure(error).message), null);
      } catch (again) {
        if (!(again instanceof ChatUnavailableError)) log("telegram: the apology failed too", again);
      }
    }
  }

  function keyboardFor(command: CommandDefinition, tokens: readonly string[]): InlineButton[][] | null {
    const current = optionsOf(command, tokens);
    return current ? switcherKeyboard(command, current) : null;
  }

  /** Cooldown gate; a held-back user gets one notice per cooldown. Returns true when the command may run. */
  function admit(where: Where, notify: (text: string) => void): boolean {
    const verdict = cooldowns.check(where.userId, where.chatId);
    if (verdict.kind === "allow") return true;
    if (verdict.kind === "notify") notify(`Slow down: try again in ${Math.ceil(verdict.waitMs / 1000)} s.`);
    return false;
  }

  // Any update from a chat shows it can be written to again (see SendQueue.unavailable): a user who got a 403
  // because they had not pressed Start is answered as soon as they do.
  bot.on("message", (ctx) => {
    const message = ctx.message;
    queue.markAvailable(String(message.chat.id));
    if ("migrate_to_chat_id" in message) {
      // Digests and alerts are stored under the old id; the first send there fails with ChatMigratedError, which
      // pauses them and tells the moderator where to set them up again.
      log(
        `telegram: group ${message.chat.id} became the supergroup ${message.migrate_to_chat_id}; ` +
          "its digest and alerts stay on the old id until a moderator sets them again in the supergroup",
      );
      return;
    }
    if (!("text" in message) || !message.from) return;
    const entity = message.entities?.[0];
    if (entity?.type !== "bot_command" || entity.offset !== 0) return;
    const parsed = parseTelegramCommand(message.text, entity.length);
    const { target } = parsed;
    const { name, tokens } = resolveStart(parsed.name, parsed.tokens, (n) => app.find(n));
    const username = ctx.botInfo.username;
    if (target !== null && target.toLowerCase() !== username.toLowerCase()) return; // another bot's
    const isPrivate = message.chat.type === "private";
    // In groups, unknown commands without @us are probably another bot's; stay quiet.
    if (!isPrivate && target === null && !app.find(name)) return;
    const where: Where = {
      chatId: String(message.chat.id),
      isGroup: !isPrivate,
      isPrivate,
      userId: String(message.from.id),
      ...("sender_chat" in message && message.sender_chat
        ? { senderChatId: String(message.sender_chat.id) }
        : {}),
      replyTo: message.message_id,
    };
    if (!admit(where, (text) => track(sendText(where, escapeHtml(text), null).then(noop, noop)))) return;
    track(answer(where, name, tokens));
  });

  bot.on("callback_query", (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const data = "data" in query ? query.data : undefined;
    const decoded = data ? decodeSwitch(data, app.commands) : null;
    if (!message || !decoded) {
      track(ctx.answerCbQuery().then(noop, (e) => log("telegram: answerCallbackQuery failed", e)));
      return;
    }
    queue.markAvailable(String(message.chat.id));
    const isPrivate = message.chat.type === "private";
    const where: Where = {
      chatId: String(message.chat.id),
      isGroup: !isPrivate,
      isPrivate,
      userId: String(query.from.id),
    };
    let notice: string | undefined;
    const admitted = admit(where, (text) => {
      notice = text;
    });
    track(ctx.answerCbQuery(notice).then(noop, (e) => log("telegram: answerCallbackQuery failed", e)));
    if (admitted) track(answer(where, decoded.name, decoded.tokens));
  });

  // The bot's own membership changed: re-added to a group, or unblocked in a private chat.
  bot.on("my_chat_member", (ctx) => {
    const { chat, new_chat_member: member } = ctx.myChatMember;
    const isMember =
      member.status === "member" ||
      member.status === "administrator" ||
      member.status === "creator" ||
      (member.status === "restricted" && member.is_member);
    if (isMember) queue.markAvailable(String(chat.id));
  });

  bot.catch((error) => log("telegram: update handler failed", error));

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
  await setCommandMenus(bot.telegram, app.commands);
  const polling = startPolling(bot, log, redact);
  log(`telegram: polling as @${bot.botInfo.username}`);

  const sender = createTelegramSender({
    telegram: bot.telegram,
    queue,
    username: () => bot.botInfo?.username,
  });

  return {
    sender,
    failed: polling.failed,
    queueDepth: () => queue.depth,
    async stop() {
      await polling.stop();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await queue.drain();
    },
  };
}

function noop(): void {}

/** The command's options as the app parsed them; null when they do not parse (the app then answered an error). */
function optionsOf(command: CommandDefinition, tokens: readonly string[]): ParsedOptions | null {
  try {
    return parseCommandArgs(command.name, command.options, tokens);
  } catch {
    return null;
  }
}
