// The composition root: builds the data source and the command set from the configuration, and runs commands.

import { loadSettings, type Settings } from "../config.ts";
import { parseWithChatDefaults } from "../core/answers/chat-defaults.ts";
import type { Caller, CommandContext, CommandDefinition, Reply } from "../core/answers/command.ts";
import { quoteInput } from "../core/answers/command-args.ts";
import { utcDateOf } from "../core/base/dates.ts";
import { UserError } from "../core/base/errors.ts";
import type { EvidenceSource } from "../core/evidence/evidence.ts";
import type { LiquidityData, MarketData, OffThread } from "../core/ports.ts";
import type { DigestStore, Platform } from "../core/schedules/digest.ts";
import { CsvDirectorySource } from "../data/csv-directory-source.ts";
import { createEvidenceSource } from "../data/evidence/evidence-from-env.ts";
import { createFredSnapshot } from "../data/fred/fred-csv.ts";
import type { LiveDataConfig } from "../data/live-config.ts";
import { createSnapshotSource } from "../data/snapshot.ts";
import { localeFor } from "../i18n/index.ts";
import { AnswerCache } from "./answer-cache.ts";
import { loadCommands } from "./commands.ts";

export type SourceChoice = "snapshot" | "live";

export interface AppOptions {
  readonly source?: SourceChoice;
  /** Read SYMBOL.csv files from this directory instead of the snapshot. */
  readonly dataDir?: string;
  readonly clock?: () => Date;
  /** For tests: a ready-made market-data port. */
  readonly market?: MarketData;
  /** Where digests, subscriptions and the delivery ledger live; without it /digest and /alerts say so. */
  readonly digests?: DigestStore;
  /** The caveats' evidence; by default the curated figures (plus live computation with `source: "live"`). */
  readonly evidence?: EvidenceSource;
  /** Every setting, read once from the environment (src/config.ts); from process.env when not given. */
  readonly settings?: Settings;
  /** Operational log lines (source failures, fallbacks); never shown in chats. */
  readonly log?: (message: string) => void;
  /** Told of every failed upstream call, by provider: the host's metrics. */
  readonly onSourceError?: (provider: string) => void;
  /** The answer cache's bound in bytes; by default RISKON_CACHE_MB's, 0 turns it off. */
  readonly cacheBytes?: number;
  /** The Fed's liquidity series; by default the bundled FRED copies (data/snapshot/fred/). */
  readonly liquidity?: LiquidityData;
  /** Where the heavy statistics run (the bot's worker threads, src/app/compute-pool.ts); this thread without. */
  readonly offThread?: OffThread;
}

export interface App {
  readonly commands: readonly CommandDefinition[];
  readonly market: MarketData;
  /** The Fed's liquidity series the commands read (the alert check reads them too). */
  readonly liquidity: LiquidityData;
  /** Runs `/name tokens...` for `caller`; bad input throws a UserError whose message is the one line to show. */
  /**
   * `language`: the answer's language where no chat settings say one (an inline query's user's own, "es");
   * a chat's /settings win.
   */
  run(name: string, tokens: readonly string[], caller?: Caller, language?: string): Promise<Reply>;
  /** The language of a chat's answers (its /settings); "en" where none is set or there is no store. */
  languageOf(platform: Platform, chatId: string): Promise<string>;
  find(name: string): CommandDefinition | undefined;
  /** Pure commands' answers and their charts, kept by what they depend on (absent when RISKON_CACHE_MB=0). */
  readonly answers?: AnswerCache;
  /**
   * Answers each pure command's `prepare` questions through the cache (nothing is computed when the data have not
   * changed), one after another with the event loop let go in between; a failure is logged, never thrown. The
   * runtime calls it at start and with each alert poll: the first member after a new bar finds the work done.
   */
  prepare(): Promise<{ computed: number; failed: number }>;
  /** Releases the data layer (database handles, timers). */
  close(): Promise<void>;
}

async function createMarket(
  options: AppOptions,
  clock: () => Date,
  live: LiveDataConfig | null,
): Promise<MarketData & { close?(): Promise<void> | void }> {
  if (options.market) return options.market;
  if (options.dataDir) {
    return new CsvDirectorySource({
      dir: options.dataDir,
      name: "data-dir",
      freshness: "file",
      note: `file in ${options.dataDir}`,
    });
  }
  if (live) {
    // Loaded only when asked for: the live layer brings SQLite and the vendor clients with it.
    const { createMarketData } = await import("../data/market-service.ts");
    // RISKON_OFFLINE=1 makes this the snapshot, with a status that says so.
    return createMarketData(live, {
      clock,
      ...(options.log ? { log: options.log } : {}),
      ...(options.onSourceError ? { onSourceError: options.onSourceError } : {}),
    });
  }
  return createSnapshotSource();
}

