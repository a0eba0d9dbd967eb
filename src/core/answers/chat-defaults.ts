// A chat's defaults in a command's options: an option the member did not give takes the chat's value (when the
// command has that option and the value is one of its choices); what the member typed always wins. Moderator
// commands take none.
import type { ChatSettings } from "../schedules/chat-settings.ts";
import type { CommandDefinition, OptionSpec, ParsedOptions } from "./command.ts";
import { parseCommandArgs } from "./command-args.ts";
import type { Locale } from "./locale.ts";

export interface WithDefaults {
  readonly options: ParsedOptions;
  /** The options whose value came from the chat's settings, e.g. {vs: "eth"}. */
  readonly applied: Readonly<Record<string, string>>;
}

export function parseWithChatDefaults(
  command: CommandDefinition,
  tokens: readonly string[],
  settings: ChatSettings | null,
  locale?: Locale,
): WithDefaults {
  const plain = parseCommandArgs(command.name, command.options, tokens, locale);
  // Defaults are for members' answers; a moderator command (/settings itself) takes only what is typed.
  if (!settings || command.audience === "moderators") return { options: plain, applied: {} };
  const defaults: Readonly<Record<string, string | undefined>> = settings.defaults;
  const adjusted: OptionSpec[] = command.options.map((o) => {
    const value = defaults[o.name];
    return o.kind === "choice" && value !== undefined && o.choices.includes(value)
      ? { ...o, default: value }
      : o;
  });
  const options = parseCommandArgs(command.name, adjusted, tokens, locale);
  const applied: Record<string, string> = {};
  for (const o of adjusted) {
    const value = options[o.name];
    if (value !== undefined && value !== plain[o.name]) applied[o.name] = value;
  }
  return { options, applied };
}
