import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DigestSchedule, DigestStore } from "../../src/core/digest.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { openDatabase } from "../../src/storage/sqlite.ts";
import { SqliteDigestStore } from "../../src/storage/sqlite-digest-store.ts";

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

// One contract, every implementation (the memory store backs tests and the console, SQLite the bot).
describe.each([
  ["memory", () => new MemoryDigestStore()],
  ["sqlite", () => new SqliteDigestStore(openDatabase(":memory:"))],
] as Array<[string, () => DigestStore]>)("DigestStore contract: %s", (_name, make) => {
  it("saves, reads, updates and removes a schedule per chat", async () => {
    const store = make();
    await store.saveSchedule(schedule);
    expect(await store.getSchedule(schedule)).toEqual(schedule);
    await store.saveSchedule({ ...schedule, paused: true });
    expect(await store.listSchedules()).toEqual([{ ...schedule, paused: true }]);
    expect(await store.removeSchedule(schedule)).toBe(true);
    expect(await store.removeSchedule(schedule)).toBe(false);
    expect(await store.getSchedule(schedule)).toBeNull();
  });

  it("claims a delivery once; only a retry may be claimed again", async () => {
    const store = make();
    expect(await store.claimDelivery("k", 10)).toBe(true);
    expect(await store.claimDelivery("k", 11)).toBe(false); // pending: interrupted or in flight
    await store.finishDelivery("k", "retry", 12, "429");
    expect(await store.claimDelivery("k", 13)).toBe(true);
    expect((await store.getDelivery("k"))?.attempts).toBe(2);
    await store.finishDelivery("k", "sent", 14);
    expect(await store.claimDelivery("k", 15)).toBe(false);
    expect(await store.getDelivery("k")).toMatchObject({ status: "sent", updatedAt: 14 });
  });

  it("subscriptions and meta", async () => {
    const store = make();
    const sub = { platform: "telegram" as const, chatId: "-100", createdBy: "m", createdAt: 5 };
    await store.setSubscription(sub, true);
    expect(await store.getSubscription(sub)).toEqual(sub);
    expect(await store.listSubscriptions()).toEqual([sub]);
    await store.setSubscription(sub, false);
    expect(await store.listSubscriptions()).toEqual([]);
    await store.setMeta("x", "1");
    await store.setMeta("x", "2");
    expect(await store.getMeta("x")).toBe("2");
    expect(await store.getMeta("y")).toBeNull();
  });
});

describe("SQLite digest store on disk", () => {
  it("keeps schedules and the ledger across a restart", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "riskon-db-")), "riskon.db");
    const first = new SqliteDigestStore(openDatabase(path));
    await first.saveSchedule(schedule);
    await first.claimDelivery("digest:discord:c1:2026-11-23:480@UTC", 1);
    const second = new SqliteDigestStore(openDatabase(path));
    expect(await second.getSchedule(schedule)).toEqual(schedule);
    expect(await second.claimDelivery("digest:discord:c1:2026-11-23:480@UTC", 2)).toBe(false);
  });
});
