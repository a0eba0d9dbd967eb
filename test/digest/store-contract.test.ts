import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DigestSchedule, type DigestStore, dueAt } from "../../src/core/schedules/digest.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { migratePostgres } from "../../src/storage/postgres/migrate.ts";
import { CLAIM_LEASE_MS, PgDigestStore } from "../../src/storage/postgres/pg-digest-store.ts";
import { openDatabase } from "../../src/storage/sqlite.ts";
import { SqliteDigestStore } from "../../src/storage/sqlite-digest-store.ts";
import { freshSchema, hasPostgres, type TestSchema } from "../support/postgres.ts";

const schedule: DigestSchedule = {
  platform: "discord",
  chatId: "c1",
  minuteOfDay: 480,
  timeZone: "Europe/Berlin",
  days: "weekdays",
  content: "both",
  theme: "light",
  mentionRoleId: "99",
  createdBy: "u1",
  paused: false,
  createdAt: 1,
  checkedUntil: 2,
};

const schemas: TestSchema[] = [];
afterAll(async () => {
  await Promise.all(schemas.map((s) => s.drop()));
});

/** A Postgres store in a schema of its own, migrated as at start. */
async function postgresStore(): Promise<DigestStore> {
  const schema = await freshSchema();
  schemas.push(schema);
  await migratePostgres(schema.pool);
  // The contract's crash takeover is the embedded stores' (no lease); the lease has its own test below.
  return new PgDigestStore(schema.pool, { claimLeaseMs: 0 });
}

