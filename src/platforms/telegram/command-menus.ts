// The command menus Telegram shows, per scope: everyone's commands in groups, everything in private chats (a
// user's own chat is theirs to schedule into) and for group administrators. The default scope, the fallback
// for chats no narrower scope covers, lists everything too. The commands check the caller when they run.
import type { Telegram } from "telegraf";
import type { BotCommandScope } from "telegraf/types";
import type { CommandSummary } from "../../core/answers/command.ts";

const DESCRIPTION_LIMIT = 256;

export interface CommandMenu {
  readonly scope: BotCommandScope;
  readonly commands: { command: string; description: string }[];
}

export function commandMenus(commands: readonly CommandSummary[]): CommandMenu[] {
  const entry = (c: CommandSummary) => ({
    command: c.name,
    description: c.description.slice(0, DESCRIPTION_LIMIT),
  });
  const all = commands.map(entry);
  const everyone = commands.filter((c) => c.audience !== "moderators").map(entry);
  return [
    { scope: { type: "default" }, commands: all },
    { scope: { type: "all_private_chats" }, commands: all },
    { scope: { type: "all_group_chats" }, commands: everyone },
    { scope: { type: "all_chat_administrators" }, commands: all },
  ];
}

export async function setCommandMenus(
  telegram: Telegram,
  commands: readonly CommandSummary[],
): Promise<void> {
  for (const menu of commandMenus(commands)) {
    await telegram.setMyCommands(menu.commands, { scope: menu.scope });
  }
}
