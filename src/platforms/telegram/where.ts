// Where an answer goes: the chat, the forum topic it was asked in, who asked, and the message it answers.
export interface Where {
  readonly chatId: string;
  readonly isGroup: boolean;
  readonly isPrivate: boolean;
  readonly userId: string;
  /** The chat a message was sent on behalf of (an anonymous admin: the group itself). */
  readonly senderChatId?: string;
  readonly replyTo?: number;
  /** The forum topic (`message_thread_id`) of the message answered: every part of the answer goes there. */
  readonly threadId?: number;
}

/** The user's private chat with the bot, for answers only they should see. */
export function privateChatOf(where: Where): Where {
  return { chatId: where.userId, isGroup: false, isPrivate: true, userId: where.userId };
}

/** Send options that keep a message in the asker's topic and, when given, reply to their message. */
export function placement(where: Where, replyTo?: number) {
  return {
    ...(where.threadId !== undefined ? { message_thread_id: where.threadId } : {}),
    ...(replyTo !== undefined
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {}),
  };
}

/** A message's topic when it is in a forum topic (Telegram sets `is_topic_message` there only). */
export function topicOf(message: object): number | undefined {
  const m = message as { is_topic_message?: boolean; message_thread_id?: number };
  return m.is_topic_message && typeof m.message_thread_id === "number" ? m.message_thread_id : undefined;
}
