// Autocomplete of slash-command options as the user types: time zones, and choices with meanings (index, vs,
// range) matched on their names and meanings ("small" finds nothing, "value" finds the Value index).
import type { AutocompleteInteraction } from "discord.js";
import type { CommandSummary } from "../../../core/answers/command.ts";
import { listTimeZones } from "../../../core/schedules/zoned-time.ts";
import type { Log } from "../../adapter.ts";
import { suggestChoices, suggestTimeZones } from "../slash-commands.ts";

export function createAutocompleteHandler(commands: readonly CommandSummary[], log: Log) {
  return (interaction: AutocompleteInteraction): void => {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    const option = commands
      .find((c) => c.name === interaction.commandName)
      ?.options.find((o) => o.name === focused.name);
    const suggestions =
      option?.kind === "timezone"
        ? suggestTimeZones(typed, listTimeZones()).map((zone) => ({ name: zone, value: zone }))
        : option?.kind === "choice"
          ? suggestChoices(option, typed)
          : [];
    interaction.respond(suggestions).catch((error: unknown) => log("discord: autocomplete failed", error));
  };
}
