// Slash commands typed in a chat: `/russell@bot vs:eth` in a group, `/start russell` from a deep link. Commands
// meant for another bot, and unknown ones in groups without @us, are left alone.
import { Composer, type Context } from "telegraf";
import { chatLocale } from "../../labels.ts";
import { resolveStart } from "../start-link.ts";
import { escapeHtml } from "../telegram-html.ts";
import { topicOf, type Where } from "../where.ts";
import { type HandlerDeps, noop } from "./deps.ts";

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

export function commandHandler(deps: HandlerDeps): Composer<Context> {
  const { app, queue, log, responder } = deps;
  const composer = new Composer<Context>();
  // Any update from a chat shows it can be written to again (see SendQueue.unavailable): a user who got a 403
  // because they had not pressed Start is answered as soon as they do.
  composer.on("message", (ctx) => {
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
    if (target !== null && target.toLowerCase() !== ctx.botInfo.username.toLowerCase()) return; // another bot's
    const isPrivate = message.chat.type === "private";
    // In groups, unknown commands without @us are probably another bot's; stay quiet.
    if (!isPrivate && target === null && !app.find(name)) return;
    const threadId = topicOf(message);
    const where: Where = {
      chatId: String(message.chat.id),
      isGroup: !isPrivate,
      isPrivate,
      userId: String(message.from.id),
      ...("sender_chat" in message && message.sender_chat
        ? { senderChatId: String(message.sender_chat.id) }
        : {}),
      replyTo: message.message_id,
      ...(threadId !== undefined ? { threadId } : {}),
    };
    const notify = (seconds: number) =>
      deps.track(
        chatLocale(app, "telegram", where.chatId)
          .then((l) => responder.sendText(where, escapeHtml(l.t("notice.slowDown", { seconds })), null))
          .then(noop, noop),
      );
    if (!deps.admit(where, notify)) return;
    deps.track(responder.answer(where, name, tokens));
  });
  return composer;
}
