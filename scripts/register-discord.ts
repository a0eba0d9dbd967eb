// `npm run register`: registers riskon's slash commands with Discord (DISCORD_TOKEN, DISCORD_APP_ID; guild-scoped
// when DISCORD_GUILD_ID is set). Run it again after adding or changing a command.
import { createApp } from "../src/app/app.ts";
import { describeFailure } from "../src/app/failure.ts";
import { loadConfig } from "../src/config.ts";
import { registerDiscordCommands } from "../src/platforms/discord/register.ts";

try {
  const config = loadConfig(process.env);
  if (!config.discord) throw new Error("set DISCORD_TOKEN and DISCORD_APP_ID to register the slash commands");
  const app = await createApp();
  const { scope, count } = await registerDiscordCommands(app.commands, config.discord);
  process.stdout.write(
    scope === "guild"
      ? `Registered ${count} commands in guild ${config.discord.guildId}.\n`
      : `Registered ${count} global commands (they can take up to an hour to appear).\n`,
  );
} catch (error) {
  const failure = describeFailure(error);
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`register-discord: ${failure.internal ? detail : failure.message}\n`);
  process.exitCode = 1;
}
