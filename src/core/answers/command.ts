// The platform-neutral command contract: a definition with typed options, a context of ports, a reply model.

import type { IsoDate } from "../base/dates.ts";
import type { EvidenceSource } from "../evidence/evidence.ts";
import type { LiquidityData, MarketData, OffThread } from "../ports.ts";
import type { DigestStore, Platform } from "../schedules/digest.ts";
import type { Locale } from "./locale.ts";
import type { Reply } from "./reply.ts";

export type { Reply, ReplyTable } from "./reply.ts";

export interface ChoiceOption {
  readonly kind: "choice";
  readonly name: string;
  readonly description: string;
  readonly choices: readonly string[];
  readonly default: string;
  readonly aliases?: readonly string[];
  /** What each choice means, shown beside it where a platform suggests values (Discord autocomplete). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DateOption {
  readonly kind: "date";
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[];
}

/** Free-form values with their own syntax: a clock time, an IANA zone, a chat or channel, a Discord role. */
export interface TextOption {
  readonly kind: "time" | "timezone" | "chat" | "role";
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[];
}

export type OptionSpec = ChoiceOption | DateOption | TextOption;

export type ParsedOptions = Readonly<Record<string, string | undefined>>;

export interface CommandSummary {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** How people type it, for /help, when the option list alone would not say (positional sub-commands). */
  readonly synopsis?: string;
  /**
   * Who sees it in the platforms' command menus: "moderators" hides it from plain members of a server or group
   * (Discord: Manage Server by default; Telegram: the administrators' menu). The command still checks the
   * caller when it runs; a menu is not a permission.
   */
  readonly audience?: "everyone" | "moderators";
  /**
   * True when the answer depends only on its options, language and date and on the data it reads (not on who
   * asks, where, or the store): the app may then serve a repeated answer from its cache.
   */
  readonly pure?: boolean;
  /**
   * For a pure command: the questions worth answering as soon as the data change (each a token list), so the
   * work that depends only on the data is done once, before members ask; their answers then share it.
   */
  readonly prepare?: readonly (readonly string[])[];
}

/** What a command that changes a chat asks to change: the target chat and, for a digest, a role to mention. */
export interface ChangeRequest {
  /** What is changed, for the refusal line: "the digest", "alerts". */
  readonly what: string;
  /** A chat as the user typed it (Telegram @channel or -100id, Discord <#id> or its id); absent: this chat. */
  readonly chatRef?: string;
  /** A Discord role to mention (<@&id> or its id); it must belong to the target's server and be mentionable. */
  readonly roleRef?: string;
  /** The chat's language, for the refusal line (English without it). */
  readonly locale?: Locale;
}

/** A change the platform allowed: the target chat's id and, when asked, the role's id. */
export interface AuthorizedChange {
  readonly chatId: string;
  readonly mentionRoleId?: string;
}

/** Who typed the command, where, and what they may do there; supplied by the platform adapter. */
export interface Caller {
  readonly platform: Platform;
  readonly userId: string;
  /** The chat (Telegram) or channel (Discord) the command was typed in. */
  readonly chatId: string;
  /** The forum topic of the chat it was typed in (Telegram), where a digest or alert set here is posted. */
  readonly threadId?: string;
  readonly isPrivateChat: boolean;
  /**
   * The one authorization rule for every command that changes a chat: the caller must moderate the target chat
   * itself, asked of the platform now (never cached). Discord: the target is in the interaction's server (from a
   * DM only the DM), the member has Manage Server or Manage Channels on it, the role is that server's and
   * mentionable by the bot. Telegram: an administrator of the target; for a chat other than this one the bot must
   * be an administrator there too. The console's user owns everything. Refusals throw a UserError with the reason
   * in one line, and nothing is changed.
   */
  authorizeChange(request: ChangeRequest): Promise<AuthorizedChange>;
}

/** The answer cache's counts, for /status (src/app/answer-cache.ts). */
export interface AnswerCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly entries: number;
}

export interface CommandContext {
  readonly market: MarketData;
  /** Today's date (UTC) from the injected clock: as-of dates after it are refused. */
  readonly today: IsoDate;
  /** Every command the app knows, for /help. */
  readonly commands: readonly CommandSummary[];
  /** The injected clock, epoch ms. */
  readonly now: number;
  /** Runs another command in the same context (the digest preview runs /russell and /altseason). */
  invoke(name: string, tokens: readonly string[]): Promise<Reply>;
  /** Absent in the CLI, where nobody is in a chat. */
  readonly caller?: Caller;
  /** Schedules and subscriptions; absent where the app runs without a store. */
  readonly digests?: DigestStore;
  /** The caveats' evidence: computed figures, or curated published ones with their dates. */
  readonly evidence?: EvidenceSource;
  /** The Fed's liquidity series (FRED), for `liquidity`. */
  readonly liquidity?: LiquidityData;
  /** Where the heavy statistics run (worker threads), so the main thread stays free; here when absent. */
  readonly offThread?: OffThread;
  /** The chat's language (its /settings), English where none is set: the short answer and its parts use it. */
  readonly locale: Locale;
  /** The answer cache's counts; absent when it is off. */
  readonly cacheStats?: () => AnswerCacheStats;
}

export interface CommandDefinition extends CommandSummary {
  run(context: CommandContext, options: ParsedOptions): Promise<Reply>;
}
