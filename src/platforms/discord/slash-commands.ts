// Slash-command definitions built from the app's command definitions, so a new command file shows up on
// Discord without touching this adapter. Choice options carry their choices; dates and free text are strings.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandSummary } from "../../core/command.ts";

const DESCRIPTION_LIMIT = 100;
const CHOICES_LIMIT = 25;

function describe(text: string): string {
  const clean = text.trim() || "-";
  return clean.length <= DESCRIPTION_LIMIT ? clean : `${clean.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

export function buildSlashCommands(
  commands: readonly CommandSummary[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: describe(command.description),
    options: command.options.map((option) => {
      const choices =
        option.kind === "choice" && option.choices.length <= CHOICES_LIMIT
          ? { choices: option.choices.map((c) => ({ name: c, value: c })) }
          : {};
      return {
        type: ApplicationCommandOptionType.String as const,
        name: option.name,
        description: describe(
          option.kind === "choice" ? `${option.description} (default ${option.default})` : option.description,
        ),
        required: false,
        ...choices,
      };
    }),
  }));
}
