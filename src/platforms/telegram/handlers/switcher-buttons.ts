// The buttons under an answer: a switcher (index, vs, range) draws the new chart into the same message, a
// details button shows one part of the answer in its caption, Summary brings the brief back, CSV sends the
// numbers as files. In a group only the member who asked, or an administrator, may press them; anyone else gets
// a notice only they see (Telegram's callback answer) and nothing changes. So does a press under an answer whose
// data has moved on. A button the bot cannot read is acknowledged and ignored.
import { Composer, type Context } from "telegraf";
import { localeFor } from "../../../i18n/index.ts";
import type { Log } from "../../adapter.ts";
import { chatLocale } from "../../labels.ts";
import { isModerator } from "../authorize.ts";
import { type DecodedSwitch, decodeSwitch } from "../switcher.ts";
import { topicOf, type Where } from "../where.ts";
import { type HandlerDeps, noop } from "./deps.ts";

/** The notice for another member's press, in English (the chat's language is used where it has one). */
export const NOT_YOUR_BUTTON = localeFor("en").t("notice.notYourButton");

/** May `userId` press a button whose answer `decoded.owner` asked for in `chatId`? */
async function mayPress(ctx: Context, where: Where, decoded: DecodedSwitch, log: Log): Promise<boolean> {
  if (where.isPrivate || decoded.owner === undefined || decoded.owner === where.userId) return true;
  try {
    return await isModerator(ctx.telegram, where.chatId, Number(where.userId), "this chat");
  } catch (error) {
    log(`telegram: could not check who pressed a button in chat ${where.chatId}`, error);
    return false;
  }
}

export function switcherHandler(deps: HandlerDeps): Composer<Context> {
  const { app, queue, log, responder } = deps;
  const composer = new Composer<Context>();
  const acknowledge = (promise: Promise<unknown>) =>
    promise.then(noop, (e) => log("telegram: answerCallbackQuery failed", e));
  composer.on("callback_query", (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const data = "data" in query ? query.data : undefined;
    const decoded = data ? decodeSwitch(data, app.commands) : null;
    if (!message || !decoded) {
      deps.track(acknowledge(ctx.answerCbQuery()));
      return;
    }
    queue.markAvailable(String(message.chat.id));
    const isPrivate = message.chat.type === "private";
    const threadId = topicOf(message);
    const where: Where = {
      chatId: String(message.chat.id),
      isGroup: !isPrivate,
      isPrivate,
      userId: String(query.from.id),
      ...(threadId !== undefined ? { threadId } : {}),
    };
    const press = async () => {
      if (!(await mayPress(ctx, where, decoded, log))) {
        const language = await app.languageOf("telegram", where.chatId).catch(() => "en");
        await acknowledge(
          ctx.answerCbQuery(localeFor(language).t("notice.notYourButton"), { show_alert: true }),
        );
        return;
      }
      let wait: number | undefined;
      const admitted = deps.admit(where, (seconds) => {
        wait = seconds;
      });
      const notice =
        wait === undefined
          ? undefined
          : (await chatLocale(app, "telegram", where.chatId)).t("notice.slowDown", { seconds: wait });
      if (!admitted) {
        await acknowledge(ctx.answerCbQuery(notice));
        return;
      }
      const target = {
        messageId: message.message_id,
        hasPhoto: "photo" in message && Array.isArray(message.photo),
      };
      const refusal = decoded.csv
        ? await responder.exportCsv(where, decoded.name, decoded.tokens, decoded.stamp)
        : await responder.edit(where, target, decoded);
      await acknowledge(
        refusal ? ctx.answerCbQuery(refusal, { show_alert: true }) : ctx.answerCbQuery(notice),
      );
    };
    deps.track(press());
  });
  return composer;
}