// One contract, every implementation (the memory store backs tests and the console, SQLite the bot, Postgres
// a deployment of several instances).
describe.each([
  ["memory", async () => new MemoryDigestStore()],
  ["sqlite", async () => new SqliteDigestStore(openDatabase(":memory:"))],
  ...(hasPostgres ? [["postgres", postgresStore]] : []),
] as Array<[string, () => Promise<DigestStore>]>)("DigestStore contract: %s", (_name, make) => {
  it("keeps a chat's settings beside its schedule: saved, replaced, removed, per chat", async () => {
    const store = await make();
    const settings = {
      platform: "telegram" as const,
      chatId: "-1001",
      defaults: { vs: "eth", range: "1y" },
      timeZone: "Asia/Tokyo",
      updatedBy: "u1",
      updatedAt: 5,
    };
    expect(await store.getChatSettings(settings)).toBeNull();
    await store.saveChatSettings(settings);
    await store.saveChatSettings({ ...settings, chatId: "-1002", defaults: {} });
    expect(await store.getChatSettings(settings)).toEqual(settings);
    await store.saveChatSettings({ ...settings, defaults: { index: "value" } });
    expect((await store.getChatSettings(settings))?.defaults).toEqual({ index: "value" });
    expect(await store.removeChatSettings(settings)).toBe(true);
    expect(await store.removeChatSettings(settings)).toBe(false);
    expect(await store.getChatSettings({ platform: "telegram", chatId: "-1002" })).toMatchObject({
      defaults: {},
    });
  });

  it("saves, reads, updates and removes a schedule per chat", async () => {
    const store = await make();
    await store.saveSchedule(schedule);
    expect(await store.getSchedule(schedule)).toEqual(schedule);
    await store.saveSchedule({ ...schedule, paused: true });
    expect(await store.listSchedules()).toEqual([{ ...schedule, paused: true }]);
    expect(await store.removeSchedule(schedule)).toBe(true);
    expect(await store.removeSchedule(schedule)).toBe(false);
    expect(await store.getSchedule(schedule)).toBeNull();
  });

  it("claims a delivery once per run; a retry, or a pending send of another (crashed) run, may be claimed again", async () => {
    const store = await make();
    expect(await store.claimDelivery("k", 10, "run-1")).toBe(true);
    expect(await store.claimDelivery("k", 11, "run-1")).toBe(false); // pending: in flight in this run
    await store.finishDelivery("k", "retry", 12, "429");
    expect(await store.claimDelivery("k", 13, "run-1")).toBe(true);
    expect((await store.getDelivery("k"))?.attempts).toBe(2);
    // run-1 dies with k pending; run-2 takes it over, once.
    expect(await store.claimDelivery("k", 14, "run-2")).toBe(true);
    expect(await store.getDelivery("k")).toMatchObject({ status: "pending", owner: "run-2", attempts: 3 });
    expect(await store.claimDelivery("k", 15, "run-2")).toBe(false);
    await store.finishDelivery("k", "sent", 16);
    expect(await store.claimDelivery("k", 17, "run-3")).toBe(false);
    expect(await store.getDelivery("k")).toMatchObject({ status: "sent", updatedAt: 16 });
    for (const status of ["failed", "skipped"] as const) {
      await store.finishDelivery(`k-${status}`, status, 18);
      expect(await store.claimDelivery(`k-${status}`, 19, "run-4")).toBe(false);
    }
  });

  it("subscriptions and meta", async () => {
    const store = await make();
    const sub = { platform: "telegram" as const, chatId: "-100", createdBy: "m", createdAt: 5 };
    await store.setSubscription(sub, true);
    expect(await store.getSubscription(sub)).toEqual(sub);
    expect(await store.listSubscriptions()).toEqual([sub]);
    // Turned on again in a forum topic: the topic is kept, the first creator and time too.
    await store.setSubscription({ ...sub, threadId: "88" }, true);
    expect(await store.getSubscription(sub)).toEqual({ ...sub, threadId: "88" });
    await store.setSubscription(sub, false);
    expect(await store.listSubscriptions()).toEqual([]);
    await store.setMeta("x", "1");
    await store.setMeta("x", "2");
    expect(await store.getMeta("x")).toBe("2");
    expect(await store.getMeta("y")).toBeNull();
    // A lease on a step: one holder at a time, taken over once it ended.
    expect(await store.claimMeta("step", 1_000, 60_000)).toBe(true);
    expect(await store.claimMeta("step", 30_000, 60_000)).toBe(false);
    expect(await store.claimMeta("step", 61_000, 60_000)).toBe(true);
    expect(await store.claimMeta("step", 61_001, 60_000)).toBe(false);
    const together = await Promise.all([0, 1, 2].map(() => store.claimMeta("together", 5, 1_000)));
    expect(together.filter(Boolean)).toHaveLength(1);
  });

  it("lists only the schedules due by a time, not paused ones; a moved checkpoint moves the due time", async () => {
    const store = await make();
    // 08:00 Europe/Berlin; checkpoint 2026-11-23 06:00 UTC: next possible fire 07:00 UTC that day (CET, UTC+1).
    const monday6 = Date.UTC(2026, 10, 23, 6, 0);
    const at7 = Date.UTC(2026, 10, 23, 7, 0);
    const base = { ...schedule, checkedUntil: monday6 };
    expect(dueAt(base)).toBe(at7);
    await store.saveSchedule(base);
    await store.saveSchedule({ ...base, chatId: "c2", paused: true });
    await store.saveSchedule({ ...base, chatId: "c3", minuteOfDay: 600 });
    expect(await store.listDueSchedules(at7 - 1)).toEqual([]);
    expect((await store.listDueSchedules(at7)).map((s) => s.chatId)).toEqual(["c1"]);
    expect((await store.listDueSchedules(at7 + 2 * 3600_000)).map((s) => s.chatId).sort()).toEqual([
      "c1",
      "c3",
    ]);
    await store.saveSchedule({ ...base, checkedUntil: at7 });
    expect((await store.listDueSchedules(at7 + 2 * 3600_000)).map((s) => s.chatId)).toEqual(["c3"]);
    // A time zone that cannot be computed is due at once, so the next tick pauses it and says why.
    await store.saveSchedule({ ...base, chatId: "c4", timeZone: "Mars/Olympus" });
    expect((await store.listDueSchedules(monday6)).map((s) => s.chatId)).toEqual(["c4"]);
  });

  it("prunes ledger entries older than a time, whatever their status", async () => {
    const store = await make();
    await store.finishDelivery("old-sent", "sent", 100);
    await store.claimDelivery("old-pending", 100, "run-1");
    await store.finishDelivery("new", "sent", 300);
    expect(await store.pruneDeliveries(200)).toBe(2);
    expect(await store.getDelivery("old-sent")).toBeNull();
    expect(await store.getDelivery("new")).toMatchObject({ status: "sent" });
    expect(await store.pruneDeliveries(200)).toBe(0);
  });

  it("prunes the meta entries of a prefix last written before a time, and nothing else", async () => {
    const store = await make();
    await store.claimMeta("lease.a", 100, 50); // written at 100
    await store.claimMeta("lease.b", 300, 50); // written at 300
    await store.claimMeta("lease%wild", 100, 50); // a name a LIKE pattern "lease%" would also take
    await store.setMeta("photo.x", "id-1"); // written now (the wall clock)
    await store.setMeta("other", "kept");
    expect(await store.pruneMeta("lease.", 200)).toBe(1);
    expect(await store.getMeta("lease.a")).toBeNull();
    expect(await store.getMeta("lease.b")).toBe("350");
    expect(await store.getMeta("lease%wild")).toBe("150");
    // A claim taken over writes the entry again: it is kept as long as from then.
    expect(await store.claimMeta("lease.b", 400, 50)).toBe(true);
    expect(await store.pruneMeta("lease.", 399)).toBe(0);
    expect(await store.pruneMeta("photo.", Date.now() - 60_000)).toBe(0);
    expect(await store.pruneMeta("photo.", Date.now() + 60_000)).toBe(1);
    expect(await store.getMeta("photo.x")).toBeNull();
    expect(await store.getMeta("other")).toBe("kept");
  });

  it("lists the failed deliveries since a time, newest first, up to a limit", async () => {
    const store = await make();
    await store.finishDelivery("a", "failed", 100, "dead letter after 5 tries");
    await store.finishDelivery("b", "failed", 300, "403");
    await store.finishDelivery("c", "sent", 400);
    await store.finishDelivery("d", "failed", 200);
    expect((await store.listFailedDeliveries(150, 10)).map((d) => d.key)).toEqual(["b", "d"]);
    expect((await store.listFailedDeliveries(0, 1)).map((d) => [d.key, d.detail])).toEqual([["b", "403"]]);
  });
});

