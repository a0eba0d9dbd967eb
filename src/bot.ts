// `npm start`: starts the bot on every platform whose tokens are set (Telegram, Discord); with none it opens
// the console chat. Digests and alerts run beside either, and the hosts' HTTP endpoint when RISKON_HTTP_PORT is
// set. SIGINT or SIGTERM stops everything gracefully: replies in flight finish within RISKON_SHUTDOWN_SECONDS.
import type { Logger } from "pino";
import type { AnswerCache } from "./app/answer-cache.ts";
import { type App, createApp } from "./app/app.ts";
import { ComputePool } from "./app/compute-pool.ts";
import type { Config } from "./app/config.ts";
import { describeFailure } from "./app/failure.ts";
import { type RunningHttpServer, startHttpServer } from "./app/http-server.ts";
import type { JobQueue } from "./app/job-queue.ts";
import { createLogger, type Log, logFunction, secretsOf } from "./app/logger.ts";
import type { MarketShare } from "./app/market-share.ts";
import { type BotMetrics, createMetrics } from "./app/metrics.ts";
import { instrumentApp, instrumentRenderer, readinessChecks } from "./app/operations.ts";
import { cachedCharts, type RenderReplyChart, replyChartRenderer } from "./app/reply-charts.ts";
import { consoleSender, type Runtime, startRuntime } from "./app/runtime.ts";
import { createChartRenderer, createPooledChartRenderer, type QueuedChartRenderer } from "./charts/index.ts";
import { loadSettings, type Settings } from "./config.ts";
import { renderPlainText } from "./core/answers/format.ts";
import { ConfigError } from "./core/base/errors.ts";
import type { DigestStore } from "./core/schedules/digest.ts";
import type { SendPace } from "./core/schedules/send-pace.ts";
import { runConsoleChat } from "./platforms/console/console-chat.ts";
import {
  hasPlatforms,
  PLATFORM_NOTES_KEPT,
  type RunningPlatforms,
  startPlatforms,
} from "./platforms/start.ts";
import { openPostgres } from "./storage/postgres/index.ts";
import { openDatabase } from "./storage/sqlite.ts";
import { SqliteDigestStore } from "./storage/sqlite-digest-store.ts";

interface Parts {
  readonly config: Config;
  readonly logger: Logger;
  readonly log: Log;
  readonly metrics: BotMetrics;
  readonly app: App;
  readonly digests: DigestStore;
  /** The job queue several instances share (Postgres only). */
  readonly jobs?: JobQueue;
  /** Telegram's send rate shared by the instances (Postgres only). */
  readonly sharedPace?: SendPace;
  /** The market data one instance refreshes for all (Postgres only). */
  readonly share?: MarketShare;
  /** Closes the store's connections (Postgres), after everything that uses it has stopped. */
  readonly closeStore: () => Promise<void>;
  readonly renderChart: RenderReplyChart;
}

/** Postgres and its job queue when DATABASE_URL is set (several instances share them), else the SQLite file. */
async function openStore(
  config: Config,
  log: Log,
  metrics: BotMetrics,
): Promise<{
  digests: DigestStore;
  jobs?: JobQueue;
  sharedPace?: SendPace;
  share?: MarketShare;
  closeStore: () => Promise<void>;
}> {
  if (config.databaseUrl) {
    const pg = await openPostgres(config.databaseUrl, {
      claimLeaseMs: config.claimLeaseMs,
      log,
      onJobSettled: (queue, outcome) => metrics.job(queue, outcome),
    });
    return { digests: pg.store, jobs: pg.jobs, sharedPace: pg.pace, share: pg.share, closeStore: pg.close };
  }
  return { digests: new SqliteDigestStore(openDatabase(config.dbPath)), closeStore: async () => {} };
}