/** A pure command's answer from the cache when nothing it read has changed; any other command is run. */
function runnerWith(answers: AnswerCache | undefined) {
  return (
    command: CommandDefinition,
    parsed: Parameters<CommandDefinition["run"]>[1],
    context: CommandContext,
  ) => {
    if (!command.pure || !answers) return command.run(context, parsed);
    const key = `${command.name}|${JSON.stringify(parsed)}|${context.locale.language}|${context.today}`;
    const ports = { market: context.market, evidence: context.evidence, liquidity: context.liquidity };
    return answers.answer(key, ports, (recording) =>
      command.run(
        {
          ...context,
          market: recording.market,
          ...(recording.evidence ? { evidence: recording.evidence } : {}),
          ...(recording.liquidity ? { liquidity: recording.liquidity } : {}),
        },
        parsed,
      ),
    );
  };
}

/** App.prepare: each pure command's prepare questions, in turn, through the cache. */
async function prepareAnswers(app: App, log: ((message: string) => void) | undefined) {
  let computed = 0;
  let failed = 0;
  for (const command of app.commands) {
    for (const tokens of command.prepare ?? []) {
      await new Promise((resolve) => setImmediate(resolve));
      const misses = app.answers?.stats().misses ?? 0;
      try {
        await app.run(command.name, tokens);
        if ((app.answers?.stats().misses ?? 1) > misses) computed += 1;
      } catch (error) {
        failed += 1;
        log?.(`prepare /${[command.name, ...tokens].join(" ")}: ${(error as Error).message}`);
      }
    }
  }
  return { computed, failed };
}

/** The data the commands read: market data, the caveats' evidence, the Fed's liquidity series. */
async function createPorts(options: AppOptions, clock: () => Date, settings: Settings) {
  const liveConfig = options.source === "live" && !options.market && !options.dataDir ? settings.live : null;
  const market = await createMarket(options, clock, liveConfig);
  const evidence =
    options.evidence ??
    createEvidenceSource(settings.evidence, {
      live: liveConfig !== null && !liveConfig.offline,
      ...(options.log ? { log: options.log } : {}),
    });
  const liquidity =
    options.liquidity ??
    (liveConfig && !liveConfig.offline
      ? // Loaded only when live: it brings SQLite with it.
        (await import("../data/fred/index.ts")).createLiquidityData(liveConfig, {
          clock,
          ...(options.log ? { log: options.log } : {}),
        })
      : createFredSnapshot());
  return { market, evidence, liquidity };
}

export async function createApp(options: AppOptions = {}): Promise<App> {
  const commands = await loadCommands();
  const clock = options.clock ?? (() => new Date());
  // The composition root: the environment is read here (or by the caller, once) and handed on as settings.
  const settings = options.settings ?? loadSettings(process.env);
  const { market, evidence, liquidity } = await createPorts(options, clock, settings);
  const find = (name: string) => commands.find((c) => c.name === name.toLowerCase());
  const cacheBytes = options.cacheBytes ?? settings.app.cacheBytes;
  const answers = cacheBytes > 0 ? new AnswerCache(cacheBytes) : undefined;
  const answerOf = runnerWith(answers);

  const app: App = {
    commands,
    market,
    liquidity,
    find,
    ...(answers ? { answers } : {}),
    async close() {
      await market.close?.();
    },
    prepare: () => prepareAnswers(app, options.log),
    async languageOf(platform, chatId) {
      return (await options.digests?.getChatSettings({ platform, chatId }))?.language ?? "en";
    },
    async run(name, tokens, caller, language) {
      const now = clock();
      // The chat's /settings apply to what its members ask, and to what a command asks of another (a preview).
      const chat =
        caller && options.digests
          ? await options.digests.getChatSettings({ platform: caller.platform, chatId: caller.chatId })
          : null;
      let depth = 0;
      const invoke = async (commandName: string, commandTokens: readonly string[]): Promise<Reply> => {
        const command = find(commandName);
        if (!command) {
          throw new UserError(
            context.locale.t("notice.unknownCommand", {
              name: quoteInput(commandName),
              list: commands.map((c) => c.name).join(", "),
            }),
          );
        }
        const top = depth++ === 0;
        // A preview runs the digest's commands as the digest will: with the chat's defaults too.
        const { options: parsed, applied } = parseWithChatDefaults(
          command,
          commandTokens,
          chat,
          context.locale,
        );
        const reply = await answerOf(command, parsed, context);
        // The JSON says which of the chat's defaults this answer used.
        const data = chat && top ? { ...reply.data, chatDefaults: applied } : reply.data;
        return { ...reply, data, options: parsed, language: context.locale.language };
      };
      const context: CommandContext = {
        market,
        today: utcDateOf(now),
        now: now.getTime(),
        commands,
        invoke,
        evidence,
        liquidity,
        ...(options.offThread ? { offThread: options.offThread } : {}),
        ...(caller ? { caller } : {}),
        ...(options.digests ? { digests: options.digests } : {}),
        locale: localeFor(chat?.language ?? language),
        ...(answers ? { cacheStats: () => answers.stats() } : {}),
      };
      return invoke(name, tokens);
    },
  };
  return app;
}
