// Answering a command in a Telegram chat: run it, render its chart, send the photo with its caption and the
// rest as messages (all in the asker's forum topic), or, for an answer only the asker should see, send it to
// their private chat and say so in the group. Never throws: a failure becomes a one-line reply or a log line.
import type { Telegram } from "telegraf";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller, CommandDefinition, Reply } from "../../core/answers/command.ts";
import { chartOrNothing, type Log, type RenderChart } from "../adapter.ts";
import { currentOptions, type DecodedPress, stampOf, type View } from "../answer-buttons.ts";
import { buttonLabels, chatLocale, failureLine, localeOfReply } from "../labels.ts";

import { type EditorDeps, type EditTarget, editAnswer } from "./answer-editor.ts";
import { telegramAuthorizer } from "./authorize.ts";
import { exportCsv } from "./csv-export.ts";
import { createOutbox, type Outbox } from "./outbox.ts";
import { PhotoIds, photoKey } from "./photo-ids.ts";
import { changedButNotSent, confirmsChange, privateAnswerRefused } from "./private-answer.ts";
import { ChatUnavailableError, type SendQueue } from "./send-queue.ts";
import { answerKeyboard, type InlineButton } from "./switcher.ts";
import { escapeHtml } from "./telegram-html.ts";
import { privateChatOf, type Where } from "./where.ts";

export interface ResponderDeps {
  readonly app: App;
  readonly telegram: Telegram;
  readonly queue: SendQueue;
  readonly log: Log;
  readonly renderChart?: RenderChart;
  readonly botId: () => number;
  readonly username: () => string;
  /** Charts by file_id once uploaded, shared with the digests; one of its own when absent. */
  readonly photos?: PhotoIds;
}

export interface Responder {
  /** Runs `/name tokens` for `where` and answers; never throws. */
  answer(where: Where, name: string, tokens: readonly string[]): Promise<void>;
  sendText: Outbox["sendText"];
  /**
   * Runs `/name tokens` and sends the numbers behind its answer as CSV files; never throws. A notice instead
   * when the answer the button sits under (its as-of stamp) is older than the data.
   */
  exportCsv(
    where: Where,
    name: string,
    tokens: readonly string[],
    stamp?: string,
  ): Promise<string | undefined>;
  /** Shows what a pressed button asks for in its message; never throws. The notice for the presser, if any. */
  edit(where: Where, target: EditTarget, press: DecodedPress): Promise<string | undefined>;
  /** The file_id of this answer's chart when the bot has sent it already (for inline photo results). */
  photoIdFor(name: string, reply: Reply): string | undefined;
}

/** Who asked, where, and the rule for what they may change there. */
function telegramCaller(telegram: Telegram, botId: () => number, where: Where): Caller {
  return {
    platform: "telegram",
    userId: where.userId,
    chatId: where.chatId,
    ...(where.threadId !== undefined ? { threadId: String(where.threadId) } : {}),
    isPrivateChat: where.isPrivate,
    authorizeChange: telegramAuthorizer(
      { getChat: (id) => telegram.getChat(id), getChatMember: (c, u) => telegram.getChatMember(c, u) },
      botId,
      where,
    ),
  };
}

