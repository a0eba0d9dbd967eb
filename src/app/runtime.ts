// The bot's background work: the digest scheduler's timer and the alert watcher's polling.
// Real time only here; everything it drives takes an injected clock and is tested with a fake one.
import type { Reply } from "../core/answers/command.ts";
import type { Locale } from "../core/answers/locale.ts";
import { readOnlyCaller } from "../core/answers/preconditions.ts";
import {
  DIGEST_COMMANDS,
  type DigestContent,
  type DigestStore,
  type MetaRetention,
  type Platform,
  type Sender,
  type Target,
  type Theme,
} from "../core/schedules/digest.ts";
import { isUsTradingDay } from "../core/schedules/market-calendar.ts";
import { chatLocale } from "../platforms/labels.ts";
import { checkAlerts } from "./alert-watcher.ts";
import type { App } from "./app.ts";
import {
  type ComposedDigest,
  DigestScheduler,
  type QueuedFire,
  type TickReport,
} from "./digest-scheduler.ts";
import { type JobQueue, RetryLater } from "./job-queue.ts";
import { type MarketShare, startMarketShare } from "./market-share.ts";
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
  /** Meta state only ever added (the platforms' file_ids and leases), pruned with the delivery ledger. */
  readonly metaRetention?: readonly MetaRetention[];
  /** Told what each digest tick did (metrics). */
  readonly onTick?: (report: TickReport) => void;
  /**
   * The queue several instances share (Postgres): digests are planned once per tick across all of them, each
   * due digest is a job any instance may send, and the alert check runs on one instance per period.
   */
  readonly jobs?: JobQueue;
  /** With `jobs`: where the instance that refreshes market data publishes it for the others. */
  readonly share?: MarketShare;
}

/** The job queues riskon uses on a shared queue. */
export const JOBS = {
  plan: "riskon-digest-plan",
  alerts: "riskon-alert-check",
} as const;

/**
 * Digest jobs are queued per platform, and an instance takes only those of the platforms it runs: a
 * Discord-only instance never holds (and defers) a Telegram digest.
 */
export function digestQueue(platform: Platform): string {
  return `riskon-digest-${platform}`;
}

const EMPTY_REPORT: TickReport = { sent: 0, skipped: 0, failed: 0, deferred: 0, dead: 0, composed: 0 };

export interface Runtime {
  readonly scheduler: DigestScheduler;
  stop(): Promise<void>;
}

/** Runs the digest's commands and renders its chart once; shared by every chat that gets the same digest. */
export function digestComposer(app: App, renderChart?: RenderReplyChart) {
  return async (content: DigestContent, theme: Theme, chat?: Target): Promise<ComposedDigest> => {
    const names = DIGEST_COMMANDS[content];
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

function schedulerFor(options: RuntimeOptions): DigestScheduler {
  const { app, store, log } = options;
  return new DigestScheduler({
    store,
    senders: options.senders,
    compose: digestComposer(app, options.renderChart),
    isMarketDay: isUsTradingDay,
    localeOf: alertLocale(app),
    clock: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    graceMs: options.graceMs,
    ...(options.metaRetention ? { metaRetention: options.metaRetention } : {}),
  });
}

/**
 * Digests on a shared queue: this instance offers the plan each period (one instance runs it) and takes digest
 * jobs, as many at once as a platform's sends in flight; a deferred delivery is left to the job's backoff.
 */
export async function queueDigests(
  scheduler: DigestScheduler,
  jobs: JobQueue,
  options: Pick<RuntimeOptions, "tickMs" | "onTick" | "senders">,
): Promise<void> {
  for (const platform of options.senders.keys()) {
    await jobs.work<QueuedFire>(digestQueue(platform), 30, async (fire) => {
      const outcome = await scheduler.deliverQueued(fire);
      const counted = outcome === "duplicate" ? null : outcome;
      if (counted) options.onTick?.({ ...EMPTY_REPORT, [counted]: 1 });
      // Not sent for a reason worth retrying (another instance holds it, a retryable error): the job backs off.
      if (outcome === "deferred") throw new RetryLater(`${fire.key}: deferred`);
    });
  }
  await jobs.every(JOBS.plan, options.tickMs ?? 30_000, async () => {
    const planned = await scheduler.planDue((fire) =>
      jobs.enqueue(digestQueue(fire.platform), fire.key, fire).then(() => {}),
    );
    if (planned.skipped > 0) options.onTick?.({ ...EMPTY_REPORT, skipped: planned.skipped });
  });
}

/**
 * On a shared queue: the digests (queueDigests), and the alert check and the market-data refresh offered each
 * period (one instance runs each).
 */
async function startQueued(options: RuntimeOptions, jobs: JobQueue): Promise<Runtime> {
  const { app, store, log } = options;
  const scheduler = schedulerFor(options);
  await queueDigests(scheduler, jobs, options);
  await jobs.every(JOBS.alerts, options.alertPollMs ?? 5 * 60_000, async () => {
    await checkAlerts({
      market: app.market,
      liquidity: app.liquidity,
      store,
      scheduler,
      clock: Date.now,
      log,
    });
  });
  const sharing = options.share
    ? await startMarketShare({ market: app.market, jobs, share: options.share, log })
    : null;
  // Every instance keeps its own cache: each prepares its answers (App.prepare) on the alert poll's period.
  let preparing: Promise<unknown> = Promise.resolve();
  const prepare = () => {
    preparing = preparing
      .then(() => app.prepare())
      .catch((error: unknown) => log("preparing answers failed", error));
  };
  const prepareTimer = setInterval(prepare, options.alertPollMs ?? 5 * 60_000);
  prepare();
  return {
    scheduler,
    async stop() {
      clearInterval(prepareTimer);
      await preparing;
      await jobs.stop();
      await sharing?.stop();
    },
  };
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  if (options.jobs) return startQueued(options, options.jobs);
  const { app, store, log } = options;
  const scheduler = schedulerFor(options);
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
  // The alert check, then the answers worth having ready when the data change (App.prepare).
  const watch = () => {
    guard("alert check", () =>
      checkAlerts({ market: app.market, liquidity: app.liquidity, store, scheduler, clock: Date.now, log }),
    );
    guard("preparing answers", () => app.prepare());
  };
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