async function buildParts(settings: Settings, logger: Logger): Promise<Parts> {
  const config = settings.app;
  const log = logFunction(logger);
  const metrics = createMetrics();
  const { digests, jobs, sharedPace, share, closeStore } = await openStore(config, log, metrics);
  // The answers' heavy statistics run in worker threads (RISKON_COMPUTE_THREADS=0: in this one).
  const compute = config.computeThreads > 0 ? new ComputePool({ size: config.computeThreads, log }) : null;
  if (compute) metrics.watchCompute(() => compute.stats());
  // Live data is the bot's default: live sources -> stored bars -> bundled snapshot (RISKON_OFFLINE=1: snapshot).
  const app = await createApp({
    ...(compute ? { offThread: compute } : {}),
    settings,
    source: "live",
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    digests,
    // The data layer logs only what went wrong (a source down, a refresh failed): warnings.
    log: (line) => logger.warn(line),
    onSourceError: (provider) => metrics.sourceError(provider),
  });
  const instrumented = instrumentApp(app, metrics);
  // One renderer for the whole process: answers, digests and the console share its queue, and a chart drawn for
  // an answer's data version is kept in the answer cache beside it.
  // Charts are drawn in renderer processes (one per core; RISKON_RENDER_PROCESSES=0: in this thread).
  const renderer: QueuedChartRenderer & {
    close?(): Promise<void>;
    measures?(): Readonly<Record<string, number>>;
  } =
    config.renderProcesses === 0
      ? createChartRenderer()
      : createPooledChartRenderer({ processes: config.renderProcesses, log });
  metrics.watchRenderer(() => renderer.measures?.() ?? { ...renderer.stats(), processes: 0 });
  const renderChart = cachedCharts(instrumentRenderer(replyChartRenderer(renderer), metrics), app.answers);
  if (app.answers) metrics.watchCache(() => (app.answers as AnswerCache).stats());
  return {
    config,
    logger,
    log,
    metrics,
    app: instrumented,
    digests,
    ...(jobs ? { jobs } : {}),
    ...(sharedPace ? { sharedPace } : {}),
    ...(share ? { share } : {}),
    closeStore: async () => {
      await closeStore();
      await renderer.close?.();
      await compute?.close();
    },
    renderChart,
  };
}

function startEndpoint(parts: Parts, platforms: RunningPlatforms | null): Promise<RunningHttpServer | null> {
  const { config, metrics, app, digests, log } = parts;
  if (!config.http) return Promise.resolve(null);
  let problem: string | null = null;
  void platforms?.failed.then(({ platform, error }) => {
    problem = `${platform} stopped: ${error.message}`;
  });
  if (platforms) metrics.watchQueues(() => platforms.queueDepths());
  return startHttpServer({
    host: config.http.host,
    port: config.http.port,
    registry: metrics.registry,
    log,
    ...(platforms ? { routes: platforms.routes } : {}),
    readiness: readinessChecks({
      market: app.market,
      store: digests,
      platformProblem: () => problem,
      platformNames: () => platforms?.names ?? [],
      now: () => new Date(),
    }),
  });
}

function runtimeFor(parts: Parts, senders: Parameters<typeof startRuntime>[0]["senders"]): Promise<Runtime> {
  return startRuntime({
    app: parts.app,
    store: parts.digests,
    senders,
    renderChart: parts.renderChart,
    log: parts.log,
    graceMs: parts.config.digestGraceMs,
    metaRetention: PLATFORM_NOTES_KEPT,
    ...(parts.jobs ? { jobs: parts.jobs } : {}),
    ...(parts.share ? { share: parts.share } : {}),
    onTick: ({ sent, failed, skipped, deferred, dead }) =>
      parts.metrics.deliveries("digest", { sent, failed, skipped, deferred, dead }),
  });
}

