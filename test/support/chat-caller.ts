// A Telegram group member as the app sees one: a moderator whose changes are allowed, or a member refused.
import type { Caller } from "../../src/core/answers/command.ts";
import { UserError } from "../../src/core/base/errors.ts";

export function groupCaller(moderator: boolean, chatId = "-1001"): Caller {
  return {
    platform: "telegram",
    userId: moderator ? "mod" : "member",
    chatId,
    isPrivateChat: false,
    authorizeChange: async ({ what }) => {
      if (!moderator) throw new UserError(`Only moderators can change ${what} for this chat.`);
      return { chatId };
    },
  };
}
