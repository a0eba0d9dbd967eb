// Registers the slash commands with Discord: in one guild when DISCORD_GUILD_ID is set (instant, for testing),
// otherwise globally (may take a while to appear everywhere).
import { REST, Routes } from "discord.js";
import type { DiscordConfig } from "../../app/config.ts";
import type { CommandSummary } from "../../core/answers/command.ts";
import { buildSlashCommands } from "./slash-commands.ts";

export interface Registration {
  readonly scope: "guild" | "global";
  readonly count: number;
}

export async function registerDiscordCommands(
  commands: readonly CommandSummary[],
  config: DiscordConfig,
): Promise<Registration> {
  const rest = new REST({ version: "10", ...(config.apiBase ? { api: config.apiBase } : {}) }).setToken(
    config.token,
  );
  const body = buildSlashCommands(commands);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.appId, config.guildId)
    : Routes.applicationCommands(config.appId);
  const result = (await rest.put(route, { body })) as unknown[];
  return { scope: config.guildId ? "guild" : "global", count: result.length };
}
