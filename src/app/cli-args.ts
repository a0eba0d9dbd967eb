// Splits CLI arguments into the command, the CLI's own flags, and the tokens for the command's options.
import { quoteInput } from "../core/answers/command-args.ts";
import { UserError } from "../core/base/errors.ts";
import type { SourceChoice } from "./app.ts";

export interface CliArgs {
  readonly command: string;
  readonly tokens: readonly string[];
  readonly json: boolean;
  readonly source: SourceChoice;
  readonly dataDir?: string;
  readonly out?: string;
  /** Directory for the answer's datasets as CSV files (--csv). */
  readonly csv?: string;
  /** Chart theme for --out. */
  readonly theme: "dark" | "light";
}

const VALUE_FLAGS = ["source", "data-dir", "out", "csv", "theme"] as const;

export const CLI_USAGE =
  "usage: npm run cli -- <command> [options] [--json] [--source snapshot|live] [--data-dir DIR] [--out FILE.png] [--csv DIR] [--theme dark|light]";

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let command: string | undefined;
  let json = false;
  const values: Partial<Record<(typeof VALUE_FLAGS)[number], string>> = {};
  const tokens: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--json") {
      json = true;
      continue;
    }
    const flag = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = VALUE_FLAGS.find((f) => f === flag?.[1]);
    if (flag && name) {
      const value = flag[2] ?? argv[++i];
      if (value === undefined || value === "") throw new UserError(`--${name} needs a value. ${CLI_USAGE}`);
      values[name] = value;
      continue;
    }
    if (command === undefined && !arg.startsWith("-")) {
      command = arg.replace(/^\//, "");
      continue;
    }
    tokens.push(arg);
  }
  if (command === undefined) throw new UserError(`no command given. ${CLI_USAGE}`);
  const source = values.source ?? "snapshot";
  if (source !== "snapshot" && source !== "live") {
    throw new UserError(`--source must be snapshot or live, not ${quoteInput(source)}.`);
  }
  const theme = values.theme ?? "dark";
  if (theme !== "dark" && theme !== "light") {
    throw new UserError(`--theme must be dark or light, not ${quoteInput(theme)}.`);
  }
  if (values.out !== undefined && !values.out.toLowerCase().endsWith(".png")) {
    throw new UserError(`--out must name a .png file, not ${quoteInput(values.out)}.`);
  }
  return {
    command,
    tokens,
    json,
    source,
    theme,
    ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values.csv ? { csv: values.csv } : {}),
  };
}
