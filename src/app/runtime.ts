// The bot's background work: the digest scheduler's timer and the alert watcher's polling.
// Real time only here; everything it drives takes an injected clock and is tested with a fake one.
import type { Reply } from "../core/answers/command.ts";
import type { Locale } from "../core/answers/locale.ts";
import { readOnlyCaller } from "../core/answers/preconditions.ts";
import type {
  DigestContent,
  DigestStore,
  Platform,
  Sender,
  Target,
  Theme,
} from "../core/schedules/digest.ts";
import { isUsTradingDay } from "../core/schedules/market-calendar.ts";
import { chatLocale } from "../platforms/labels.ts";
import { checkAlerts } from "./alert-watcher.ts";
import type { App } from "./app.ts";
import { type ComposedDigest, DigestScheduler, type TickReport } from "./digest-scheduler.ts";
import type { RenderReplyChart } from "./reply-charts.ts";

export interface RuntimeOptions {
  readonly app: App;
  readonly store: DigestStore;
  readonly senders: ReadonlyMap<Platform, Sender>;
  readonly renderChart?: RenderReplyChart;
  readonly log: (message: string, error?: unknown) => void;
  readonly graceMs: number;
  /** How often the scheduler looks for due digests. */
  readonly tickMs?: number;
  /** How often new close data is checked for alerts. */
  readonly alertPollMs?: number;
  /** Told what each digest tick did (metrics). */
  readonly onTick?: (report: TickReport) => void;
}

export interface Runtime {
  readonly scheduler: DigestScheduler;
  stop(): Promise<void>;
}

/** Runs the digest's commands and renders its chart once; shared by every chat that gets the same digest. */
export function digestComposer(app: App, renderChart?: RenderReplyChart) {
  return async (content: DigestContent, theme: Theme, chat?: Target): Promise<ComposedDigest> => {
    const names = content === "both" ? ["russell", "altseason"] : [content];
    // For a chat with /settings, the answers as its members get them (its language and defaults).
    const caller = chat ? readOnlyCaller(chat, "digest", "a digest changes nothing") : undefined;
    const replies = await Promise.all(names.map((name) => app.run(name, [], caller)));
    const first = replies[0] as Reply;
    const png = renderChart ? await renderChart(first, theme) : null;
    const asOf = String(first.data.asOf ?? "");
    return { asOf, message: { replies, ...(png ? { png } : {}) } };
  };
}

/** The language a chat's alerts are written in: its /settings' (English without, or when the store fails). */
export function alertLocale(app: App) {
  return (chat: Target): Promise<Locale> => chatLocale(app, chat.platform, chat.chatId);
}

export function startRuntime(options: RuntimeOptions): Runtime {
  const { app, store, log } = options;
  const scheduler = new DigestScheduler({
    store,
    senders: options.senders,
    compose: digestComposer(app, options.renderChart),
    isMarketDay: isUsTradingDay,
    localeOf: alertLocale(app),
    clock: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    graceMs: options.graceMs,
  });
  let stopped = false;
  let busy: Promise<unknown> = Promise.resolve();
  const guard = (what: string, work: () => Promise<unknown>) => {
    if (stopped) return;
    busy = busy.then(work).catch((error: unknown) => log(`${what} failed`, error));
  };
  const tick = () =>
    guard("digest tick", async () => {
      const report = await scheduler.tick();
      options.onTick?.(report);
    });
  const watch = () =>
    guard("alert check", () => checkAlerts({ market: app.market, store, scheduler, clock: Date.now, log }));
  const tickTimer = setInterval(tick, options.tickMs ?? 30_000);
  const alertTimer = setInterval(watch, options.alertPollMs ?? 5 * 60_000);
  tick();
  watch();
  return {
    scheduler,
    async stop() {
      stopped = true;
      clearInterval(tickTimer);
      clearInterval(alertTimer);
      await busy;
    },
  };
}

/** The console's sender: digests and alerts are printed into the console chat. */
export function consoleSender(write: (text: string) => void, render: (reply: Reply) => string): Sender {
  return {
    platform: "console",
    async send(_chatId, message) {
      if (message.text !== undefined) write(`[alert] ${message.text}`);
      for (const reply of message.replies) write(`[digest]\n${render(reply)}`);
    },
    async notifyUser(_userId, text) {
      write(text);
      return true;
    },
  };
}