export function createResponder(deps: ResponderDeps): Responder {
  const { app, telegram, log } = deps;
  const renderChart = chartOrNothing(deps.renderChart, log, "telegram");
  const photos = deps.photos ?? new PhotoIds();
  const outbox = createOutbox(telegram, deps.queue, photos);
  const { sendText, deliver } = outbox;

  const callerFor = (where: Where) => telegramCaller(telegram, deps.botId, where);

  async function answer(where: Where, name: string, tokens: readonly string[]): Promise<void> {
    try {
      let reply: Reply;
      try {
        reply = await app.run(name, tokens, callerFor(where));
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.internal) log(`telegram: /${name} failed in chat ${where.chatId}`, error);
        const line = failureLine(failure, await chatLocale(app, "telegram", where.chatId));
        await sendText(where, escapeHtml(line), null, where.replyTo);
        return;
      }
      const chart = await renderChart(reply);
      // An anonymous admin has no private chat to answer in: their answer stays in the group.
      if (reply.ephemeral && !where.isPrivate && where.senderChatId === undefined) {
        await answerPrivately({ outbox, app, log, username: deps.username }, where, name, reply, chart);
        return;
      }
      const command = app.find(name);
      const keyboard = command ? keyboardFor(command, tokens, where.userId, reply) : null;
      const key = photoKey(name, reply);
      if (reply.brief && keyboard) await outbox.deliverBrief(where, reply, keyboard, chart, key);
      else await deliver(where, reply, keyboard, chart, key);
    } catch (error) {
      if (error instanceof ChatUnavailableError) return;
      log(`telegram: could not deliver /${name} to chat ${where.chatId}`, error);
      try {
        const line = failureLine(describeFailure(error), await chatLocale(app, "telegram", where.chatId));
        await sendText(where, escapeHtml(line), null);
      } catch (again) {
        if (!(again instanceof ChatUnavailableError)) log("telegram: the apology failed too", again);
      }
    }
  }

  async function edit(where: Where, target: EditTarget, press: DecodedPress): Promise<string | undefined> {
    const editor: EditorDeps = {
      ...{ app, telegram, queue: deps.queue, log, renderChart, callerFor, photos },
      keyboardFor: ownedKeyboard(app, press.owner),
      onPhoto: (reply, message) => photos.record(photoKey(press.name, reply), message),
    };
    try {
      const outcome = await editAnswer(editor, where, target, press);
      if (outcome.kind === "refused") return outcome.notice;
      if (outcome.kind === "gone") await answer(where, press.name, press.tokens);
    } catch (error) {
      if (error instanceof ChatUnavailableError) return undefined;
      log(`telegram: could not edit the answer of /${press.name} in chat ${where.chatId}`, error);
      return failureLine(describeFailure(error), await chatLocale(app, "telegram", where.chatId));
    }
    return undefined;
  }

  return {
    answer,
    sendText,
    exportCsv: (where, name, tokens, stamp) =>
      exportCsv({ app, outbox, log, callerFor }, where, name, tokens, stamp),
    edit,
    photoIdFor: (name, reply) => photos.get(photoKey(name, reply)),
  };
}

interface PrivateAnswerContext {
  readonly outbox: Outbox;
  readonly app: App;
  readonly log: Log;
  readonly username: () => string;
}

/** Telegram has no messages only one member sees: a private answer goes to the user's chat with the bot. */
async function answerPrivately(
  ctx: PrivateAnswerContext,
  where: Where,
  name: string,
  reply: Reply,
  chart: Uint8Array | null,
): Promise<void> {
  // A confirmation (/digest set, /alerts off) comes after the change was saved: if it cannot be delivered,
  // the group must hear that the change is done, not "try again".
  const changed = confirmsChange(reply);
  let line = (await chatLocale(ctx.app, "telegram", where.chatId)).t("notice.sentPrivately");
  try {
    await ctx.outbox.deliver(privateChatOf(where), reply, null, chart);
  } catch (error) {
    if (error instanceof ChatUnavailableError) {
      line = privateAnswerRefused(reply, changed, ctx.app.find(name), ctx.username());
    } else if (changed) {
      ctx.log(`telegram: could not deliver /${name} privately to user ${where.userId}`, error);
      line = changedButNotSent(reply);
    } else {
      throw error;
    }
  }
  await ctx.outbox.sendText(where, escapeHtml(line), null, where.replyTo);
}

/** Keyboards for an edited answer: they keep naming who asked (not who pressed). */
function ownedKeyboard(app: App, owner: string | undefined): EditorDeps["keyboardFor"] {
  return (name, tokens, reply, view, pages) => {
    const command = app.find(name);
    return command ? keyboardFor(command, tokens, owner ?? "", reply, view, pages) : null;
  };
}

/**
 * The buttons under an answer: switcher, details (when it has a brief) and CSV, stamped with its as-of date;
 * `pages`: how many pages the section shown has (its "More" button).
 */
export function keyboardFor(
  command: CommandDefinition,
  tokens: readonly string[],
  owner: string,
  reply: Reply,
  view?: View,
  pages?: number,
): InlineButton[][] | null {
  const current = currentOptions(command, tokens, reply);
  if (!current) return null;
  return answerKeyboard(command, {
    current,
    owner,
    stamp: stampOf(reply.data.asOf),
    sections: reply.brief ? reply.sections : undefined,
    view,
    pages,
    labels: buttonLabels(localeOfReply(reply)),
  });
}
