// Who may change a Telegram chat's digest or alerts, asked of Telegram (getChatMember) at the time of the change:
// an administrator or the creator of the target chat; for a chat other than the one the command was typed in, the
// bot must be an administrator there too. A private chat with the bot belongs to its user. An anonymous group
// admin (a message sent as the group itself) may change that group only; a message sent on behalf of another
// channel changes nothing. Nothing is cached: an admin demoted a second ago is refused.
import type { AuthorizedChange, ChangeRequest } from "../../core/answers/command.ts";
import type { Locale, Vars } from "../../core/answers/locale.ts";
import { UserError } from "../../core/base/errors.ts";
import { localeFor } from "../../i18n/index.ts";

/** Telegram's member statuses that count as moderators. */
const MODERATOR_STATUSES = new Set(["creator", "administrator"]);

/** The parts of telegraf's Telegram client this needs. */
export interface TelegramMembers {
  getChat(chatId: string): Promise<{ readonly id: number; readonly type: string }>;
  getChatMember(chatId: string, userId: number): Promise<{ readonly status: string }>;
}

/** Where a command was typed and by whom. */
export interface TelegramOrigin {
  readonly chatId: string;
  readonly isPrivate: boolean;
  readonly userId: string;
  /** Set when the message was sent on behalf of a chat: the group itself (anonymous admin) or a channel. */
  readonly senderChatId?: string;
}

/**
 * Telegram's refusals of getChatMember that the user can fix, as their one line; anything else stays an internal
 * error. A channel managed from a private chat is the usual case: Telegram shows a channel's members only to its
 * administrators, so a bot that is a plain member gets 400 "member list is inaccessible", and one that is not
 * in it gets 403 "bot is not a member of the channel chat".
 */
export function memberCheckRefusal(error: unknown, chatName: string, locale?: Locale): UserError | null {
  const say = sayIn(locale);
  const code = (error as { code?: unknown } | null)?.code;
  const description = String((error as { description?: unknown } | null)?.description ?? "");
  if (
    (code === 400 && /member list is inaccessible/i.test(description)) ||
    (code === 403 && /bot is not a member|bot was kicked/i.test(description))
  ) {
    return new UserError(say("cannotSeeMembers", { chat: chatName }));
  }
  if (code === 400 && /chat not found/i.test(description)) {
    return new UserError(say("cannotFind", { chat: chatName }));
  }
  return null;
}

/** The refusal lines in the request's language (English without one). */
function sayIn(locale: Locale | undefined) {
  const l = locale ?? localeFor("en");
  return (key: string, vars?: Vars) => l.t(`moderation.telegram.${key}`, vars);
}

/** A chat as typed: its numeric id, or a public @username (Telegram's are 5-32 letters, digits, underscores). */
function isChatReference(ref: string): boolean {
  return /^-?\d{1,20}$/.test(ref) || /^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(ref);
}

/** Is the user an administrator or the creator of the chat? Telegram's refusals the user can fix become one line. */
export async function isModerator(
  members: TelegramMembers,
  chatId: string,
  userId: number,
  chatName: string,
  locale?: Locale,
): Promise<boolean> {
  try {
    const member = await members.getChatMember(chatId, userId);
    return MODERATOR_STATUSES.has(member.status);
  } catch (error) {
    throw memberCheckRefusal(error, chatName, locale) ?? error;
  }
}

async function resolveTarget(
  members: TelegramMembers,
  ref: string,
  locale: Locale | undefined,
): Promise<{ id: string; type: string }> {
  // What the user typed is echoed only after it passed this check, so it cannot carry markup or a mention.
  if (!isChatReference(ref)) throw new UserError(sayIn(locale)("notAChat"));
  try {
    const chat = await members.getChat(ref);
    return { id: String(chat.id), type: chat.type };
  } catch (error) {
    throw memberCheckRefusal(error, ref, locale) ?? error;
  }
}

/** The authorization rule for one message; see the module comment. */
export function telegramAuthorizer(
  members: TelegramMembers,
  botId: () => number,
  origin: TelegramOrigin,
): (request: ChangeRequest) => Promise<AuthorizedChange> {
  return async ({ chatRef, roleRef, what, locale }) => {
    const say = sayIn(locale);
    if (roleRef !== undefined) throw new UserError(say("noRoles"));
    const ref = chatRef?.trim();
    const target =
      ref === undefined ? { id: origin.chatId, type: "this" } : await resolveTarget(members, ref, locale);
    const here = target.id === origin.chatId;
    if (origin.senderChatId !== undefined) {
      if (origin.senderChatId !== origin.chatId) throw new UserError(say("channelSender"));
      // Only administrators can write as the group, so an anonymous admin may change the group itself.
      if (here) return { chatId: target.id };
      throw new UserError(say("anonymous", { chat: ref ?? "" }));
    }
    if (target.id === origin.userId) return { chatId: target.id }; // the user's own chat with the bot
    if (target.type === "private") throw new UserError(say("privateChat"));
    const chatName = here || ref === undefined ? say("thisChat") : ref;
    if (!(await isModerator(members, target.id, Number(origin.userId), chatName, locale))) {
      throw new UserError(say("adminsOnly", { chat: chatName, what }));
    }
    if (!here && !(await isModerator(members, target.id, botId(), chatName, locale))) {
      throw new UserError(say("makeMeAdmin", { chat: chatName }));
    }
    return { chatId: target.id };
  };
}
