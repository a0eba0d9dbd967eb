// The console chat: the embedded default when no platform token is set. A person types /russell value vs:eth.
import { createInterface } from "node:readline";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import { consoleChartPath, type RenderReplyChart, writeReplyChart } from "../../app/reply-charts.ts";
import type { Caller } from "../../core/answers/command.ts";
import { renderPlainText } from "../../core/answers/format.ts";

/** The person at the console owns it: a moderator of the one chat there is. */
export const CONSOLE_CALLER: Caller = {
  platform: "console",
  userId: "console",
  chatId: "console",
  isPrivateChat: true,
  // Unrestricted: the console is the host's own terminal.
  authorizeChange: async ({ chatRef, roleRef }) => ({
    chatId: chatRef?.trim() || "console",
    ...(roleRef ? { mentionRoleId: roleRef.replace(/\D/g, "") } : {}),
  }),
};

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where internal errors go (never to the chat). */
  readonly log: (message: string, error: unknown) => void;
  /** Draws charts: the console writes each to a PNG file and prints its path. */
  readonly renderChart?: RenderReplyChart;
}

/** Splits a chat line into the command name and its tokens; `/russell@riskon_bot` names `russell`. */
export function parseChatLine(line: string): { name: string; tokens: string[] } | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("/")) return null;
  const [head = "", ...tokens] = trimmed.slice(1).split(/\s+/);
  return { name: head.split("@")[0] ?? "", tokens };
}

/** Answers one chat line; never throws. */
export async function answerLine(
  app: App,
  line: string,
  log: ConsoleIo["log"],
  renderChart?: RenderReplyChart,
): Promise<string> {
  const parsed = parseChatLine(line);
  if (!parsed) return "Commands start with /. Type /help.";
  try {
    const reply = await app.run(parsed.name, parsed.tokens, CONSOLE_CALLER);
    const text = renderPlainText(reply);
    if (!renderChart || !reply.chart) return text;
    try {
      const path = await writeReplyChart(renderChart, reply, "dark", consoleChartPath(reply));
      return path ? `${text}\n\nChart: ${path}` : text;
    } catch (error) {
      log("console: the chart could not be drawn", error);
      return `${text}\n\n(The chart could not be drawn; the error was logged.)`;
    }
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.internal) log(`console: /${parsed.name} failed`, error);
    return failure.message;
  }
}

export function runConsoleChat(app: App, io: ConsoleIo): Promise<void> {
  const rl = createInterface({ input: io.input, terminal: false });
  const write = (text: string) => io.output.write(`${text}\n`);
  write("riskon console chat. Type /help, /russell, /altseason, or /quit.");
  let queue = Promise.resolve();
  let quitting = false;
  return new Promise((resolve) => {
    rl.on("line", (line) => {
      if (quitting) return;
      if (line.trim() === "/quit") {
        quitting = true;
        rl.close();
        return;
      }
      // Answers go out in the order the lines came in.
      queue = queue.then(async () => {
        if (line.trim() === "") return;
        write(await answerLine(app, line, io.log, io.renderChart));
        write("> ");
      });
    });
    rl.on("close", () => {
      void queue.then(() => resolve());
    });
  });
}
