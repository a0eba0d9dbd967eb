// Inline-keyboard buttons that re-run a command with one option changed (/russell's comparison and range),
// encoded in Telegram's 64-byte callback_data as `code|value|value|...|o<user id>` in the command's option
// order, the last field naming who asked (in a group only they, or an admin, may press). Buttons sent before
// the owner field existed decode without one.
import type { CommandDefinition, ParsedOptions } from "../../core/answers/command.ts";

interface SwitcherRow {
  readonly option: string;
  readonly values: readonly string[];
}

interface Switcher {
  /** One letter in callback_data standing for the command. */
  readonly code: string;
  readonly rows: readonly SwitcherRow[];
}

const SWITCHERS: Readonly<Record<string, Switcher>> = {
  russell: {
    code: "r",
    rows: [
      { option: "vs", values: ["btc", "eth", "others"] },
      { option: "range", values: ["1y", "5y", "max"] },
    ],
  },
};

export interface InlineButton {
  readonly text: string;
  readonly callback_data: string;
}

const CALLBACK_DATA_LIMIT = 64;

/** The options a button carries: choices and dates; free text such as a chat name stays out. */
export function carriedOptions(command: CommandDefinition) {
  return command.options.filter((o) => o.kind === "choice" || o.kind === "date");
}

export function encodeSwitch(
  command: CommandDefinition,
  code: string,
  options: ParsedOptions,
  owner?: string,
): string {
  const values = [code, ...carriedOptions(command).map((o) => options[o.name] ?? "")];
  return (owner ? [...values, `o${owner}`] : values).join("|");
}

/** Keyboard rows for a command's answer, or null when the command has no switcher. */
export function switcherKeyboard(
  command: CommandDefinition,
  current: ParsedOptions,
  owner?: string,
): InlineButton[][] | null {
  const switcher = SWITCHERS[command.name];
  if (!switcher) return null;
  const rows: InlineButton[][] = [];
  for (const row of switcher.rows) {
    const spec = command.options.find((o) => o.name === row.option);
    if (spec?.kind !== "choice") continue;
    const buttons = row.values
      .filter((value) => spec.choices.includes(value))
      .map((value) => ({
        text: value === current[row.option] ? `• ${value}` : value,
        callback_data: encodeSwitch(command, switcher.code, { ...current, [row.option]: value }, owner),
      }))
      .filter((button) => button.callback_data.length <= CALLBACK_DATA_LIMIT);
    if (buttons.length > 0) rows.push(buttons);
  }
  // The numbers behind the answer as CSV files: the same options under the command's code in capitals.
  const csv = encodeSwitch(command, switcher.code.toUpperCase(), current, owner);
  if (csv.length <= CALLBACK_DATA_LIMIT) rows.push([{ text: "CSV", callback_data: csv }]);
  return rows.length > 0 ? rows : null;
}

export interface DecodedSwitch {
  readonly name: string;
  readonly tokens: string[];
  /** The user who asked for the answer under which the button sits; absent on buttons older than the field. */
  readonly owner?: string;
  /** The CSV button: send the answer's datasets as files instead of the answer. */
  readonly csv?: boolean;
}

/** Turns callback_data back into a command name and tokens (`name:value`), or null for data not ours. */
export function decodeSwitch(data: string, commands: readonly CommandDefinition[]): DecodedSwitch | null {
  const [code = "", ...fields] = data.split("|");
  const csv = code !== code.toLowerCase();
  const entry = Object.entries(SWITCHERS).find(([, s]) => s.code === code.toLowerCase());
  const command = entry && commands.find((c) => c.name === entry[0]);
  if (!command) return null;
  const options = carriedOptions(command);
  const last = fields.at(-1) ?? "";
  const owner = fields.length === options.length + 1 && /^o-?\d+$/.test(last) ? last.slice(1) : undefined;
  const values = owner === undefined ? fields : fields.slice(0, -1);
  if (values.length !== options.length) return null;
  const tokens: string[] = [];
  options.forEach((option, i) => {
    const value = values[i];
    if (value) tokens.push(`${option.name}:${value}`);
  });
  return { name: command.name, tokens, ...(owner !== undefined ? { owner } : {}), ...(csv ? { csv } : {}) };
}
