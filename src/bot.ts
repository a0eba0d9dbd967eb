// `npm start`: starts the bot on every platform whose tokens are set (Telegram, Discord); with none it opens
// the console chat. Digests and alerts run beside either. SIGINT or SIGTERM stops everything gracefully.
import { createApp } from "./app/app.ts";
import { loadConfig } from "./app/config.ts";
import { describeFailure } from "./app/failure.ts";
import { createLogger, type Log, logFunction, secretsOf } from "./app/logger.ts";
import { replyChartRenderer } from "./app/reply-charts.ts";
import { consoleSender, startRuntime } from "./app/runtime.ts";
import { createChartRenderer } from "./charts/index.ts";
import { ConfigError } from "./core/errors.ts";
import { renderPlainText } from "./core/format.ts";
import { runConsoleChat } from "./platforms/console/console-chat.ts";
import { hasPlatforms, startPlatforms } from "./platforms/start.ts";
import { openDatabase } from "./storage/sqlite.ts";
import { SqliteDigestStore } from "./storage/sqlite-digest-store.ts";

const secrets = secretsOf(process.env);
const onTerminal = process.stderr.isTTY === true;
// Until the configuration is read: info level, JSON unless on a terminal.
let logger = createLogger({ level: "info", pretty: onTerminal, secrets });
let log: Log = logFunction(logger);

try {
  const config = loadConfig(process.env);
  const pretty = config.log.format === "pretty" || (config.log.format === "auto" && onTerminal);
  logger = createLogger({ level: config.log.level, pretty, secrets });
  log = logFunction(logger);
  // One renderer for the whole process: answers, digests and the console share its queue and its cache.
  const renderChart = replyChartRenderer(createChartRenderer());
  const digests = new SqliteDigestStore(openDatabase(config.dbPath));
  // Live data is the bot's default: live sources -> stored bars -> bundled snapshot (RISKON_OFFLINE=1: snapshot).
  const app = await createApp({
    source: "live",
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    digests,
    // The data layer logs only what went wrong (a source down, a refresh failed): warnings.
    log: (line) => logger.warn(line),
  });
  if (hasPlatforms(config)) {
    const platforms = await startPlatforms(app, config, log, { renderChart });
    const runtime = startRuntime({
      app,
      store: digests,
      senders: platforms.senders,
      renderChart,
      log,
      graceMs: config.digestGraceMs,
    });
    log(`riskon is running on ${platforms.names.join(" and ")}; Ctrl-C stops it.`);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const shutdown = (reason: string) => {
        if (stopping) return;
        stopping = true;
        log(`${reason}: stopping`);
        process.off("SIGINT", shutdown);
        process.off("SIGTERM", shutdown);
        // A second signal while stopping uses Node's default: exit at once.
        void runtime
          .stop()
          .then(() => platforms.stop())
          .then(() => app.close())
          .finally(resolve);
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
  } else {
    const write = (text: string) => process.stdout.write(`${text}\n`);
    const runtime = startRuntime({
      app,
      store: digests,
      senders: new Map([["console", consoleSender(write, renderPlainText)]]),
      log,
      graceMs: config.digestGraceMs,
    });
    await runConsoleChat(app, { input: process.stdin, output: process.stdout, log, renderChart });
    await runtime.stop();
    await app.close();
  }
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