/** Waits for SIGINT/SIGTERM (or a platform that stopped by itself), then stops everything within the deadline. */
function untilStopped(parts: Parts, stop: () => Promise<void>, platforms: RunningPlatforms): Promise<void> {
  const { log, config } = parts;
  return new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (reason: string) => {
      if (stopping) return;
      stopping = true;
      log(`${reason}: stopping; replies in flight have ${config.shutdownMs / 1000} s to finish`);
      process.off("SIGINT", shutdown);
      process.off("SIGTERM", shutdown);
      // A second signal while stopping uses Node's default: exit at once.
      const deadline = setTimeout(() => {
        log(`still stopping after ${config.shutdownMs / 1000} s: exiting without waiting any longer`);
        resolve();
      }, config.shutdownMs);
      deadline.unref();
      void stop()
        .catch((error: unknown) => log("stopping failed", error))
        .finally(() => {
          clearTimeout(deadline);
          resolve();
        });
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
    // A platform that stopped by itself (Telegram: another process polls with the token) leaves the bot deaf
    // there: stop everything and exit non-zero, so a supervisor restarts it or someone is told.
    void platforms.failed.then(({ platform }) => {
      process.exitCode = 1;
      shutdown(`${platform} stopped`);
    });
  });
}

async function runOnPlatforms(parts: Parts): Promise<void> {
  const { app, config, log, renderChart } = parts;
  const platforms = await startPlatforms(app, config, log, {
    renderChart,
    notes: parts.digests,
    ...(parts.sharedPace ? { sharedPace: parts.sharedPace } : {}),
  });
  const runtime = await runtimeFor(parts, platforms.senders).catch(async (error: unknown) => {
    await platforms.stop();
    throw error;
  });
  const endpoint = await startEndpoint(parts, platforms).catch(async (error: unknown) => {
    await runtime.stop();
    await platforms.stop();
    throw error;
  });
  if (endpoint) log(`http: /healthz, /readyz and /metrics on http://${endpoint.address}`);
  log(`riskon is running on ${platforms.names.join(" and ")}; Ctrl-C stops it.`);
  await untilStopped(
    parts,
    async () => {
      await runtime.stop();
      await platforms.stop();
      await endpoint?.close();
      await app.close();
      await parts.closeStore();
    },
    platforms,
  );
}

async function runConsole(parts: Parts): Promise<void> {
  const { app, log, renderChart } = parts;
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const runtime = await runtimeFor(parts, new Map([["console", consoleSender(write, renderPlainText)]]));
  const endpoint = await startEndpoint(parts, null);
  if (endpoint) log(`http: /healthz, /readyz and /metrics on http://${endpoint.address}`);
  await runConsoleChat(app, { input: process.stdin, output: process.stdout, log, renderChart });
  await runtime.stop();
  await endpoint?.close();
  await app.close();
  await parts.closeStore();
}

const secrets = secretsOf(process.env);
const onTerminal = process.stderr.isTTY === true;
// Until the configuration is read: info level, JSON unless on a terminal.
let logger = createLogger({ level: "info", pretty: onTerminal, secrets });

try {
  // The environment is read once, here; everything below receives typed settings.
  const settings = loadSettings(process.env);
  const config = settings.app;
  const pretty = config.log.format === "pretty" || (config.log.format === "auto" && onTerminal);
  logger = createLogger({ level: config.log.level, pretty, secrets });
  const parts = await buildParts(settings, logger);
  await (hasPlatforms(config) ? runOnPlatforms(parts) : runConsole(parts));
} catch (error) {
  const failure = describeFailure(error);
  // A configuration error is the operator's to fix and says what: one line, no stack.
  const detail = failure.internal && !(error instanceof ConfigError) ? error : undefined;
  // The host reads this, not a chat: say what failed rather than the chat's apology.
  const what = detail instanceof Error ? detail.message : failure.message;
  if (detail === undefined) logger.fatal(`riskon could not start: ${what}`);
  else logger.fatal({ err: detail }, `riskon could not start: ${what}`);
  process.exitCode = 1;
}
// Whatever still holds the event loop after the deadline (a reply that never finished, a socket a platform left
// open) must not keep a stopped bot alive; the exit code stays what it was set to.
setTimeout(() => process.exit(), 1000).unref();
