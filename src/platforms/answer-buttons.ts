// The buttons under an answer, for every platform that has them: the switcher (re-run with one option changed),
// the details (one part of the whole answer in place of the brief), "Summary" (back to the brief) and "CSV".
// A button's data is `code|value|…|value` in the command's option order, then tagged fields: `o<user id>` who
// asked (in a group only they, or a moderator, may press), `v<section letter><page>` or `vb` the view it shows,
// `a<yymmdd>` the as-of date of the answer it sits under (a press after the data moved on is refused rather
// than mixing an old chart with new numbers). Telegram allows 64 bytes, Discord 100. Data written before the
// tagged fields existed decodes too.
import type { CommandDefinition, ParsedOptions, Reply } from "../core/answers/command.ts";
import { parseCommandArgs } from "../core/answers/command-args.ts";
import { type ReplySection, SECTION_KEYS, type SectionKey } from "../core/answers/reply.ts";

interface SwitcherRow {
  readonly option: string;
  readonly values: readonly string[];
}

interface Switcher {
  /** One letter standing for the command; in capitals it is the CSV button. */
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
  altseason: { code: "s", rows: [{ option: "range", values: ["1y", "5y", "max"] }] },
};

/** What a message shows: its brief, or one page of one section. */
export type View =
  | { readonly kind: "brief" }
  | { readonly kind: "section"; readonly key: SectionKey; readonly page: number };

export interface ButtonSpec {
  readonly text: string;
  readonly data: string;
}

export interface DecodedPress {
  readonly name: string;
  readonly tokens: string[];
  /** The user who asked for the answer under which the button sits; absent on buttons older than the field. */
  readonly owner?: string;
  /** The CSV button: send the answer's datasets as files instead of the answer. */
  readonly csv?: boolean;
  /** A details or Summary button: show this in the same message, same chart. Absent: a switch (new chart). */
  readonly view?: View;
  /** yymmdd of the answer's as-of date when the button was made. */
  readonly stamp?: string;
}

/**
 * The options buttons start from: those the answer used (the chat's defaults included), else the tokens as
 * parsed; null when they do not parse (the app then answered an error).
 */
export function currentOptions(
  command: CommandDefinition,
  tokens: readonly string[],
  reply: Reply,
): ParsedOptions | null {
  if (reply.options) return reply.options;
  try {
    return parseCommandArgs(command.name, command.options, tokens);
  } catch {
    return null;
  }
}

/** The options a button carries: choices and dates; free text such as a chat name stays out. */
export function carriedOptions(command: CommandDefinition) {
  return command.options.filter((o) => o.kind === "choice" || o.kind === "date");
}

/** "2026-08-21" → "260821". */
export function stampOf(asOf: unknown): string | undefined {
  return typeof asOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(asOf)
    ? asOf.slice(2).replaceAll("-", "")
    : undefined;
}

/** "260821" → "2026-08-21". */
export function fromStamp(stamp: string): string {
  return `20${stamp.slice(0, 2)}-${stamp.slice(2, 4)}-${stamp.slice(4, 6)}`;
}

const LETTER_OF: Readonly<Record<SectionKey, string>> = SECTION_KEYS;
const KEY_OF = new Map<string, SectionKey>(
  Object.entries(SECTION_KEYS).map(([key, letter]) => [letter, key as SectionKey]),
);

function viewField(view: View): string {
  return view.kind === "brief" ? "vb" : `v${LETTER_OF[view.key]}${view.page}`;
}

export interface EncodeExtras {
  readonly owner?: string | undefined;
  readonly view?: View | undefined;
  readonly stamp?: string | undefined;
}

export function encodePress(
  command: CommandDefinition,
  code: string,
  options: ParsedOptions,
  extras: EncodeExtras = {},
): string {
  const values = [code, ...carriedOptions(command).map((o) => options[o.name] ?? "")];
  if (extras.owner) values.push(`o${extras.owner}`);
  if (extras.view) values.push(viewField(extras.view));
  if (extras.stamp) values.push(`a${extras.stamp}`);
  return values.join("|");
}

export interface ButtonsRequest {
  readonly current: ParsedOptions;
  /** The platform's limit on a button's data, in bytes (ASCII here). */
  readonly limit: number;
  readonly owner?: string | undefined;
  /** The answer's as-of stamp: every button carries it. */
  readonly stamp?: string | undefined;
  /** The sections behind the brief; their buttons appear only when there are some. */
  readonly sections?: readonly Pick<ReplySection, "key" | "title">[] | undefined;
  /** What the message shows now (brief when absent), and how many pages its section has. */
  readonly view?: View | undefined;
  readonly pages?: number | undefined;
  /** The labels of the buttons that are not options, in the chat's language (English when absent). */
  readonly labels?: ButtonLabels | undefined;
}

export interface ButtonLabels {
  readonly summary: string;
  readonly more: (page: number, pages: number) => string;
  readonly csv: string;
}

