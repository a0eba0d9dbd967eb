// Preconditions shared by commands: one place that says who may change a chat's settings.

import { UserError } from "../base/errors.ts";
import type { DigestStore, Target } from "../schedules/digest.ts";
import type { Caller, ChangeRequest, CommandContext } from "./command.ts";

export interface ModeratedTarget {
  readonly caller: Caller;
  readonly store: DigestStore;
  readonly target: Target;
  /** The role the platform checked, when the request named one. */
  readonly mentionRoleId?: string;
  /** The forum topic it was asked in, when the target is this chat (a digest set in a topic is posted there). */
  readonly threadId?: string;
}

/**
 * Resolves the chat a moderator command acts on (this chat, or the one the user typed, as a Telegram admin
 * managing a channel from a private chat does) and has the platform check, now, that the caller moderates it.
 * Refusals change nothing: they throw before the command touches the store.
 */
export async function requireModerator(
  context: CommandContext,
  subject: "digest" | "alerts" | "settings",
  request: Omit<ChangeRequest, "what" | "locale"> = {},
): Promise<ModeratedTarget> {
  const { caller, digests, locale } = context;
  const what = locale.t(`moderation.what.${subject}`);
  if (!caller || !digests) throw new UserError(locale.t("moderation.notHere", { what }));
  const allowed = await caller.authorizeChange({ ...request, what, locale });
  return {
    caller,
    store: digests,
    target: { platform: caller.platform, chatId: allowed.chatId },
    ...(allowed.mentionRoleId !== undefined ? { mentionRoleId: allowed.mentionRoleId } : {}),
    ...(caller.threadId !== undefined && allowed.chatId === caller.chatId
      ? { threadId: caller.threadId }
      : {}),
  };
}

/**
 * A caller that may read but change nothing: a button press or a digest asks in a chat (its settings apply) and
 * is refused any change, with `why` as the one line.
 */
export function readOnlyCaller(
  where: { readonly platform: Caller["platform"]; readonly chatId: string; readonly isPrivateChat?: boolean },
  userId: string,
  why: string,
): Caller {
  return {
    platform: where.platform,
    userId,
    chatId: where.chatId,
    isPrivateChat: where.isPrivateChat ?? false,
    authorizeChange: async () => {
      throw new UserError(why);
    },
  };
}
