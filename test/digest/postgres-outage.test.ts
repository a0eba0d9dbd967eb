// Postgres restarting under load, and a pool with no free connection. The server's restart is played by a TCP
// proxy in front of it (test/support/tcp-proxy.ts): every connection reset, new ones refused for three seconds,
// then accepted again, while 300 digests are being sent as jobs. Counted from what the sender got: none lost,
// none sent twice except the few whose result the outage cut off, and the process carried on by itself.
import { afterAll, describe, expect, it } from "vitest";
import { type ComposedDigest, DigestScheduler } from "../../src/app/digest-scheduler.ts";
import { queueDigests } from "../../src/app/runtime.ts";
import type { DigestSchedule, Sender } from "../../src/core/schedules/digest.ts";
import { migratePostgres } from "../../src/storage/postgres/migrate.ts";
import { openPool, PgDigestStore } from "../../src/storage/postgres/pg-digest-store.ts";
import { openPgJobs } from "../../src/storage/postgres/pg-jobs.ts";
import { freshSchema, hasPostgres, TEST_DATABASE_URL, type TestSchema } from "../support/postgres.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

const CHATS = 300;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function schedule(chatId: string, minuteOfDay: number, now: number): DigestSchedule {
  return {
    platform: "telegram",
    chatId,
    minuteOfDay,
    timeZone: "UTC",
    days: "every",
    content: "russell",
    theme: "light",
    createdBy: "u1",
    paused: false,
    createdAt: 0,
    checkedUntil: now - 120_000,
  };
}

describe.skipIf(!hasPostgres)("Postgres faults", () => {
  let schema: TestSchema | undefined;
  afterAll(async () => {
    await schema?.drop();
  });

  it("a server restart in the middle of 300 digest jobs: 0 lost, duplicates only from sends cut off, no crash", async () => {
    schema = await freshSchema();
    await migratePostgres(schema.pool);
    const server = new URL(TEST_DATABASE_URL);
    const proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    const url = schema.url.replace(server.host, `127.0.0.1:${proxy.port}`);
    const pool = openPool(url, { connectionTimeoutMillis: 1000 });
    const logs: string[] = [];
    const log = (message: string, error?: unknown) =>
      logs.push(error ? `${message}: ${String(error)}` : message);
    const jobs = await openPgJobs(url, pool, { leaseMs: 3000, log });
    const store = new PgDigestStore(pool, { claimLeaseMs: 3000 });
    const now = Date.now();
    const minute = Math.floor((now % 86_400_000) / 60_000);
    const chats = Array.from({ length: CHATS }, (_, i) => `-200${String(i).padStart(6, "0")}`);
    for (const chatId of chats) await store.saveSchedule(schedule(chatId, minute, now));
    const received: string[] = [];
    const sender: Sender = {
      platform: "telegram",
      async send(chatId) {
        await sleep(15); // an upload's time
        received.push(chatId);
      },
      async notifyUser() {
        return true;
      },
    };
    const scheduler = new DigestScheduler({
      store,
      senders: new Map([["telegram", sender]]),
      compose: async (): Promise<ComposedDigest> => ({
        asOf: "2026-12-02",
        message: { replies: [], text: "digest" },
      }),
      isMarketDay: () => true,
      clock: Date.now,
      sleep,
      log,
    });
    try {
      await queueDigests(scheduler, jobs, { tickMs: 1000, senders: new Map([["telegram", sender]]) });
      for (let i = 0; i < 600 && received.length < CHATS / 3; i++) await sleep(50);
      expect(received.length).toBeGreaterThan(0);
      const atCut = new Set(received).size;
      await proxy.cut(); // the server goes down: every connection reset, new ones refused
      await sleep(3000);
      await proxy.restore();
      for (let i = 0; i < 1200 && new Set(received).size < CHATS; i++) await sleep(50);
      const lost = chats.filter((c) => !received.includes(c)).length;
      const duplicates = received.length - new Set(received).size;
      console.log(`postgres outage: cut at ${atCut}/${CHATS}, lost ${lost}, duplicates ${duplicates}`);
      expect(lost, logs.slice(-20).join("\n")).toBe(0);
      // At most what was in flight when the connections dropped (30 sends at once per platform).
      expect(duplicates).toBeLessThanOrEqual(30);
      // Said in the log, not thrown: the job queue and the deliveries saw the outage and carried on.
      expect(logs.some((l) => /job|digest/.test(l))).toBe(true);
    } finally {
      await jobs.stop().catch(() => {});
      await pool.end().catch(() => {});
      await proxy.close();
    }
  }, 120_000);
});

describe.skipIf(!hasPostgres)("Postgres faults: the pool", () => {
  let schema: TestSchema | undefined;
  afterAll(async () => {
    await schema?.drop();
  });

  it("a pool with no free connection: a store call fails within its timeout with a clear error, then works again", async () => {
    schema ??= await freshSchema();
    await migratePostgres(schema.pool);
    const pool = openPool(schema.url, { max: 1, connectionTimeoutMillis: 300 });
    const store = new PgDigestStore(pool);
    const held = await pool.connect(); // every connection in use (a long report, a leak)
    try {
      const started = Date.now();
      await expect(store.getSchedule({ platform: "telegram", chatId: "-1" })).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      held.release();
    }
    expect(await store.getSchedule({ platform: "telegram", chatId: "-1" })).toBeNull();
    await pool.end();
  });
});
