// The bot's own membership changed: re-added to a group, or unblocked in a private chat, so the chat can be
// written to again.
import { Composer, type Context } from "telegraf";
import type { HandlerDeps } from "./deps.ts";

export function membershipHandler(deps: Pick<HandlerDeps, "queue">): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("my_chat_member", (ctx) => {
    const { chat, new_chat_member: member } = ctx.myChatMember;
    const isMember =
      member.status === "member" ||
      member.status === "administrator" ||
      member.status === "creator" ||
      (member.status === "restricted" && member.is_member);
    if (isMember) deps.queue.markAvailable(String(chat.id));
  });
  return composer;
}
