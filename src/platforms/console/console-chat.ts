// The console chat: the embedded default when no platform token is set. A person types /russell value vs:eth.
import { createInterface } from "node:readline";
import type { App } from "../../app/app.ts";
import { describeFailure } from "../../app/failure.ts";
import type { Caller } from "../../core/command.ts";
import { renderPlainText } from "../../core/format.ts";

/** The person at the console owns it: a moderator of the one chat there is. */
export const CONSOLE_CALLER: Caller = {
  platform: "console",
  userId: "console",
  chatId: "console",
  isPrivateChat: true,
  isModerator: async () => true,
  resolveChat: async (reference) => reference,
};

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where internal errors go (never to the chat). */
  readonly log: (message: string, error: unknown) => void;
}

/** Splits a chat line into the command name and its tokens; `/russell@riskon_bot` names `russell`. */
export function parseChatLine(line: string): { name: string; tokens: string[] } | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("/")) return null;
  const [head = "", ...tokens] = trimmed.slice(1).split(/\s+/);
  return { name: head.split("@")[0] ?? "", tokens };
}

/** Answers one chat line; never throws. */
export async function answerLine(app: App, line: string, log: ConsoleIo["log"]): Promise<string> {
  const parsed = parseChatLine(line);
  if (!parsed) return "Commands start with /. Type /help.";
  try {
    return renderPlainText(await app.run(parsed.name, parsed.tokens, CONSOLE_CALLER));
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
        write(await answerLine(app, line, io.log));
        write("> ");
      });
    });
    rl.on("close", () => {
      void queue.then(() => resolve());
    });
  });
}
