// Sending a reply to a Telegram chat through the paced queue, always in the asker's forum topic: a short answer
// as one message (the chart, its brief as the caption, the buttons under it), a whole answer as text parts or the
// chart photo with its caption and the rest as messages (the keyboard under the last part), and files.
import type { Telegram } from "telegraf";
import type { Reply } from "../../core/answers/command.ts";
import type { PhotoIds, PhotoInput } from "./photo-ids.ts";
import type { SendQueue } from "./send-queue.ts";
import type { InlineButton } from "./switcher.ts";
import { CAPTION_LIMIT, renderTelegramBrief, renderTelegramChunks } from "./telegram-html.ts";
import { placement, type Where } from "./where.ts";

export interface Outbox {
  sendText(where: Where, html: string, keyboard: InlineButton[][] | null, replyTo?: number): Promise<unknown>;
  deliver(
    where: Where,
    reply: Reply,
    keyboard: InlineButton[][] | null,
    chart: Uint8Array | null,
    photoKey?: string,
  ): Promise<void>;
  sendFile(where: Where, file: { bytes: Uint8Array; filename: string }, caption?: string): Promise<unknown>;
  /** The short first answer: one message, the chart with the brief as its caption and the buttons under it. */
  deliverBrief(
    where: Where,
    reply: Reply,
    keyboard: InlineButton[][],
    chart: Uint8Array | null,
    photoKey?: string,
  ): Promise<void>;
}

/** `photos` sends each chart by file_id once Telegram has it, and learns the ids (inline answers use them). */
export function createOutbox(telegram: Telegram, queue: SendQueue, photos?: PhotoIds): Outbox {
  const sendText: Outbox["sendText"] = (where, html, keyboard, replyTo) =>
    queue.send(where.chatId, where.isGroup, () =>
      telegram.sendMessage(where.chatId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...placement(where, replyTo),
        ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      }),
    );

  const sendPhoto = async (
    where: Where,
    chart: Uint8Array,
    caption: string,
    keyboard: InlineButton[][] | null,
    key?: string,
  ) => {
    const sendWith = (photo: PhotoInput) =>
      queue.send(where.chatId, where.isGroup, () =>
        telegram.sendPhoto(where.chatId, photo, {
          caption,
          parse_mode: "HTML",
          ...placement(where, where.replyTo),
          ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
        }),
      );
    // By file_id once Telegram has this chart (the same answer version), uploaded once otherwise.
    await (photos
      ? photos.send(key, chart, sendWith)
      : sendWith({ source: Buffer.from(chart), filename: "chart.png" }));
  };

  const deliver: Outbox["deliver"] = async (where, reply, keyboard, chart, photoKey) => {
    const chunks = renderTelegramChunks(reply, chart ? CAPTION_LIMIT : undefined);
    if (chart && chunks.length === 0) chunks.push(""); // the photo goes out even without a caption
    const last = chunks.length - 1;
    for (const [i, chunk] of chunks.entries()) {
      const under = i === last ? keyboard : null;
      if (i === 0 && chart) await sendPhoto(where, chart, chunk, under, photoKey);
      else await sendText(where, chunk, under, i === 0 ? where.replyTo : undefined);
    }
  };

  const sendFile: Outbox["sendFile"] = (where, file, caption) =>
    queue.send(where.chatId, where.isGroup, () =>
      telegram.sendDocument(
        where.chatId,
        { source: Buffer.from(file.bytes), filename: file.filename },
        {
          ...placement(where),
          ...(caption !== undefined ? { caption: caption.slice(0, CAPTION_LIMIT) } : {}),
        },
      ),
    );

  const deliverBrief: Outbox["deliverBrief"] = async (where, reply, keyboard, chart, photoKey) => {
    const brief = renderTelegramBrief(reply);
    if (chart) await sendPhoto(where, chart, brief, keyboard, photoKey);
    else await sendText(where, brief, keyboard, where.replyTo);
  };

  return { sendText, deliver, sendFile, deliverBrief };
}
