// `npm start`: starts the bot on every platform whose tokens are set (Telegram, Discord); with none it opens
// the console chat. Digests and alerts run beside either. SIGINT or SIGTERM stops everything gracefully.
import { createApp } from "./app/app.ts";
import { loadConfig } from "./app/config.ts";
import { describeFailure } from "./app/failure.ts";
import { replyChartRenderer } from "./app/reply-charts.ts";
import { consoleSender, startRuntime } from "./app/runtime.ts";
import { createChartRenderer } from "./charts/index.ts";
import { renderPlainText } from "./core/format.ts";
import { runConsoleChat } from "./platforms/console/console-chat.ts";
import { hasPlatforms, startPlatforms } from "./platforms/start.ts";
import { openDatabase } from "./storage/sqlite.ts";
import { SqliteDigestStore } from "./storage/sqlite-digest-store.ts";

const log = (message: string, error?: unknown) => {
  const detail =
    error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? "" : String(error);
  process.stderr.write(`${new Date().toISOString()} ${message}${detail ? ` - ${detail}` : ""}\n`);
};

try {
  const config = loadConfig(process.env);
  // One renderer for the whole process: answers, digests and the console share its queue and its cache.
  const renderChart = replyChartRenderer(createChartRenderer());
  const digests = new SqliteDigestStore(openDatabase(config.dbPath));
  // Live data is the bot's default: live sources -> stored bars -> bundled snapshot (RISKON_OFFLINE=1: snapshot).
  const app = await createApp({
    source: "live",
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    digests,
    log: (line) => log(line),
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
  log(`riskon could not start: ${failure.message}`, failure.internal ? error : undefined);
  process.exitCode = 1;
}
