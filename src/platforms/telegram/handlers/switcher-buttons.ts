// The switcher buttons under an answer (index, vs, range): a press runs the command with the new options in
// the same chat and topic. In a group only the member who asked, or an administrator, may press them; anyone
// else gets a notice only they see (Telegram's callback answer) and nothing is posted. A button the bot cannot
// read is acknowledged and ignored.
import { Composer, type Context } from "telegraf";
import type { Log } from "../../adapter.ts";
import { isModerator } from "../authorize.ts";
import { type DecodedSwitch, decodeSwitch } from "../switcher.ts";
import { topicOf, type Where } from "../where.ts";
import { type HandlerDeps, noop } from "./deps.ts";

export const NOT_YOUR_BUTTON =
  "Only the member who asked, or an admin, can switch this chart. Send the command yourself for your own.";

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
        await acknowledge(ctx.answerCbQuery(NOT_YOUR_BUTTON, { show_alert: true }));
        return;
      }
      let notice: string | undefined;
      const admitted = deps.admit(where, (text) => {
        notice = text;
      });
      await acknowledge(ctx.answerCbQuery(notice));
      if (!admitted) return;
      if (decoded.csv) await responder.exportCsv(where, decoded.name, decoded.tokens);
      else await responder.answer(where, decoded.name, decoded.tokens);
    };
    deps.track(press());
  });
  return composer;
}
