// A button pressed under an answer changes that message in place: a details button puts one part of the answer
// in the caption (same chart), "Summary" brings the brief back, a switcher button draws the new chart into the
// same message. A button from an answer whose data has since moved on changes nothing: the presser is told to
// ask again. Never throws; returns the one-line notice for the presser, if any.
import type { Telegram } from "telegraf";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller, Reply } from "../../core/answers/command.ts";
import type { Log, RenderChart } from "../adapter.ts";
import { type DecodedPress, stampOf, type View } from "../answer-buttons.ts";
import { chatLocale, failureLine, localeOfReply, staleNotice } from "../labels.ts";
import { type PhotoIds, type PhotoInput, photoKey } from "./photo-ids.ts";
import type { SendQueue } from "./send-queue.ts";
import type { InlineButton } from "./switcher.ts";
import { CAPTION_LIMIT, MESSAGE_LIMIT, renderTelegramBrief, renderTelegramSection } from "./telegram-html.ts";
import type { Where } from "./where.ts";

export interface EditTarget {
  readonly messageId: number;
  /** The message is a photo with a caption (else a text message). */
  readonly hasPhoto: boolean;
}

export interface EditorDeps {
  readonly app: App;
  readonly telegram: Telegram;
  readonly queue: SendQueue;
  readonly log: Log;
  /** Never throws: null when there is no chart. */
  readonly renderChart: RenderChart;
  readonly callerFor: (where: Where) => Caller;
  readonly keyboardFor: (
    name: string,
    tokens: readonly string[],
    reply: Reply,
    view?: View,
    pages?: number,
  ) => InlineButton[][] | null;
  /** Charts by file_id once Telegram has them. */
  readonly photos?: PhotoIds;
  /** Told of the message a new chart was edited into (its file_id is then known). */
  readonly onPhoto?: (reply: Reply, message: unknown) => void;
}

export type EditOutcome =
  | { readonly kind: "edited" }
  /** Nothing changed; the presser gets this notice. */
  | { readonly kind: "refused"; readonly notice: string }
  /** The message cannot be edited (deleted, too old): answer with a new message instead. */
  | { readonly kind: "gone" };

/** Telegram's answer when the edit would change nothing (the same button twice): not a failure. */
const isNotModified = (error: unknown) => /message is not modified/i.test(String((error as Error)?.message));
/** Telegram's answers for a message that is gone or may no longer be edited. */
const isGone = (error: unknown) =>
  /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(
    String((error as Error)?.message),
  );

export async function editAnswer(
  deps: EditorDeps,
  where: Where,
  target: EditTarget,
  press: DecodedPress,
): Promise<EditOutcome> {
  let reply: Reply;
  try {
    reply = await deps.app.run(press.name, press.tokens, deps.callerFor(where));
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.internal) deps.log(`telegram: button /${press.name} failed in chat ${where.chatId}`, error);
    return {
      kind: "refused",
      notice: failureLine(failure, await chatLocale(deps.app, "telegram", where.chatId)),
    };
  }
  const now = stampOf(reply.data.asOf);
  const locale = localeOfReply(reply);
  if (press.stamp && now && now !== press.stamp)
    return { kind: "refused", notice: staleNotice(locale, press.name, press.stamp, now) };
  const view = press.view;
  // A section's pages as this message holds them (a caption, or a text message), rendered once.
  const pages =
    view?.kind === "section"
      ? renderTelegramSection(reply, view.key, target.hasPhoto ? CAPTION_LIMIT : MESSAGE_LIMIT)
      : [];
  const keyboard = deps.keyboardFor(press.name, press.tokens, reply, view, pages.length || undefined);
  const markup = keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {};
  const text = (view?.kind === "section" ? pages[view.page] : undefined) ?? renderTelegramBrief(reply);
  const { telegram, queue } = deps;
  const chatId = where.chatId;
  try {
    if (view === undefined && target.hasPhoto) {
      // A switch: the new chart and its brief into the same message.
      const chart = await deps.renderChart(reply);
      if (!chart) return { kind: "refused", notice: locale.t("notice.noChart") };
      const editWith = (photo: PhotoInput) =>
        queue.send(chatId, where.isGroup, () =>
          telegram.editMessageMedia(
            chatId,
            target.messageId,
            undefined,
            { type: "photo", media: photo, caption: text, parse_mode: "HTML" },
            markup,
          ),
        );
      // By file_id when Telegram has this chart already (another chat asked the same), uploaded once otherwise.
      const edited = deps.photos
        ? await deps.photos.send(photoKey(press.name, reply), chart, editWith)
        : await editWith({ source: Buffer.from(chart), filename: "chart.png" });
      deps.onPhoto?.(reply, edited);
    } else if (target.hasPhoto) {
      await queue.send(chatId, where.isGroup, () =>
        telegram.editMessageCaption(chatId, target.messageId, undefined, text, {
          parse_mode: "HTML",
          ...markup,
        }),
      );
    } else {
      await queue.send(chatId, where.isGroup, () =>
        telegram.editMessageText(chatId, target.messageId, undefined, text, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...markup,
        }),
      );
    }
  } catch (error) {
    if (isNotModified(error)) return { kind: "edited" };
    if (isGone(error)) return { kind: "gone" };
    throw error;
  }
  return { kind: "edited" };
}