describe.skipIf(!hasPostgres)("Postgres digest store", () => {
  it("two instances claiming the same deliveries at once: each key goes to exactly one", async () => {
    const schema = await freshSchema();
    schemas.push(schema);
    await Promise.all([migratePostgres(schema.pool), migratePostgres(schema.pool)]);
    const a = new PgDigestStore(schema.pool);
    const b = new PgDigestStore(schema.pool);
    const keys = Array.from({ length: 200 }, (_, i) => `digest:telegram:${i}:2026-11-23:480@UTC`);
    const results = await Promise.all(
      keys.flatMap((key) => [a.claimDelivery(key, 1, "run-a"), b.claimDelivery(key, 1, "run-b")]),
    );
    expect(results.filter(Boolean)).toHaveLength(keys.length);
    // A claim stays its instance's for the lease; after it (that instance was killed mid-send), another takes it.
    const key = keys[0] ?? "";
    const holder = results[0] ? "run-a" : "run-b";
    const other = holder === "run-a" ? b : a;
    expect(await other.claimDelivery(key, 1 + CLAIM_LEASE_MS - 1, "run-c")).toBe(false);
    expect(await other.claimDelivery(key, 1 + CLAIM_LEASE_MS, "run-c")).toBe(true);
    expect(await other.getDelivery(key)).toMatchObject({ status: "pending", owner: "run-c", attempts: 2 });
  });

  it("applies each numbered migration once, however many instances start together", async () => {
    const schema = await freshSchema();
    schemas.push(schema);
    const versions = await Promise.all([1, 2, 3].map(() => migratePostgres(schema.pool)));
    expect(new Set(versions).size).toBe(1);
    const applied = await schema.pool.query("SELECT version FROM riskon_schema ORDER BY version");
    expect(applied.rows.map((r) => r.version)).toEqual(applied.rows.map((_, i) => i + 1));
  });
});

describe("SQLite digest store on disk", () => {
  it("keeps schedules and the ledger across a restart", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "riskon-db-")), "riskon.db");
    const first = new SqliteDigestStore(openDatabase(path));
    await first.saveSchedule(schedule);
    await first.claimDelivery("digest:discord:c1:2026-11-23:480@UTC", 1, "run-1");
    await first.claimDelivery("digest:discord:c1:2026-11-24:480@UTC", 1, "run-1");
    await first.finishDelivery("digest:discord:c1:2026-11-24:480@UTC", "sent", 2);
    const second = new SqliteDigestStore(openDatabase(path));
    expect(await second.getSchedule(schedule)).toEqual(schedule);
    // The first run's pending send was cut off: the next run resumes it; the sent one stays sent.
    expect(await second.claimDelivery("digest:discord:c1:2026-11-23:480@UTC", 3, "run-2")).toBe(true);
    expect(await second.claimDelivery("digest:discord:c1:2026-11-24:480@UTC", 3, "run-2")).toBe(false);
  });

  it("upgrades a version-1 ledger: a pending entry from before owners were recorded is resumed", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "riskon-db-")), "riskon.db");
    const db = openDatabase(path);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT, version INTEGER, name TEXT, applied_at TEXT);
      INSERT INTO schema_migrations VALUES ('digests', 1, 'v1', '2026-01-01');
      CREATE TABLE digest_schedules (platform TEXT NOT NULL, chat_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (platform, chat_id));
      CREATE TABLE alert_subscriptions (platform TEXT NOT NULL, chat_id TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (platform, chat_id));
      CREATE TABLE deliveries (key TEXT PRIMARY KEY, status TEXT NOT NULL, attempts INTEGER NOT NULL, detail TEXT, updated_at INTEGER NOT NULL);
      CREATE TABLE digest_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO deliveries VALUES ('old', 'pending', 1, NULL, 1);`);
    db.close();
    const store = new SqliteDigestStore(openDatabase(path));
    expect(await store.claimDelivery("old", 2, "run-2")).toBe(true);
  });
});
