// The buttons under an answer. Details and CSV open to anyone who presses them, only to them (an ephemeral
// reply), so a busy channel sees nothing new. A switcher button (vs, range) changes the chart in the message
// itself: only the member who asked, or a moderator (Manage Server), may press it; anyone else gets a notice
// only they see. A button under an answer older than the data changes nothing and says so.
import {
  AttachmentBuilder,
  type ButtonInteraction,
  type Client,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import type { App } from "../../../app/app.ts";
import { describeFailure } from "../../../app/failure.ts";
import type { Caller, Reply } from "../../../core/answers/command.ts";
import { datasetCsv } from "../../../core/answers/csv.ts";
import { readOnlyCaller } from "../../../core/answers/preconditions.ts";
import { localeFor } from "../../../i18n/index.ts";
import type { Log, RenderChart } from "../../adapter.ts";
import { type DecodedPress, decodePress, stampOf } from "../../answer-buttons.ts";
import { chatLocale, failureLine, localeOfReply, staleNotice } from "../../labels.ts";
import { componentsFor } from "../answer-components.ts";
import { CHART_FILE, renderDiscordBrief, renderDiscordSection } from "../discord-embed.ts";

/** The notice for another member's press, in English (the chat's language is used where it has one). */
export const NOT_YOUR_BUTTON = localeFor("en").t("notice.notYourButton");

export interface ButtonHandlerDeps {
  readonly app: App;
  readonly client: Client;
  readonly log: Log;
  /** Never throws: null when there is no chart. */
  readonly renderChart: RenderChart;
}

/** Buttons only re-run read-only answers: nothing a press runs may change a setting. */
function pressCaller(interaction: ButtonInteraction): Caller {
  const where = {
    platform: "discord" as const,
    chatId: interaction.channelId,
    isPrivateChat: !interaction.inGuild(),
  };
  return readOnlyCaller(where, interaction.user.id, "a button cannot change settings; use the command");
}

function mayPress(interaction: ButtonInteraction, press: DecodedPress): boolean {
  if (!interaction.inGuild() || press.owner === undefined || press.owner === interaction.user.id) return true;
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** The notice for a press under an answer whose data has moved on, or null. */
function staleness(press: DecodedPress, reply: Reply): string | null {
  const now = stampOf(reply.data.asOf);
  if (!press.stamp || !now || now === press.stamp) return null;
  return staleNotice(localeOfReply(reply), press.name, press.stamp, now);
}

export function createButtonHandler({ app, log, renderChart }: ButtonHandlerDeps) {
  /** Details or CSV, only to the presser. */
  async function openPrivately(interaction: ButtonInteraction, press: DecodedPress): Promise<void> {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await app.run(press.name, press.tokens, pressCaller(interaction));
    const stale = staleness(press, reply);
    if (stale) {
      await interaction.editReply({ content: stale });
      return;
    }
    if (press.csv) {
      const files = (reply.datasets ?? []).map(
        (d) => new AttachmentBuilder(Buffer.from(datasetCsv(d)), { name: `${d.name}.csv` }),
      );
      const locale = localeOfReply(reply);
      const content =
        files.length > 0
          ? locale.t("notice.csvCaption", { title: reply.title })
          : locale.t("notice.noCsv", { command: press.name });
      await interaction.editReply({ content, files });
      return;
    }
    const key = press.view?.kind === "section" ? press.view.key : "";
    const embed = renderDiscordSection(reply, key);
    await interaction.editReply(
      embed ? { embeds: [embed] } : { content: localeOfReply(reply).t("notice.partGone") },
    );
  }

  /** A switch: the new chart and brief into the message itself. */
  async function switchInPlace(interaction: ButtonInteraction, press: DecodedPress): Promise<void> {
    if (!mayPress(interaction, press)) {
      const language = await app.languageOf("discord", interaction.channelId).catch(() => "en");
      const content = localeFor(language).t("notice.notYourButton");
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deferUpdate();
    const reply = await app.run(press.name, press.tokens, pressCaller(interaction));
    const stale = staleness(press, reply);
    if (stale) {
      await interaction.followUp({ content: stale, flags: MessageFlags.Ephemeral });
      return;
    }
    const command = app.find(press.name);
    const chart = await renderChart(reply);
    const components = command ? componentsFor(command, press.tokens, press.owner ?? "", reply) : [];
    await interaction.editReply({
      embeds: [renderDiscordBrief(reply, { withChart: chart !== null })],
      files: chart ? [new AttachmentBuilder(Buffer.from(chart), { name: CHART_FILE })] : [],
      attachments: [],
      components,
    });
  }

  return async (interaction: ButtonInteraction): Promise<void> => {
    const press = decodePress(interaction.customId, app.commands);
    try {
      if (!press) await interaction.deferUpdate();
      else if (press.csv || press.view?.kind === "section") await openPrivately(interaction, press);
      // The option already shown: the message already says it.
      else if (press.view?.kind === "brief") await interaction.deferUpdate();
      else await switchInPlace(interaction, press);
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.internal)
        log(`discord: a button of /${press?.name ?? "?"} failed in ${interaction.channelId}`, error);
      const content = failureLine(failure, await chatLocale(app, "discord", interaction.channelId));
      const answer = { content, flags: MessageFlags.Ephemeral } as const;
      const send =
        interaction.deferred || interaction.replied
          ? interaction.followUp(answer)
          : interaction.reply(answer);
      await send.catch((again: unknown) => log("discord: could not answer the button", again));
    }
  };
}
