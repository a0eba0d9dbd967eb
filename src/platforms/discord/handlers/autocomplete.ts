// Autocomplete of slash-command options: time zones as the user types (the other options are fixed choices,
// which Discord shows as a picker).
import type { AutocompleteInteraction } from "discord.js";
import { listTimeZones } from "../../../core/schedules/zoned-time.ts";
import type { Log } from "../../adapter.ts";
import { suggestTimeZones } from "../slash-commands.ts";

export function createAutocompleteHandler(log: Log) {
  return (interaction: AutocompleteInteraction): void => {
    const focused = interaction.options.getFocused(true);
    const zones = focused.name === "timezone" ? suggestTimeZones(String(focused.value), listTimeZones()) : [];
    interaction
      .respond(zones.map((zone) => ({ name: zone, value: zone })))
      .catch((error: unknown) => log("discord: autocomplete failed", error));
  };
}
