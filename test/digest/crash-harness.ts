// Kills the real bot process (`npm start`'s command, a child process) with SIGKILL at random moments while it
// delivers digests to many Telegram groups through the wire fake, restarts it, and counts per chat what arrived.
// Used by the crash test (npm test) and, with more chats and kills, by `npm run bench`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../../src/core/analytics/baseline.ts";
import type { DigestSchedule } from "../../src/core/schedules/digest.ts";
import { openDatabase } from "../../src/storage/sqlite.ts";
import { SqliteDigestStore } from "../../src/storage/sqlite-digest-store.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const ROOT = join(import.meta.dirname, "../..");

export interface CrashOptions {
  readonly rounds: number;
  readonly chatsPerRound: number;
  readonly killsPerRound: number;
  /** Seed of the kill points (how many posts arrived before each kill). */
  readonly seed: number;
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly chats: number;
  readonly kills: number;
  /** Chats whose digest never arrived. */
  readonly lost: number;
  /** Posts that arrived beyond the first, per chat. */
  readonly duplicates: number;
  /** The most posts beyond the first in one chat, against the kills of its round. */
  readonly worstChat: { readonly extra: number; readonly killsInRound: number };
  /** Chats that got something other than the one photo post of the digest. */
  readonly half: number;
  readonly seconds: number;
}

function startBot(apiRoot: string, db: string, log: (line: string) => void): ChildProcess {
  return spawnBot({ TELEGRAM_API_ROOT: apiRoot, RISKON_DB: db }, log);
}

/** The bot process as `npm start` runs it, on the Telegram fake's token and the bundled data, plus `env`. */
export function spawnBot(env: Readonly<Record<string, string>>, log: (line: string) => void): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", "--import", "tsx", "src/main.ts"],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        RISKON_OFFLINE: "1",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of String(chunk).split("\n")) if (line.trim()) log(line);
  });
  return child;
}

/** Waits for the fake to see `done`, failing at once if the bot process exits first. */
export async function until(
  fake: FakeTelegramServer,
  child: ChildProcess,
  done: () => boolean,
): Promise<void> {
  let exit: () => void = () => {};
  const died = new Promise<never>((_, reject) => {
    exit = () =>
      reject(new Error(`the bot exited (${child.exitCode ?? child.signalCode}) before it was done`));
    child.once("exit", exit);
  });
  try {
    await Promise.race([fake.waitFor(done, 120_000), died]);
  } finally {
    child.off("exit", exit);
    died.catch(() => {});
  }
}

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

export function schedule(chatId: string, minuteOfDay: number, now: number): DigestSchedule {
  return {
    platform: "telegram",
    chatId,
    minuteOfDay,
    timeZone: "UTC",
    days: "every",
    content: "russell",
    theme: "dark",
    createdBy: "7527593",
    paused: false,
    createdAt: now - 86_400_000,
    checkedUntil: now - 5 * 60_000,
  };
}

export async function runCrashRounds(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const fake = await FakeTelegramServer.start();
  const db = join(mkdtempSync(join(tmpdir(), "riskon-crash-")), "riskon.db");
  const store = new SqliteDigestStore(openDatabase(db));
  const next = seededRandom(options.seed);
  const postsTo = (chatId: string) =>
    fake
      .sends()
      .filter((c) => String(c.params.chat_id) === chatId && !String(c.params.text ?? "").includes("paused"));
  let kills = 0;
  let lost = 0;
  let duplicates = 0;
  let half = 0;
  let worst = { extra: 0, killsInRound: 0 };
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Every chat of the round is due in the same minute: the one that just began, in UTC.
      const now = Date.now();
      const minute = Math.floor((now % 86_400_000) / 60_000);
      const chats = Array.from(
        { length: options.chatsPerRound },
        (_, i) => `-100${round + 1}${String(i).padStart(6, "0")}`,
      );
      for (const chatId of chats) await store.saveSchedule(schedule(chatId, minute, now));
      const arrived = () => chats.filter((c) => postsTo(c).length > 0).length;
      const killsBefore = kills;
      for (let k = 0; k < options.killsPerRound; k++) {
        const before = arrived();
        const remaining = chats.length - before;
        if (remaining < 3) break; // too little left to kill in the middle of
        const child = startBot(fake.apiRoot, db, log);
        // Somewhere in the rest of the delivery: at least one more post, never the last one.
        // Spread over what is left, so every kill of the round lands before its last post.
        const share = Math.max(1, Math.floor((remaining - 2) / (options.killsPerRound - k)));
        const at = before + 1 + Math.floor(next() * share);
        await until(fake, child, () => arrived() >= at);
        child.kill("SIGKILL");
        await exited(child);
        kills++;
        log(`round ${round + 1}: killed after ${arrived()} of ${chats.length} chats had their digest`);
      }
      const child = startBot(fake.apiRoot, db, log);
      await until(fake, child, () => arrived() === chats.length);
      child.kill("SIGTERM");
      await exited(child);
      const killsInRound = kills - killsBefore;
      for (const chatId of chats) {
        const posts = postsTo(chatId);
        if (posts.length === 0) lost++;
        // Whole: the photo post, its chart uploaded or sent again by the file_id Telegram gave the first upload.
        const whole = (p: (typeof posts)[number]) =>
          p.method === "sendPhoto" &&
          (p.photo?.isPng === true || /^photo\d+-\d+$/.test(String(p.params.photo)));
        if (posts.some((p) => !whole(p))) half++;
        const extra = Math.max(0, posts.length - 1);
        duplicates += extra;
        if (extra > worst.extra) worst = { extra, killsInRound };
      }
    }
  } finally {
    await fake.close();
  }
  return {
    chats: options.rounds * options.chatsPerRound,
    kills,
    lost,
    duplicates,
    worstChat: worst,
    half,
    seconds: (performance.now() - started) / 1000,
  };
}
