// The platform-neutral command contract: a definition with typed options, a context of ports, a reply model.
import type { IsoDate } from "./dates.ts";
import type { MarketData, SourceRef } from "./ports.ts";

export interface ChoiceOption {
  readonly kind: "choice";
  readonly name: string;
  readonly description: string;
  readonly choices: readonly string[];
  readonly default: string;
  readonly aliases?: readonly string[];
}

export interface DateOption {
  readonly kind: "date";
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[];
}

export type OptionSpec = ChoiceOption | DateOption;

export type ParsedOptions = Readonly<Record<string, string | undefined>>;

export interface CommandSummary {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
}

export interface CommandContext {
  readonly market: MarketData;
  /** Today's date (UTC) from the injected clock: as-of dates after it are refused. */
  readonly today: IsoDate;
  /** Every command the app knows, for /help. */
  readonly commands: readonly CommandSummary[];
}

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
}

export interface CommandDefinition extends CommandSummary {
  run(context: CommandContext, options: ParsedOptions): Promise<Reply>;
}
