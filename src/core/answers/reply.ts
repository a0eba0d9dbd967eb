// What a command answers, independent of any platform: lines, a table, notes with sources, the JSON and a chart.

import type { SourceRef } from "../ports.ts";
import type { ChartSpec } from "./chart-spec.ts";

export interface ReplyTable {
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** What a command answers; each platform renders it in its own way. */
export interface Reply {
  readonly title: string;
  /** Short lines, the status first. */
  readonly lines: readonly string[];
  readonly table?: ReplyTable;
  /** Definitions and caveats, each with its source and date. */
  readonly notes: readonly string[];
  readonly sources: readonly SourceRef[];
  /** The machine-readable answer printed by `--json`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Shown only to the caller where the platform allows it (Discord ephemeral replies). */
  readonly ephemeral?: boolean;
  /** The picture of the answer; platforms render it in their theme. */
  readonly chart?: ChartSpec;
  /**
   * Moments the text writes in a fixed zone (a digest's next delivery). A platform that can show a moment in
   * each reader's own zone (Discord's `<t:…>` timestamps) replaces each `text` with its own form.
   */
  readonly instants?: readonly ReplyInstant[];
  /** The numbers behind the answer, for export as CSV files (the aligned series, the analog table). */
  readonly datasets?: readonly ReplyDataset[];
  /**
   * The short first answer for a busy chat, with the title at most about BRIEF_LIMIT characters: the status, the
   * distance from the record, the key after-breakout figure beside its baseline and n with one plain verdict,
   * and where the data came from and how fresh it is. Platforms with buttons show it first, the sections behind.
   */
  readonly brief?: readonly string[];
  /** The whole answer (lines, table, notes, sources) in named parts, each behind a button where there are some. */
  readonly sections?: readonly ReplySection[];
  /** The language the answer's brief and buttons are in (set by the app from the chat's settings). */
  readonly language?: string;
  /** The options the answer used, after the chat's defaults (set by the app): what its buttons start from. */
  readonly options?: Readonly<Record<string, string | undefined>>;
  /**
   * What the answer was computed from, set by the app's answer cache: the command, its options, its language and
   * date, and the version of each series and figure it read. The same version is the same text and picture, so
   * a rendered chart (and an uploaded one) is kept under it.
   */
  readonly version?: string;
}

/** What the brief, title included, keeps within (a phone shows it whole under the chart). */
export const BRIEF_LIMIT = 400;

/** The parts an answer's details come in; one letter each where a button must carry it in few bytes. */
export const SECTION_KEYS = {
  season: "i",
  market: "m",
  analogs: "a",
  correlation: "c",
  sensitivity: "s",
  definitions: "d",
  caveats: "k",
  sources: "r",
} as const;
export type SectionKey = keyof typeof SECTION_KEYS;

export interface ReplySection {
  readonly key: SectionKey;
  /** Its button's label, short ("After breakouts"). */
  readonly title: string;
  readonly lines: readonly string[];
  readonly table?: ReplyTable;
  /** Lines after the table. */
  readonly after?: readonly string[];
  /** Whether the answer's sources list goes with it (the "Sources" part). */
  readonly withSources?: boolean;
}

export interface ReplyDataset {
  /** File name without extension ("russell-rut-btc-series"). */
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

export interface ReplyInstant {
  /** Exactly as it appears in the lines or notes. */
  readonly text: string;
  readonly epochMs: number;
}
