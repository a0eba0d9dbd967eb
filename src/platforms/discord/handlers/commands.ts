// Slash commands: the options become the app's tokens, bad input is answered at once and ephemerally, the
// answer goes back as an embed with the chart attached (ephemeral when the reply says so).
import { AttachmentBuilder, type ChatInputCommandInteraction, type Client, MessageFlags } from "discord.js";
import type { App } from "../../../app/app.ts";
import { describeFailure } from "../../../app/failure.ts";
import type { Caller, CommandDefinition } from "../../../core/answers/command.ts";
import { parseCommandArgs } from "../../../core/answers/command-args.ts";
import type { Log, RenderChart } from "../../adapter.ts";
import { chatLocale, failureLine, userLocale } from "../../labels.ts";
import { componentsFor } from "../answer-components.ts";
import { discordAuthorizer } from "../authorize.ts";
import { CHART_FILE, renderDiscordBrief, renderDiscordEmbed } from "../discord-embed.ts";

export interface CommandHandlerDeps {
  readonly app: App;
  readonly client: Client;
  readonly log: Log;
  /** Never throws: a failed render is text only (chartOrNothing). */
  readonly renderChart: RenderChart;
}

/** The slash command's options as the tokens the app parses: `name:value`, in definition order. */
export function tokensOf(command: CommandDefinition, interaction: ChatInputCommandInteraction): string[] {
  const tokens: string[] = [];
  for (const option of command.options) {
    const value = interaction.options.get(option.name)?.value;
    if (value !== undefined && value !== null && String(value).trim() !== "") {
      tokens.push(`${option.name}:${String(value)}`);
    }
  }
  return tokens;
}

function callerOf(client: Client, interaction: ChatInputCommandInteraction): Caller {
  return {
    platform: "discord",
    userId: interaction.user.id,
    chatId: interaction.channelId,
    isPrivateChat: !interaction.inGuild(),
    authorizeChange: discordAuthorizer(client, interaction),
  };
}

/** One line only the caller sees; after a public defer, the placeholder is removed first. */
export async function answerPrivately(
  interaction: ChatInputCommandInteraction,
  content: string,
  log: Log,
): Promise<void> {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deleteReply().catch((error: unknown) => log("discord: deleteReply failed", error));
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
}

export function createCommandHandler({ app, client, log, renderChart }: CommandHandlerDeps) {
  async function answer(interaction: ChatInputCommandInteraction, command: CommandDefinition): Promise<void> {
    const tokens = tokensOf(command, interaction);
    // Bad input is answered at once, ephemerally, before anyone sees "thinking…", in the channel's language
    // (looked up only then: app.run reads the channel's settings for the answer itself).
    try {
      parseCommandArgs(command.name, command.options, tokens);
    } catch {
      parseCommandArgs(
        command.name,
        command.options,
        tokens,
        await chatLocale(app, "discord", interaction.channelId),
      );
    }
    await interaction.deferReply();
    const reply = await app.run(command.name, tokens, callerOf(client, interaction));
    const chart = await renderChart(reply);
    const files = chart ? { files: [new AttachmentBuilder(Buffer.from(chart), { name: CHART_FILE })] } : {};
    if (reply.ephemeral) {
      const embed = renderDiscordEmbed(reply, { withChart: chart !== null });
      await interaction.deleteReply();
      await interaction.followUp({ embeds: [embed], ...files, flags: MessageFlags.Ephemeral });
      return;
    }
    // A short first answer where the reply has one; the rest behind the buttons (handlers/buttons.ts).
    const components = componentsFor(command, tokens, interaction.user.id, reply);
    const embed =
      reply.brief && components.length > 0
        ? renderDiscordBrief(reply, { withChart: chart !== null })
        : renderDiscordEmbed(reply, { withChart: chart !== null });
    await interaction.editReply({ embeds: [embed], ...files, components });
  }

  return async (interaction: ChatInputCommandInteraction): Promise<void> => {
    const command = app.find(interaction.commandName);
    try {
      if (!command) {
        const text = userLocale(interaction.locale).t("notice.unknownSlash", {
          name: interaction.commandName,
        });
        await answerPrivately(interaction, text, log);
      } else await answer(interaction, command);
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.internal)
        log(`discord: /${interaction.commandName} failed in channel ${interaction.channelId}`, error);
      try {
        const line = failureLine(failure, await chatLocale(app, "discord", interaction.channelId));
        await answerPrivately(interaction, line, log);
      } catch (again) {
        log("discord: could not answer the interaction", again);
      }
    }
  };
}
