// Several instances on one Postgres: three real bot processes (`npm start`'s command) share one database and
// the Telegram wire fake, in webhook mode (none polls), and one pg-boss job queue. 1,000 groups are due in the same minute; one instance
// is killed with SIGKILL in the middle of the delivery. Counted per chat from what the fake received: every
// digest arrives, a chat gets it twice only for what the killed instance had in flight, and the three together
// never exceed Telegram's 30 messages a second for the one bot token.
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../src/storage/postgres/migrate.ts";
import { PgDigestStore } from "../../src/storage/postgres/pg-digest-store.ts";
import { FakeTelegramServer } from "../fakes/telegram-server.ts";
import { freshSchema, hasPostgres, type TestSchema } from "../support/postgres.ts";
import { exited, schedule, spawnBot } from "./crash-harness.ts";

const CHATS = Number(process.env.RISKON_TEST_CHATS ?? 1000);
const LEASE_SECONDS = 3;

let schema: TestSchema | undefined;
afterAll(async () => {
  await schema?.drop();
});

describe.skipIf(!hasPostgres)("three instances on one Postgres", () => {
  it("1,000 digests due in one minute, one instance SIGKILLed mid-delivery: 0 lost, duplicates only from its in-flight sends", async () => {
    schema = await freshSchema();
    await migratePostgres(schema.pool);
    const store = new PgDigestStore(schema.pool);
    const now = Date.now();
    const minute = Math.floor((now % 86_400_000) / 60_000);
    const chats = Array.from({ length: CHATS }, (_, i) => `-100${String(i).padStart(7, "0")}`);
    for (const chatId of chats) await store.saveSchedule(schedule(chatId, minute, now));
    const fake = await FakeTelegramServer.start();
    // Telegram's limits for one bot token, whichever instance sends: over them, the fake answers 429.
    fake.limits = { perChatMs: 1000, perGroupPerMinute: 20, globalPerSecond: 30, toleranceMs: 30 };
    const logs: string[] = [];
    const env = {
      TELEGRAM_API_ROOT: fake.apiRoot,
      // The one public URL every instance is started with (no update is sent to it in this test).
      TELEGRAM_WEBHOOK_URL: "https://riskon.example/telegram",
      TELEGRAM_WEBHOOK_SECRET: "multi-instance-secret",
      RISKON_HTTP_PORT: "0",
      DATABASE_URL: schema.url,
      RISKON_CLAIM_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    const instances: ChildProcess[] = [];
    const posts = (chatId: string) => fake.delivered().filter((c) => String(c.params.chat_id) === chatId);
    const arrived = () => new Set(fake.delivered().map((c) => String(c.params.chat_id))).size;
    try {
      for (let i = 0; i < 3; i++) instances.push(spawnBot(env, (line) => logs.push(`#${i} ${line}`)));
      const [victim, ...others] = instances as [ChildProcess, ...ChildProcess[]];
      // In the middle of the delivery: a third of the chats have their digest.
      await fake.waitFor(() => arrived() >= CHATS / 3, 120_000);
      victim.kill("SIGKILL");
      await exited(victim);
      const atKill = arrived();
      // The others finish it, the victim's claims taken over once their lease is over (at their next tick).
      await fake
        .waitFor(() => arrived() === CHATS, 150_000)
        .catch((error: unknown) => {
          throw new Error(`${arrived()}/${CHATS} arrived\n${logs.slice(-40).join("\n")}`, { cause: error });
        });
      for (const child of others) child.kill("SIGTERM");
      await Promise.all(others.map(exited));
      const lost = chats.filter((c) => posts(c).length === 0).length;
      const duplicates = chats.reduce((n, c) => n + Math.max(0, posts(c).length - 1), 0);
      const context = `killed at ${atKill}/${CHATS}; ${duplicates} duplicates\n${logs
        .filter((l) => /error|fail|resum/i.test(l))
        .slice(0, 20)
        .join("\n")}`;
      console.log(`multi-instance: killed at ${atKill}/${CHATS}, lost ${lost}, duplicates ${duplicates}`);
      expect(lost, context).toBe(0);
      // The three instances together kept to 30 messages a second (their shared send rate on Postgres).
      expect(fake.rateLimitedBy, context).toEqual({ chat: 0, group: 0, global: 0 });
      expect(
        fake.sends().every((c) => c.method === "sendPhoto"),
        context,
      ).toBe(true);
      // What the victim had sent but not yet recorded when it died: one post, rarely two on a loaded machine.
      expect(duplicates, context).toBeLessThanOrEqual(2);
      expect(fake.callsOf("setWebhook")).toHaveLength(1);
      expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
      // Each delivery is in the shared ledger once, as sent.
      const ledger = await schema.pool.query(
        "SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status",
      );
      expect(ledger.rows, context).toEqual([{ status: "sent", n: CHATS }]);
      // The digests ran as pg-boss jobs: one per schedule and local date, each completed (the victim's taken
      // over after their lease), however many instances offered the plan.
      const jobs = await schema.pool.query(
        `SELECT state, count(*)::int AS n FROM ${schema.name}_pgboss.job WHERE name = 'riskon-digest-telegram' GROUP BY state`,
      );
      expect(jobs.rows, context).toEqual([{ state: "completed", n: CHATS }]);
    } finally {
      for (const child of instances)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await Promise.all(instances.map(exited));
      await fake.close();
    }
  }, 300_000);
});