const ENGLISH: ButtonLabels = {
  summary: "« Summary",
  more: (page, pages) => `More (${page}/${pages}) ›`,
  csv: "CSV",
};

/** Button rows for a command's answer, or null when the command has no buttons. */
export function answerButtons(command: CommandDefinition, request: ButtonsRequest): ButtonSpec[][] | null {
  const switcher = SWITCHERS[command.name];
  if (!switcher) return null;
  const { current, limit, owner, stamp } = request;
  const fits = (button: ButtonSpec) => button.data.length <= limit;
  const rows: ButtonSpec[][] = [];
  for (const row of switcher.rows) {
    const spec = command.options.find((o) => o.name === row.option);
    if (spec?.kind !== "choice") continue;
    const buttons = row.values
      .filter((value) => spec.choices.includes(value))
      .map((value) => {
        const same = value === current[row.option];
        // The current value only brings the brief back: nothing to draw again.
        const extras = { owner, stamp, ...(same ? { view: { kind: "brief" } as const } : {}) };
        const options = { ...current, [row.option]: value };
        return {
          text: same ? `• ${value}` : value,
          data: encodePress(command, switcher.code, options, extras),
        };
      })
      .filter(fits);
    if (buttons.length > 0) rows.push(buttons);
  }
  rows.push(...detailRows(command, switcher.code, request).map((row) => row.filter(fits)));
  // The numbers behind the answer as CSV files: the same options under the command's code in capitals.
  const csv = {
    text: "CSV",
    data: encodePress(command, switcher.code.toUpperCase(), current, { owner, stamp }),
  };
  const last = rows.at(-1);
  if (fits(csv)) {
    if (request.sections && last && last.length < 4) last.push(csv);
    else rows.push([csv]);
  }
  const kept = rows.filter((row) => row.length > 0);
  return kept.length > 0 ? kept : null;
}

/** The details buttons (three to a row), the current one marked; under a section, "Summary" and "More". */
function detailRows(command: CommandDefinition, code: string, request: ButtonsRequest): ButtonSpec[][] {
  const { sections, view, current, owner, stamp } = request;
  if (!sections || sections.length === 0) return [];
  const press = (v: View) => encodePress(command, code, current, { owner, stamp, view: v });
  const shown = view?.kind === "section" ? view : null;
  const buttons = sections.map((s) => ({
    text: shown?.key === s.key ? `• ${s.title}` : s.title,
    data: press({ kind: "section", key: s.key, page: 0 }),
  }));
  const rows: ButtonSpec[][] = [];
  for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
  if (shown) {
    const labels = request.labels ?? ENGLISH;
    const nav: ButtonSpec[] = [{ text: labels.summary, data: press({ kind: "brief" }) }];
    const pages = request.pages ?? 1;
    if (pages > 1) {
      const next = (shown.page + 1) % pages;
      nav.push({ text: labels.more(shown.page + 1, pages), data: press({ ...shown, page: next }) });
    }
    rows.push(nav);
  }
  return rows;
}

/** Turns a button's data back into a command name, tokens and its extras, or null for data not ours. */
export function decodePress(data: string, commands: readonly CommandDefinition[]): DecodedPress | null {
  const [code = "", ...fields] = data.split("|");
  const csv = code !== code.toLowerCase();
  const entry = Object.entries(SWITCHERS).find(([, s]) => s.code === code.toLowerCase());
  const command = entry && commands.find((c) => c.name === entry[0]);
  if (!command) return null;
  const options = carriedOptions(command);
  if (fields.length < options.length) return null;
  const values = fields.slice(0, options.length);
  const extras = parseExtras(fields.slice(options.length));
  if (!extras) return null;
  const tokens: string[] = [];
  options.forEach((option, i) => {
    const value = values[i];
    if (value) tokens.push(`${option.name}:${value}`);
  });
  return { name: command.name, tokens, ...extras, ...(csv ? { csv } : {}) };
}

function parseExtras(fields: readonly string[]): Omit<DecodedPress, "name" | "tokens"> | null {
  let owner: string | undefined;
  let view: View | undefined;
  let stamp: string | undefined;
  for (const field of fields) {
    if (/^o-?\d+$/.test(field) && owner === undefined) owner = field.slice(1);
    else if (field === "vb" && view === undefined) view = { kind: "brief" };
    else if (/^v[a-z]\d$/.test(field) && view === undefined) {
      const key = KEY_OF.get(field.charAt(1));
      if (!key) return null;
      view = { kind: "section", key, page: Number(field.charAt(2)) };
    } else if (/^a\d{6}$/.test(field) && stamp === undefined) stamp = field.slice(1);
    else return null;
  }
  return {
    ...(owner !== undefined ? { owner } : {}),
    ...(view !== undefined ? { view } : {}),
    ...(stamp !== undefined ? { stamp } : {}),
  };
}
