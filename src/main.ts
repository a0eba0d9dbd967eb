// `npm start`: starts the bot. With no platform tokens in the environment it opens the console chat.
import { createApp } from "./app/app.ts";
import { loadConfig } from "./app/config.ts";
import { describeFailure } from "./app/failure.ts";
import { runConsoleChat } from "./platforms/console/console-chat.ts";

const log = (message: string, error?: unknown) => {
  const detail =
    error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? "" : String(error);
  process.stderr.write(`${new Date().toISOString()} ${message}${detail ? ` - ${detail}` : ""}\n`);
};

try {
  const config = loadConfig(process.env);
  const app = await createApp({ ...(config.dataDir ? { dataDir: config.dataDir } : {}) });
  await runConsoleChat(app, { input: process.stdin, output: process.stdout, log });
} catch (error) {
  const failure = describeFailure(error);
  log(`riskon could not start: ${failure.message}`, failure.internal ? error : undefined);
  process.exitCode = 1;
}
