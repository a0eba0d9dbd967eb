// The switcher buttons under an answer (index, vs, range): a press runs the command with the new options in
// the same chat and topic. A button the bot cannot read is acknowledged and ignored.
import { Composer, type Context } from "telegraf";
import { decodeSwitch } from "../switcher.ts";
import { topicOf, type Where } from "../where.ts";
import { type HandlerDeps, noop } from "./deps.ts";

export function switcherHandler(deps: HandlerDeps): Composer<Context> {
  const { app, queue, log, responder } = deps;
  const composer = new Composer<Context>();
  const acknowledge = (promise: Promise<unknown>) =>
    deps.track(promise.then(noop, (e) => log("telegram: answerCallbackQuery failed", e)));
  composer.on("callback_query", (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const data = "data" in query ? query.data : undefined;
    const decoded = data ? decodeSwitch(data, app.commands) : null;
    if (!message || !decoded) {
      acknowledge(ctx.answerCbQuery());
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
    let notice: string | undefined;
    const admitted = deps.admit(where, (text) => {
      notice = text;
    });
    acknowledge(ctx.answerCbQuery(notice));
    if (admitted) deps.track(responder.answer(where, decoded.name, decoded.tokens));
  });
  return composer;
}
