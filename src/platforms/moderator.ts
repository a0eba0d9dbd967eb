// The moderator precondition, shared by every platform: who may change a chat's settings.
// Telegram: administrator or creator of the chat (asked with getChatMember, cached briefly); Discord: Manage Server.
// In a private chat the user owns it.
import { UserError } from "../core/errors.ts";

/** Telegram's member statuses that count as moderators. */
const TELEGRAM_MODERATOR_STATUSES = new Set(["creator", "administrator"]);

/** `chatName` is how the user wrote the chat (`@channel`), for the one line they see when it cannot be checked. */
export type ModeratorCheck = (chatId: string, userId: string, chatName?: string) => Promise<boolean>;

export interface TelegramModeratorOptions {
  /** Telegram's getChatMember; only `status` is read. */
  readonly getChatMember: (chatId: string, userId: number) => Promise<{ readonly status: string }>;
  /** How long an answer is trusted; a demoted admin keeps moderator rights this long at most. */
  readonly ttlMs?: number;
  readonly clock?: () => number;
}

/** Telegram private chats have the user's own id as the chat id. */
export function isTelegramPrivateChat(chatId: string, userId: string): boolean {
  return chatId === userId;
}

/**
 * Telegram's refusals of getChatMember that the user can fix, as their one line; anything else stays an internal
 * error. A channel managed from a private chat is the usual case: Telegram shows a channel's members only to its
 * administrators, so a bot that is a plain member gets 400 "member list is inaccessible", and one that is not
 * in it gets 403 "bot is not a member of the channel chat".
 */
export function memberCheckRefusal(error: unknown, chatName: string): UserError | null {
  const code = (error as { code?: unknown } | null)?.code;
  const description = String((error as { description?: unknown } | null)?.description ?? "");
  if (
    (code === 400 && /member list is inaccessible/i.test(description)) ||
    (code === 403 && /bot is not a member|bot was kicked/i.test(description))
  ) {
    return new UserError(
      `I can't see the members of ${chatName}: add me as an administrator there, then try again.`,
    );
  }
  if (code === 400 && /chat not found/i.test(description)) {
    return new UserError(`I cannot find ${chatName}; is the bot a member of it?`);
  }
  return null;
}

export function createTelegramModeratorCheck(options: TelegramModeratorOptions): ModeratorCheck {
  const ttlMs = options.ttlMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { value: boolean; until: number }>();
  return async (chatId, userId, chatName = `chat ${chatId}`) => {
    if (isTelegramPrivateChat(chatId, userId)) return true;
    const key = `${chatId}:${userId}`;
    const now = clock();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.value;
    let member: { readonly status: string };
    try {
      member = await options.getChatMember(chatId, Number(userId));
    } catch (error) {
      // Not cached: once the bot is made an administrator, the next try works.
      throw memberCheckRefusal(error, chatName) ?? error;
    }
    const value = TELEGRAM_MODERATOR_STATUSES.has(member.status);
    cache.set(key, { value, until: now + ttlMs });
    return value;
  };
}

/** Discord's MANAGE_GUILD permission bit (1 << 5). */
export const DISCORD_MANAGE_GUILD = 1n << 5n;

/**
 * Discord: the interaction's member permissions (a decimal string in the payload, a bitfield in discord.js).
 * No guild (a DM with the bot) means the user owns the conversation.
 */
export function isDiscordModerator(
  inGuild: boolean,
  permissions: string | bigint | null | undefined,
): boolean {
  if (!inGuild) return true;
  if (permissions === null || permissions === undefined) return false;
  const bits = typeof permissions === "bigint" ? permissions : BigInt(permissions);
  return (bits & DISCORD_MANAGE_GUILD) === DISCORD_MANAGE_GUILD;
}
