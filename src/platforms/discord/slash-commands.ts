// Slash-command definitions built from the app's command definitions, so a new command file shows up on
// Discord without touching this adapter. Choices with meanings (index, vs, range) and time zones autocomplete,
// other choices carry their choices, chats and roles use Discord's pickers; dates and times are strings.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { ChoiceOption, CommandSummary } from "../../core/answers/command.ts";
import { localeFor } from "../../i18n/index.ts";

const DESCRIPTION_LIMIT = 100;
const CHOICES_LIMIT = 25;

function describe(text: string): string {
  const clean = text.trim() || "-";
  return clean.length <= DESCRIPTION_LIMIT ? clean : `${clean.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

/** Discord's locales for each language riskon speaks besides English (Discord shows the user's client language). */
const DISCORD_LOCALES: Readonly<Record<string, readonly string[]>> = { es: ["es-ES", "es-419"] };

/** The command's description in every other language the translation files have it in. */
function localizations(name: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [language, locales] of Object.entries(DISCORD_LOCALES)) {
    const text = localeFor(language).t(`commands.${name}`);
    if (text === `commands.${name}`) continue;
    for (const locale of locales) out[locale] = describe(text);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function buildSlashCommands(
  commands: readonly CommandSummary[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => {
    const localized = localizations(command.name);
    return {
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      description: describe(command.description),
      ...(localized ? { description_localizations: localized } : {}),
      // Moderator commands are hidden from members without Manage Server (a server's admins can widen that in
      // Server Settings > Integrations); every command also works in a DM with the bot.
      ...(command.audience === "moderators"
        ? { default_member_permissions: PermissionFlagsBits.ManageGuild.toString() }
        : {}),
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: command.options.map((option) => {
        const base = { name: option.name, required: false };
        switch (option.kind) {
          case "choice":
            return {
              ...base,
              type: ApplicationCommandOptionType.String as const,
              description: describe(
                option.default === ""
                  ? option.description
                  : `${option.description} (default ${option.default})`,
              ),
              // Choices with meanings autocomplete (matching the meaning too); the others are a fixed picker.
              ...(option.labels
                ? { autocomplete: true }
                : option.choices.length <= CHOICES_LIMIT
                  ? { choices: option.choices.map((c) => ({ name: c, value: c })) }
                  : {}),
            };
          case "chat":
            return {
              ...base,
              type: ApplicationCommandOptionType.Channel as const,
              description: describe(option.description),
              channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
            };
          case "role":
            return {
              ...base,
              type: ApplicationCommandOptionType.Role as const,
              description: describe(option.description),
            };
          case "timezone":
            return {
              ...base,
              type: ApplicationCommandOptionType.String as const,
              description: describe(option.description),
              autocomplete: true,
            };
          default:
            return {
              ...base,
              type: ApplicationCommandOptionType.String as const,
              description: describe(option.description),
            };
        }
      }),
    };
  });
}

const AUTOCOMPLETE_LIMIT = 25;
const CHOICE_NAME_LIMIT = 100;

/**
 * Suggestions for a choice option: values whose name or meaning contains what was typed (name prefixes first),
 * shown as "value — meaning" (the value is what is sent).
 */
export function suggestChoices(option: ChoiceOption, typed: string): Array<{ name: string; value: string }> {
  const needle = typed.trim().toLowerCase();
  const label = (c: string) => option.labels?.[c] ?? "";
  const matches = option.choices.filter(
    (c) => needle === "" || c.includes(needle) || label(c).toLowerCase().includes(needle),
  );
  const ranked = [
    ...matches.filter((c) => c.startsWith(needle)),
    ...matches.filter((c) => !c.startsWith(needle)),
  ];
  return ranked.slice(0, AUTOCOMPLETE_LIMIT).map((c) => {
    const meaning = label(c);
    const name = meaning ? `${c} — ${meaning}${c === option.default ? " (default)" : ""}` : c;
    return { name: name.slice(0, CHOICE_NAME_LIMIT), value: c };
  });
}

/** Time-zone suggestions for what the user has typed so far: prefix matches first, then substring matches. */
export function suggestTimeZones(typed: string, zones: readonly string[]): string[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/g, "_");
  if (needle === "") return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Singapore"];
  const prefix = zones.filter(
    (z) => z.toLowerCase().startsWith(needle) || z.toLowerCase().includes(`/${needle}`),
  );
  const rest = zones.filter((z) => !prefix.includes(z) && z.toLowerCase().includes(needle));
  return [...prefix, ...rest].slice(0, AUTOCOMPLETE_LIMIT);
}
