// Posts digests and alerts into Telegram chats through the paced send queue. Each OutgoingMessage is exactly one
// Telegram message, so a chat gets a digest whole or not at all: the chart with a caption of at most 1,024
// characters (the summary of each answer and where its data is from), and buttons that open the full answers in
// a private chat with the bot (a t.me deep link, /start russell). An alert is one text message.
import type { Telegram } from "telegraf";
import type { Reply } from "../../core/answers/command.ts";
import {
  type OutgoingMessage,
  PermanentSendError,
  RetryableSendError,
  type Sender,
} from "../../core/schedules/digest.ts";
import { digestPhotoKey, type PhotoIds, type PhotoInput } from "./photo-ids.ts";
import { ChatUnavailableError, type SendQueue } from "./send-queue.ts";
import { CAPTION_LIMIT, escapeHtml, MESSAGE_LIMIT, renderDigestPost } from "./telegram-html.ts";

/**
 * A group became a supergroup: Telegram answers every send to the old id with 400 and the new id in
 * `parameters.migrate_to_chat_id`. Nothing will reach the old id again, so it is permanent for the scheduler (the
 * digest is paused, alerts go off, the moderator is told); the message says where to set things up again.
 */
export class ChatMigratedError extends PermanentSendError {
  constructor(
    readonly oldChatId: string,
    readonly newChatId: string,
  ) {
    super(
      `the group became a supergroup with the new chat id ${newChatId}`,
      "Run /digest set (and /alerts on) again in the group.",
    );
  }
}

/** The new id in Telegram's answer to a send to a group that became a supergroup, or undefined. */
export function migratedTo(error: unknown): string | undefined {
  const parameters = (error as { parameters?: { migrate_to_chat_id?: unknown } } | null)?.parameters;
  const id = parameters?.migrate_to_chat_id;
  return typeof id === "number" || (typeof id === "string" && /^-?\d+$/.test(id)) ? String(id) : undefined;
}

/**
 * Telegram's answer to a send, read structurally: telegraf's TelegramError carries `code`, `description` and
 * `parameters`. Permanent: the chat cannot be written to again. Retryable: Telegram did not take the message
 * (429, 5xx), or no answer came at all (a network error: the post may have arrived, and is sent again, which is
 * the one duplicate the delivery guarantee allows).
 */
export function toSendError(chatId: string, error: unknown): unknown {
  if (error instanceof ChatUnavailableError) return new PermanentSendError(error.message);
  const code = (error as { code?: unknown } | null)?.code;
  const description = String((error as { description?: unknown } | null)?.description ?? "");
  const newChatId = migratedTo(error);
  if (newChatId !== undefined) return new ChatMigratedError(chatId, newChatId);
  if (code === 400 && /chat not found|group chat was deactivated|not enough rights/i.test(description)) {
    return new PermanentSendError(`${code} ${description}`);
  }
  if (code === 429 || (typeof code === "number" && code >= 500))
    return new RetryableSendError(`${code} ${description}`);
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof code === "string" || name === "FetchError" || name === "AbortError") {
    return new RetryableSendError(`no answer from Telegram (${String((error as Error).message)})`);
  }
  return error;
}

/** Telegram's deep-link payloads: 1-64 of A-Z, a-z, 0-9, _ and -. */
const DEEP_LINK = /^[A-Za-z0-9_-]{1,64}$/;

/** One URL button per answer, opening it whole in the user's private chat with the bot. */
export function detailsKeyboard(
  replies: readonly Reply[],
  username: string | undefined,
): Array<Array<{ text: string; url: string }>> | null {
  if (!username) return null;
  const buttons = replies
    .map((reply) => String(reply.data.command ?? ""))
    .filter((command) => DEEP_LINK.test(command))
    .map((command) => ({ text: `Details: /${command}`, url: `https://t.me/${username}?start=${command}` }));
  return buttons.length > 0 ? [buttons] : null;
}

export interface TelegramSenderDeps {
  readonly telegram: Telegram;
  readonly queue: SendQueue;
  /** The bot's username once known, for the deep links. */
  readonly username: () => string | undefined;
  /** Charts by file_id once uploaded (shared with the answers). */
  readonly photos?: PhotoIds;
}

export function createTelegramSender({ telegram, queue, username, photos }: TelegramSenderDeps): Sender {
  const post = (chatId: string, message: OutgoingMessage) => {
    const isGroup = chatId.startsWith("-");
    // A digest set in a forum topic goes to that topic.
    const topic = message.threadId !== undefined ? { message_thread_id: Number(message.threadId) } : {};
    if (message.replies.length === 0) {
      const html = escapeHtml(message.text ?? "").slice(0, MESSAGE_LIMIT);
      return queue.send(chatId, isGroup, () =>
        telegram.sendMessage(chatId, html, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...topic,
        }),
      );
    }
    const keyboard = detailsKeyboard(message.replies, username());
    const markup = keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {};
    const png = message.png;
    if (png) {
      const caption = renderDigestPost(message.replies, CAPTION_LIMIT, message.text);
      const sendWith = (photo: PhotoInput) =>
        queue.send(chatId, isGroup, () =>
          telegram.sendPhoto(chatId, photo, { caption, parse_mode: "HTML", ...markup, ...topic }),
        );
      // A digest fan-out uploads each distinct chart once; every other group gets it by file_id.
      return photos
        ? photos.send(digestPhotoKey(png), png, sendWith)
        : sendWith({ source: Buffer.from(png), filename: "chart.png" });
    }
    const html = renderDigestPost(message.replies, MESSAGE_LIMIT, message.text);
    return queue.send(chatId, isGroup, () =>
      telegram.sendMessage(chatId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...markup,
        ...topic,
      }),
    );
  };
  return {
    platform: "telegram",
    async send(chatId, message) {
      try {
        await post(chatId, message);
      } catch (error) {
        throw toSendError(chatId, error);
      }
    },
    async notifyUser(userId, text) {
      try {
        await queue.send(userId, false, () =>
          telegram.sendMessage(userId, escapeHtml(text), { parse_mode: "HTML" }),
        );
        return true;
      } catch {
        return false;
      }
    },
  };
}
