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
