// Where a message goes: the platform and the chat (Telegram) or channel (Discord). Shared by schedules,
// subscriptions and a chat's settings.
export type Platform = "telegram" | "discord" | "console";

/** Where a message goes: a chat (Telegram) or a channel (Discord). */
export interface Target {
  readonly platform: Platform;
  readonly chatId: string;
}
