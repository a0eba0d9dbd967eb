// Turns what a person types after a command into validated options, or one clear UserError line.
// Accepted forms: `vs:eth`, `vs=eth`, `--vs eth`, `--vs=eth`, and a bare value that fits exactly one option.

import { isIsoDate } from "../base/dates.ts";
import { UserError } from "../base/errors.ts";
import type { OptionSpec, ParsedOptions } from "./command.ts";
import { type Locale, phrasebook, type Vars } from "./locale.ts";

const MAX_TOKEN_SHOWN = 40;

/** Quotes user text for an error line without letting it run on or carry control characters. */
export function quoteInput(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, "");
  return `"${clean.length > MAX_TOKEN_SHOWN ? `${clean.slice(0, MAX_TOKEN_SHOWN)}…` : clean}"`;
}

const SHAPES: Record<Exclude<OptionSpec["kind"], "choice">, string> = {
  date: "YYYY-MM-DD",
  time: "HH:MM",
  timezone: "Area/City",
  chat: "@channel",
  role: "@role",
};

function describe(option: OptionSpec): string {
  return option.kind === "choice"
    ? `${option.name}: ${option.choices.join(" | ")}`
    : `${option.name}: ${SHAPES[option.kind]}`;
}

/** Whether a bare token looks like a value of this option (used to place positional arguments). */
function fits(option: OptionSpec, token: string): boolean {
  switch (option.kind) {
    case "choice":
      return option.choices.includes(token.toLowerCase());
    case "date":
      return isIsoDate(token);
    case "time":
      return /^\d{1,2}:\d{2}$/.test(token);
    case "timezone":
      return /^[A-Za-z_]+\/[A-Za-z_+\-/0-9]+$/.test(token) || /^(UTC|GMT)$/i.test(token);
    case "chat":
      return /^@[A-Za-z0-9_]{4,}$/.test(token) || /^-?\d{5,}$/.test(token) || /^<#\d+>$/.test(token);
    case "role":
      return /^<@&\d+>$/.test(token) || /^\d{15,21}$/.test(token);
  }
}

/**
 * The one-line refusals, in English; the translation files have them under `args.` for other languages (the
 * i18n adapter takes the English ones from here, so they are written once).
 */
export const ARG_MESSAGES = {
  noOptions: "/{{command}} takes no options",
  notDate: "{{option}} must be a date written YYYY-MM-DD, not {{value}}.",
  shape: "{{option}} must look like {{shape}}, not {{value}}.",
  oneOf: "{{option}} must be one of {{choices}}, not {{value}}. ({{usage}})",
  twice: "{{option}} was given twice. ({{usage}})",
  unknownOption: "Unknown option {{key}}. ({{usage}})",
  needsValue: "{{option}} needs a value. ({{usage}})",
  unknownArgument: "Unknown argument {{token}}. ({{usage}})",
} as const;
type ArgMessage = keyof typeof ARG_MESSAGES;

/** Says a refusal in the chat's language (English without a locale). */
const say = phrasebook("args", ARG_MESSAGES);

export function usage(command: string, options: readonly OptionSpec[], locale?: Locale): string {
  return options.length === 0
    ? say(locale, "noOptions", { command })
    : `/${command} ${options.map(describe).join(", ")}`;
}

function findOption(options: readonly OptionSpec[], key: string): OptionSpec | undefined {
  const k = key.toLowerCase();
  return options.find((o) => o.name === k || o.aliases?.includes(k));
}

function validate(
  command: string,
  options: readonly OptionSpec[],
  option: OptionSpec,
  raw: string,
  locale: Locale | undefined,
): string {
  const value = raw.trim();
  const vars = { option: option.name, value: quoteInput(value) };
  if (option.kind === "date") {
    if (!isIsoDate(value)) throw new UserError(say(locale, "notDate", vars));
    return value;
  }
  if (option.kind !== "choice") {
    if (!fits(option, value))
      throw new UserError(say(locale, "shape", { ...vars, shape: SHAPES[option.kind] }));
    return value;
  }
  const lower = value.toLowerCase();
  if (!option.choices.includes(lower)) {
    throw new UserError(
      say(locale, "oneOf", {
        ...vars,
        choices: option.choices.join(", "),
        usage: usage(command, options, locale),
      }),
    );
  }
  return lower;
}

/** `locale`: the language of the refusals (English when absent). */
export function parseCommandArgs(
  command: string,
  options: readonly OptionSpec[],
  tokens: readonly string[],
  locale?: Locale,
): ParsedOptions {
  const result: Record<string, string | undefined> = {};
  const refuse = (key: ArgMessage, vars: Vars) =>
    new UserError(say(locale, key, { ...vars, usage: usage(command, options, locale) }));
  const set = (option: OptionSpec, raw: string): void => {
    if (result[option.name] !== undefined) throw refuse("twice", { option: option.name });
    result[option.name] = validate(command, options, option, raw, locale);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] as string).trim();
    if (token === "") continue;
    const flag = /^--([^=]+)(?:=(.*))?$/s.exec(token);
    const pair = flag ? null : /^([a-z][a-z0-9-]*)[:=](.*)$/is.exec(token);
    const key = flag?.[1] ?? pair?.[1];
    if (key !== undefined) {
      const option = findOption(options, key);
      if (!option) throw refuse("unknownOption", { key: quoteInput(key) });
      let value = flag ? flag[2] : pair?.[2];
      if (value === undefined) {
        value = tokens[i + 1];
        i++;
        if (value === undefined) throw refuse("needsValue", { option: option.name });
      }
      set(option, value);
      continue;
    }
    const matches = options.filter((o) => fits(o, token));
    const only = matches[0];
    if (matches.length !== 1 || !only) {
      throw refuse("unknownArgument", { token: quoteInput(token) });
    }
    set(only, token);
  }
  for (const option of options) {
    if (option.kind === "choice" && result[option.name] === undefined) result[option.name] = option.default;
  }
  return result;
}
