// Preconditions shared by commands: one place that says who may change a chat's settings.
import type { Caller, CommandContext } from "./command.ts";
import type { DigestStore, Target } from "./digest.ts";
import { UserError } from "./errors.ts";

export interface ModeratedTarget {
  readonly caller: Caller;
  readonly store: DigestStore;
  readonly target: Target;
}

/**
 * Resolves the chat a moderator command acts on (this chat, or `chatRef` typed by the user, as a Telegram admin
 * managing a channel from a private chat does) and checks the caller moderates it. Refusals change nothing.
 */
export async function requireModerator(
  context: CommandContext,
  what: string,
  chatRef?: string,
): Promise<ModeratedTarget> {
  const { caller, digests } = context;
  if (!caller || !digests) {
    throw new UserError(`${what} works in a chat with the bot (Discord, Telegram or the console), not here.`);
  }
  let chatId = caller.chatId;
  if (chatRef !== undefined) {
    const resolved = await caller.resolveChat(chatRef);
    if (resolved === null)
      throw new UserError(`I cannot find the chat ${chatRef.slice(0, 40)}; is the bot a member of it?`);
    chatId = resolved;
  }
  if (!(await caller.isModerator(chatId))) {
    throw new UserError(
      `Only moderators can change ${what} for this chat (Discord: Manage Server permission; Telegram: chat administrators).`,
    );
  }
  return { caller, store: digests, target: { platform: caller.platform, chatId } };
}
