// Answering a command in a Telegram chat: run it, render its chart, send the photo with its caption and the
// rest as messages (all in the asker's forum topic), or, for an answer only the asker should see, send it to
// their private chat and say so in the group. Never throws: a failure becomes a one-line reply or a log line.
import type { Telegram } from "telegraf";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller, CommandDefinition, ParsedOptions, Reply } from "../../core/answers/command.ts";
import { parseCommandArgs } from "../../core/answers/command-args.ts";
import { datasetCsv } from "../../core/answers/csv.ts";
import { chartOrNothing, type Log, type RenderChart } from "../adapter.ts";
import { telegramAuthorizer } from "./authorize.ts";
import { changedButNotSent, confirmsChange, privateAnswerRefused } from "./private-answer.ts";
import { ChatUnavailableError, type SendQueue } from "./send-queue.ts";
import { type InlineButton, switcherKeyboard } from "./switcher.ts";
import { CAPTION_LIMIT, escapeHtml, renderTelegramChunks } from "./telegram-html.ts";
import { placement, privateChatOf, type Where } from "./where.ts";

export interface ResponderDeps {
  readonly app: App;
  readonly telegram: Telegram;
  readonly queue: SendQueue;
  readonly log: Log;
  readonly renderChart?: RenderChart;
  readonly botId: () => number;
  readonly username: () => string;
}

export interface Responder {
  /** Runs `/name tokens` for `where` and answers; never throws. */
  answer(where: Where, name: string, tokens: readonly string[]): Promise<void>;
  sendText(where: Where, html: string, keyboard: InlineButton[][] | null, replyTo?: number): Promise<unknown>;
  /** Runs `/name tokens` and sends the numbers behind its answer as CSV files; never throws. */
  exportCsv(where: Where, name: string, tokens: readonly string[]): Promise<void>;
}

export function createResponder(deps: ResponderDeps): Responder {
  const { app, telegram, queue, log } = deps;
  const renderChart = chartOrNothing(deps.renderChart, log, "telegram");

  const callerFor = (where: Where): Caller => ({
    platform: "telegram",
    userId: where.userId,
    chatId: where.chatId,
    isPrivateChat: where.isPrivate,
    authorizeChange: telegramAuthorizer(
      { getChat: (id) => telegram.getChat(id), getChatMember: (c, u) => telegram.getChatMember(c, u) },
      deps.botId,
      where,
    ),
  });

  const sendText: Responder["sendText"] = (where, html, keyboard, replyTo) =>
    queue.send(where.chatId, where.isGroup, () =>
      telegram.sendMessage(where.chatId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...placement(where, replyTo),
        ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      }),
    );

  async function deliver(
    where: Where,
    reply: Reply,
    keyboard: InlineButton[][] | null,
    chart: Uint8Array | null,
  ) {
    if (chart) {
      const [caption = "", ...rest] = renderTelegramChunks(reply, CAPTION_LIMIT);
      await queue.send(where.chatId, where.isGroup, () =>
        telegram.sendPhoto(
          where.chatId,
          { source: Buffer.from(chart), filename: "chart.png" },
          {
            caption,
            parse_mode: "HTML",
            ...placement(where, where.replyTo),
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

  /** Telegram has no messages only one member sees: a private answer goes to the user's chat with the bot. */
  async function answerPrivately(where: Where, name: string, reply: Reply, chart: Uint8Array | null) {
    // A confirmation (/digest set, /alerts off) comes after the change was saved: if it cannot be delivered,
    // the group must hear that the change is done, not "try again".
    const changed = confirmsChange(reply);
    let line = "Sent to you in a private chat.";
    try {
      await deliver(privateChatOf(where), reply, null, chart);
    } catch (error) {
      if (error instanceof ChatUnavailableError) {
        line = privateAnswerRefused(reply, changed, app.find(name), deps.username());
      } else if (changed) {
        log(`telegram: could not deliver /${name} privately to user ${where.userId}`, error);
        line = changedButNotSent(reply);
      } else {
        throw error;
      }
    }
    await sendText(where, escapeHtml(line), null, where.replyTo);
  }

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
      const chart = await renderChart(reply);
      // An anonymous admin has no private chat to answer in: their answer stays in the group.
      if (reply.ephemeral && !where.isPrivate && where.senderChatId === undefined) {
        await answerPrivately(where, name, reply, chart);
        return;
      }
      const command = app.find(name);
      await deliver(where, reply, command ? keyboardFor(command, tokens, where.userId) : null, chart);
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

  async function exportCsv(where: Where, name: string, tokens: readonly string[]): Promise<void> {
    try {
      const reply = await app.run(name, tokens, callerFor(where));
      const datasets = reply.datasets ?? [];
      if (datasets.length === 0) {
        await sendText(where, escapeHtml(`/${name} has no data to export as CSV.`), null);
        return;
      }
      for (const [i, dataset] of datasets.entries()) {
        await queue.send(where.chatId, where.isGroup, () =>
          telegram.sendDocument(
            where.chatId,
            { source: Buffer.from(datasetCsv(dataset)), filename: `${dataset.name}.csv` },
            {
              ...placement(where),
              ...(i === 0 ? { caption: `The numbers behind: ${reply.title}`.slice(0, 1024) } : {}),
            },
          ),
        );
      }
    } catch (error) {
      if (error instanceof ChatUnavailableError) return;
      const failure = describeFailure(error);
      if (failure.internal) log(`telegram: CSV of /${name} failed in chat ${where.chatId}`, error);
      await sendText(where, escapeHtml(failure.message), null).catch(() => {});
    }
  }

  return { answer, sendText, exportCsv };
}

function keyboardFor(
  command: CommandDefinition,
  tokens: readonly string[],
  owner: string,
): InlineButton[][] | null {
  const current = optionsOf(command, tokens);
  return current ? switcherKeyboard(command, current, owner) : null;
}

/** The command's options as the app parsed them; null when they do not parse (the app then answered an error). */
function optionsOf(command: CommandDefinition, tokens: readonly string[]): ParsedOptions | null {
  try {
    return parseCommandArgs(command.name, command.options, tokens);
  } catch {
    return null;
  }
}
