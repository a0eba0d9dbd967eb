import { describe, expect, it } from "vitest";
import {
  type ComposedDigest,
  DigestScheduler,
  type DigestSchedulerDeps,
  type TickReport,
} from "../../src/app/digest-scheduler.ts";
import {
  type DigestSchedule,
  type DigestStore,
  MAX_DELIVERY_CLAIMS,
  type OutgoingMessage,
  PermanentSendError,
  RetryableSendError,
  type Sender,
} from "../../src/core/schedules/digest.ts";
import { wallTimeAt } from "../../src/core/schedules/zoned-time.ts";
import { PLATFORM_NOTES_KEPT } from "../../src/platforms/start.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { openDatabase } from "../../src/storage/sqlite.ts";
import { SqliteDigestStore } from "../../src/storage/sqlite-digest-store.ts";

const utc = (iso: string) => Date.parse(iso);
const MIN = 60_000;

class FakeSender implements Sender {
  readonly platform = "telegram" as const;
  readonly sent: Array<{ chatId: string; at: number; message: OutgoingMessage }> = [];
  readonly notified: string[] = [];
  readonly notes: string[] = [];
  failures = new Map<string, Error[]>();
  constructor(private readonly clock: () => number) {}
  async send(chatId: string, message: OutgoingMessage): Promise<void> {
    const queued = this.failures.get(chatId);
    const failure = queued?.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, at: this.clock(), message });
  }
  async notifyUser(userId: string, text: string): Promise<boolean> {
    this.notified.push(userId);
    this.notes.push(text);
    return true;
  }
}

function world(start: string, store: DigestStore = new MemoryDigestStore()) {
  let now = utc(start);
  const clock = () => now;
  const sender = new FakeSender(clock);
  const logs: string[] = [];
  let composed = 0;
  const holidays = new Set(["2026-11-26", "2026-12-25"]);
  const deps: DigestSchedulerDeps = {
    store,
    senders: new Map([["telegram", sender]]),
    compose: async (content, theme): Promise<ComposedDigest> => {
      composed++;
      return { asOf: "2026-08-21", message: { replies: [], text: `${content}/${theme}` } };
    },
    isMarketDay: (d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) && !holidays.has(d),
    clock,
    sleep: async () => {},
    log: (m) => logs.push(m),
  };
  const scheduler = new DigestScheduler(deps);
  return {
    store,
    sender,
    logs,
    deps,
    scheduler,
    composed: () => composed,
    /** Advances the fake clock in steps, ticking after each: days of schedules in milliseconds. */
    async runUntil(iso: string, stepMs = 5 * MIN) {
      const end = utc(iso);
      while (now < end) {
        now = Math.min(now + stepMs, end);
        await scheduler.tick();
      }
    },
    setNow(iso: string) {
      now = utc(iso);
    },
  };
}

/** A reply as a command makes it: the scheduler names a digest's posts by `data.command`. */
function commandReply(command: string) {
  return { title: command, lines: [], notes: [], sources: [], data: { command } };
}

function schedule(chatId: string, fields: Partial<DigestSchedule> = {}): DigestSchedule {
  return {
    platform: "telegram",
    chatId,
    minuteOfDay: 8 * 60,
    timeZone: "Europe/Berlin",
    days: "every",
    content: "russell",
    theme: "dark",
    createdBy: "u1",
    paused: false,
    createdAt: 0,
    checkedUntil: utc("2026-03-20T00:00:00Z"),
    ...fields,
  };
}

describe("digest scheduler", () => {
  it("fires at the local time on both sides of DST in Berlin and New York, once a day", async () => {
    const w = world("2026-03-01T00:00:00Z");
    await w.store.saveSchedule(schedule("berlin", { checkedUntil: utc("2026-03-01T00:00:00Z") }));
    await w.store.saveSchedule(
      schedule("ny", {
        timeZone: "America/New_York",
        minuteOfDay: 17 * 60,
        checkedUntil: utc("2026-03-01T00:00:00Z"),
      }),
    );
    await w.runUntil("2026-04-05T00:00:00Z", 10 * MIN);
    for (const [chat, zone, minute] of [
      ["berlin", "Europe/Berlin", 480],
      ["ny", "America/New_York", 1020],
    ] as const) {
      const sends = w.sender.sent.filter((s) => s.chatId === chat);
      expect(sends).toHaveLength(35); // 2026-03-01 .. 2026-04-04
      for (const s of sends) {
        const wall = wallTimeAt(s.at, zone);
        expect(wall.minuteOfDay - minute).toBeGreaterThanOrEqual(0);
        expect(wall.minuteOfDay - minute).toBeLessThan(10); // within one tick of the local time
      }
      expect(new Set(sends.map((s) => wallTimeAt(s.at, zone).date)).size).toBe(35);
    }
  });

  it("weekdays and US market days skip weekends and holidays", async () => {
    const w = world("2026-11-23T00:00:00Z");
    const from = utc("2026-11-23T00:00:00Z");
    await w.store.saveSchedule(
      schedule("wd", { days: "weekdays", timeZone: "America/New_York", checkedUntil: from }),
    );
    await w.store.saveSchedule(
      schedule("md", { days: "market", timeZone: "America/New_York", checkedUntil: from }),
    );
    await w.runUntil("2026-11-30T23:00:00Z", 30 * MIN);
    const days = (chat: string) =>
      w.sender.sent.filter((s) => s.chatId === chat).map((s) => wallTimeAt(s.at, "America/New_York").date);
    expect(days("wd")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-30",
    ]);
    expect(days("md")).toEqual(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30"]); // Thanksgiving off
  });

  it("pause and resume: nothing during the pause, nothing owed after it", async () => {
    const w = world("2026-03-20T00:00:00Z");
    await w.store.saveSchedule(schedule("c"));
    await w.runUntil("2026-03-21T00:00:00Z");
    const s = await w.store.getSchedule({ platform: "telegram", chatId: "c" });
    await w.store.saveSchedule({ ...(s as DigestSchedule), paused: true });
    await w.runUntil("2026-03-24T00:00:00Z");
    const paused = await w.store.getSchedule({ platform: "telegram", chatId: "c" });
    await w.store.saveSchedule({ ...(paused as DigestSchedule), paused: false });
    await w.runUntil("2026-03-25T12:00:00Z");
    expect(w.sender.sent.map((x) => wallTimeAt(x.at, "Europe/Berlin").date)).toEqual([
      "2026-03-20",
      "2026-03-24",
      "2026-03-25",
    ]);
  });

  it("a restart before the due time sends once; after it, within grace, sends once late; past grace skips", async () => {
    const store = new MemoryDigestStore();
    const a = world("2026-03-20T06:00:00Z", store);
    await store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:00:00Z") }));
    await a.runUntil("2026-03-20T06:50:00Z"); // process stops at 07:50 Berlin, before 08:00
    const b = world("2026-03-20T06:50:00Z", store); // restarted process, same store
    await b.runUntil("2026-03-20T08:00:00Z");
    expect(a.sender.sent.length + b.sender.sent.length).toBe(1);

    // Down from 2026-03-21 06:00Z to 09:00Z (due 07:00Z, 2h late): sent once on restart.
    const c = world("2026-03-21T09:00:00Z", store);
    await c.scheduler.tick();
    await c.scheduler.tick();
    expect(c.sender.sent).toHaveLength(1);

    // Down for two days: 03-22 is 27h late (skipped, logged), 03-23 is 1h late (sent).
    const d = world("2026-03-23T08:00:00Z", store);
    await d.scheduler.tick();
    expect(d.sender.sent).toHaveLength(1);
    expect(d.logs.some((l) => l.includes("2026-03-22") && l.includes("skipped"))).toBe(true);
    expect((await store.getDelivery("digest:telegram:c:2026-03-22:480@Europe/Berlin"))?.status).toBe(
      "skipped",
    );
  });

  it("a process killed between sending and recording sends again after the restart: nothing is lost", async () => {
    const store = new MemoryDigestStore();
    const crashing: DigestStore = Object.create(store);
    crashing.finishDelivery = async () => {
      throw new Error("killed"); // the message went out, the process died before the ledger said "sent"
    };
    const a = world("2026-03-20T06:55:00Z", crashing);
    await store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    await a.runUntil("2026-03-20T07:05:00Z").catch(() => {});
    expect(a.sender.sent).toHaveLength(1);
    const b = world("2026-03-20T07:10:00Z", store); // restart with the real store
    await b.runUntil("2026-03-20T08:00:00Z");
    // The one post that was in flight at the kill arrives twice; that is the most a crash may cost.
    expect(b.sender.sent).toHaveLength(1);
    expect((await store.getDelivery("digest:telegram:c:2026-03-20:480@Europe/Berlin"))?.status).toBe("sent");
    expect(b.logs.filter((l) => l.includes("resuming a send that a restart cut off"))).toHaveLength(1);
  });

  it("a send cut off by a crash and found after the grace window is skipped and logged, not sent late", async () => {
    const store = new MemoryDigestStore();
    await store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    await store.claimDelivery(
      "digest:telegram:c:2026-03-20:480@Europe/Berlin",
      utc("2026-03-20T07:00:00Z"),
      "dead",
    );
    const b = world("2026-03-20T11:00:00Z", store);
    await b.scheduler.tick();
    expect(b.sender.sent).toHaveLength(0);
    expect((await store.getDelivery("digest:telegram:c:2026-03-20:480@Europe/Berlin"))?.status).toBe(
      "skipped",
    );
    expect(b.logs.some((l) => l.includes("cut off by a restart"))).toBe(true);
  });

  it("a removed chat pauses its schedule, turns its alerts off and tells the moderator", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(
      schedule("gone", { checkedUntil: utc("2026-03-20T06:55:00Z"), createdBy: "mod7" }),
    );
    await w.store.setSubscription(
      { platform: "telegram", chatId: "gone", createdBy: "mod7", createdAt: 0 },
      true,
    );
    w.sender.failures.set("gone", [new PermanentSendError("403 Forbidden: bot was kicked")]);
    await w.runUntil("2026-03-22T08:00:00Z");
    const s = await w.store.getSchedule({ platform: "telegram", chatId: "gone" });
    expect(s?.paused).toBe(true);
    expect(s?.pausedReason).toContain("bot was kicked");
    expect(w.sender.sent).toHaveLength(0);
    expect(w.sender.notified).toEqual(["mod7"]);
    expect(await w.store.getSubscription({ platform: "telegram", chatId: "gone" })).toBeNull();
  });

  it("a transient failure is retried and delivered once", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(schedule("flaky", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    const busy = () => new RetryableSendError("429 Too Many Requests");
    w.sender.failures.set("flaky", [busy(), busy(), busy(), busy()]); // 3 attempts fail in the 07:00Z tick
    await w.runUntil("2026-03-20T07:00:00Z");
    expect(w.sender.sent).toHaveLength(0);
    expect((await w.store.getDelivery("digest:telegram:flaky:2026-03-20:480@Europe/Berlin"))?.status).toBe(
      "retry",
    );
    await w.runUntil("2026-03-20T07:30:00Z");
    expect(w.sender.sent).toHaveLength(1);
    expect((await w.store.getDelivery("digest:telegram:flaky:2026-03-20:480@Europe/Berlin"))?.status).toBe(
      "sent",
    );
  });

  it("a delivery that keeps failing is given up after MAX_DELIVERY_CLAIMS tries: the dead-letter state, not retried", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(schedule("down", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    w.sender.failures.set(
      "down",
      Array.from({ length: 100 }, () => new RetryableSendError("502 Bad Gateway")),
    );
    const reports: TickReport[] = [];
    for (let minute = 0; minute < 30; minute++) {
      w.setNow(new Date(utc("2026-03-20T07:00:00Z") + minute * MIN).toISOString());
      reports.push(await w.scheduler.tick());
    }
    const key = "digest:telegram:down:2026-03-20:480@Europe/Berlin";
    const entry = await w.store.getDelivery(key);
    expect(entry?.status).toBe("failed");
    expect(entry?.detail).toMatch(/^dead letter after 5 tries of 3 attempts: 502 Bad Gateway$/);
    // 5 ticks of 3 attempts each, then nothing more: the other 85 scripted failures are never reached.
    expect(w.sender.failures.get("down")).toHaveLength(100 - MAX_DELIVERY_CLAIMS * 3);
    expect(reports.reduce((n, r) => n + r.dead, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.deferred, 0)).toBe(MAX_DELIVERY_CLAIMS - 1);
    expect(await w.store.listFailedDeliveries(0, 10)).toEqual([entry]);
  });

  it("a digest moved to a later time on the day it went out still goes out at the new time", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    await w.runUntil("2026-03-20T09:00:00Z"); // 08:00 Berlin sent
    // At 10:00 Berlin the moderator moves it to 18:00 (what /digest set stores: checked from now on).
    const s = (await w.store.getSchedule({ platform: "telegram", chatId: "c" })) as DigestSchedule;
    await w.store.saveSchedule({ ...s, minuteOfDay: 18 * 60, checkedUntil: utc("2026-03-20T09:00:00Z") });
    await w.runUntil("2026-03-21T00:00:00Z");
    expect(w.sender.sent.map((x) => wallTimeAt(x.at, "Europe/Berlin").minuteOfDay)).toEqual([480, 1080]);
    // Setting the same time again the same day owes nothing more.
    const again = (await w.store.getSchedule({ platform: "telegram", chatId: "c" })) as DigestSchedule;
    await w.store.saveSchedule({ ...again, checkedUntil: utc("2026-03-20T17:30:00Z") });
    await w.runUntil("2026-03-21T00:30:00Z");
    expect(w.sender.sent).toHaveLength(2);
  });

  it("US market days follow New York's date: 08:00 Tokyo fires Tuesday to Saturday, after each session", async () => {
    // 2026-11-23 is a Monday; Thanksgiving (11-26) is closed. 08:00 Tokyo is 18:00 New York the day before.
    const w = world("2026-11-22T00:00:00Z");
    await w.store.saveSchedule(
      schedule("tokyo", {
        days: "market",
        timeZone: "Asia/Tokyo",
        checkedUntil: utc("2026-11-22T00:00:00Z"),
      }),
    );
    await w.runUntil("2026-12-01T00:00:00Z", 30 * MIN);
    const days = w.sender.sent.map((s) => wallTimeAt(s.at, "Asia/Tokyo").date);
    // Tokyo Mon 11-23 is NY Sunday (no fire); Fri 11-27 is NY Thanksgiving (no fire); Sat 11-28 is NY Friday;
    // Sun 11-29 and Mon 11-30 are the NY weekend; Tue 12-01 08:00 Tokyo (NY Mon 11-30) is inside the run.
    expect(days).toEqual(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-28", "2026-12-01"]);
  });

  it("a hard kill mid fan-out loses nothing: the sends in flight and the unclaimed rest go out after the restart", async () => {
    const store = new MemoryDigestStore();
    const a = world("2026-03-20T06:59:00Z", store);
    for (let i = 0; i < 100; i++) {
      await store.saveSchedule(schedule(`chat${i}`, { checkedUntil: utc("2026-03-20T06:59:00Z") }));
    }
    // The platform takes each send and never answers: the process is killed while 100 chats are due.
    a.sender.send = () => new Promise<void>(() => {});
    a.setNow("2026-03-20T07:00:30Z");
    void a.scheduler.tick();
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    const key = (i: number) => `digest:telegram:chat${i}:2026-03-20:480@Europe/Berlin`;
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => (await store.getDelivery(key(i)))?.status),
    );
    expect(statuses.filter((x) => x === "pending")).toHaveLength(30); // the default 30 in flight
    expect(statuses.filter((x) => x === undefined)).toHaveLength(70); // not claimed yet

    const b = world("2026-03-20T07:02:00Z", store); // restarted process
    await b.scheduler.tick();
    expect(new Set(b.sender.sent.map((x) => x.chatId)).size).toBe(100);
    expect(b.sender.sent).toHaveLength(100);
    expect(b.logs.filter((l) => l.includes("resuming"))).toHaveLength(30);
    await b.scheduler.tick();
    expect(b.sender.sent).toHaveLength(100); // and once only
  });

  it("a digest of two replies is one post, carrying its ledger key for platforms that deduplicate", async () => {
    const w = world("2026-03-20T06:55:00Z");
    const scheduler = new DigestScheduler({
      ...w.deps,
      compose: async (): Promise<ComposedDigest> => ({
        asOf: "2026-03-19",
        message: { replies: [commandReply("russell"), commandReply("altseason")] },
      }),
    });
    await w.store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    w.setNow("2026-03-20T07:00:30Z");
    expect(await scheduler.tick()).toMatchObject({ sent: 1 });
    expect(w.sender.sent).toHaveLength(1);
    expect(w.sender.sent[0]?.message.replies.map((r) => r.title)).toEqual(["russell", "altseason"]);
    expect(w.sender.sent[0]?.message.deliveryId).toBe("digest:telegram:c:2026-03-20:480@Europe/Berlin");
  });

  it("a post the platform refused (an answer that is neither retryable nor the chat gone) is not resent", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(schedule("c", { checkedUntil: utc("2026-03-20T06:55:00Z") }));
    w.sender.failures.set("c", [new Error("400 Bad Request: can't parse entities")]);
    w.setNow("2026-03-20T07:00:30Z");
    expect(await w.scheduler.tick()).toMatchObject({ sent: 0, failed: 1 });
    w.setNow("2026-03-20T07:05:00Z");
    await w.scheduler.tick();
    expect(w.sender.sent).toHaveLength(0);
    expect(w.logs.some((l) => l.includes("the platform refused the post; not resent"))).toBe(true);
  });

  it("a retry after the content changed posts the new content, once", async () => {
    const w = world("2026-03-20T06:55:00Z");
    let content: "both" | "russell" = "both";
    const scheduler = new DigestScheduler({
      ...w.deps,
      compose: async (): Promise<ComposedDigest> => ({
        asOf: "2026-03-19",
        message: {
          replies:
            content === "both"
              ? [commandReply("russell"), commandReply("altseason")]
              : [commandReply("russell")],
        },
      }),
    });
    await w.store.saveSchedule(schedule("c", { content: "both", checkedUntil: utc("2026-03-20T06:55:00Z") }));
    const send = w.sender.send.bind(w.sender);
    let failures = 3; // every attempt of the first tick
    w.sender.send = async (chatId, message) => {
      if (failures-- > 0) throw new RetryableSendError("502 Bad Gateway");
      return send(chatId, message);
    };
    w.setNow("2026-03-20T07:00:30Z");
    expect(await scheduler.tick()).toMatchObject({ deferred: 1 });
    // The moderator switches the digest to russell only, same time: the retry is still owed.
    content = "russell";
    const s = (await w.store.getSchedule({ platform: "telegram", chatId: "c" })) as DigestSchedule;
    await w.store.saveSchedule({ ...s, content: "russell" });
    w.setNow("2026-03-20T07:01:00Z");
    expect(await scheduler.tick()).toMatchObject({ sent: 1 });
    expect(w.sender.sent.map((x) => x.message.replies.map((r) => r.title))).toEqual([["russell"]]);
  });

  it("a chat that is gone is reported to the moderator once, however many alerts were queued for it", async () => {
    const w = world("2026-03-20T00:00:00Z");
    await w.store.setSubscription(
      { platform: "telegram", chatId: "gone", createdBy: "mod7", createdAt: 0 },
      true,
    );
    w.sender.failures.set(
      "gone",
      [1, 2, 3].map(() => new PermanentSendError("403 Forbidden: bot was kicked")),
    );
    const alert = (n: number) => ({
      alert: {
        key: `new_ath:RUT:2026-03-1${n}`,
        kind: "new_ath" as const,
        series: "RUT",
        date: `2026-03-1${n}`,
        text: "x",
      },
      detectedAt: 0,
    });
    await w.scheduler.deliverAlerts([alert(1), alert(2), alert(3)]);
    expect(w.sender.notified).toEqual(["mod7"]);
    // It had alerts and no digest: the message says what was turned off and how to undo it.
    expect(w.sender.notes[0]).toContain("so its alerts are off. Fix access, then use /alerts on there.");
  });

  it("a digest for a platform this process does not run waits, says so once, and is skipped after the grace", async () => {
    const w = world("2026-03-20T06:55:00Z");
    await w.store.saveSchedule(
      schedule("d1", { platform: "discord", checkedUntil: utc("2026-03-20T06:55:00Z") }),
    );
    await w.runUntil("2026-03-20T10:30:00Z"); // ticks every 5 minutes past the 07:00Z fire and its 3 h grace
    expect(w.logs.filter((l) => l.includes("discord is not running in this process"))).toHaveLength(1);
    expect((await w.store.getDelivery("digest:discord:d1:2026-03-20:480@Europe/Berlin"))?.status).toBe(
      "skipped",
    );
  });

  it("a digest paused while the fan-out waits for a send slot is not sent", async () => {
    const w = world("2026-03-20T06:59:00Z");
    const scheduler = new DigestScheduler({ ...w.deps, maxInFlight: 1 });
    for (const chat of ["a", "b", "c"]) {
      await w.store.saveSchedule(schedule(chat, { checkedUntil: utc("2026-03-20T06:59:00Z") }));
    }
    const send = w.sender.send.bind(w.sender);
    w.sender.send = async (chatId, message) => {
      if (chatId === "a") {
        // While "a" is being sent, a moderator pauses "b" and removes "c".
        const b = await w.store.getSchedule({ platform: "telegram", chatId: "b" });
        if (b) await w.store.saveSchedule({ ...b, paused: true });
        await w.store.removeSchedule({ platform: "telegram", chatId: "c" });
      }
      return send(chatId, message);
    };
    w.setNow("2026-03-20T07:00:30Z");
    await scheduler.tick();
    expect(w.sender.sent.map((x) => x.chatId)).toEqual(["a"]);
  });

  it("a schedule whose times cannot be computed is paused and logged; the others still go out", async () => {
    const w = world("2026-03-20T06:59:00Z");
    await w.store.saveSchedule(schedule("ok", { checkedUntil: utc("2026-03-20T06:59:00Z") }));
    await w.store.saveSchedule(
      schedule("bad", { timeZone: "Bad/Zone", checkedUntil: utc("2026-03-20T06:59:00Z") }),
    );
    await w.runUntil("2026-03-20T07:05:00Z");
    expect(w.sender.sent.map((x) => x.chatId)).toEqual(["ok"]);
    const bad = await w.store.getSchedule({ platform: "telegram", chatId: "bad" });
    expect(bad?.paused).toBe(true);
    expect(bad?.pausedReason).toContain("cannot be computed");
    expect(w.logs.some((l) => l.includes("telegram:bad paused"))).toBe(true);
  });

  it("fans out 1,000 due chats with one composition per distinct digest", async () => {
    const w = world("2026-03-20T06:59:00Z");
    for (let i = 0; i < 1000; i++) {
      await w.store.saveSchedule(
        schedule(`chat${i}`, {
          checkedUntil: utc("2026-03-20T06:59:00Z"),
          theme: i % 2 === 0 ? "dark" : "light",
        }),
      );
    }
    await w.runUntil("2026-03-20T07:01:00Z", MIN);
    expect(w.sender.sent).toHaveLength(1000);
    expect(w.composed()).toBe(2);
  });

  it("alerts go to each subscribed chat once per event", async () => {
    const w = world("2026-03-20T00:00:00Z");
    await w.store.setSubscription({ platform: "telegram", chatId: "a", createdBy: "m", createdAt: 0 }, true);
    await w.store.setSubscription({ platform: "telegram", chatId: "b", createdBy: "m", createdAt: 0 }, true);
    const alert = {
      key: "breakout:RUT:2025-09-18",
      kind: "breakout" as const,
      series: "RUT",
      date: "2025-09-18",
      text: "x",
    };
    const pending = [{ alert, detectedAt: 0 }];
    expect(await w.scheduler.deliverAlerts(pending)).toEqual({ sent: 2, failed: 0, unsettled: [] });
    expect(await w.scheduler.deliverAlerts(pending)).toEqual({ sent: 0, failed: 0, unsettled: [] });
    expect(w.sender.sent.map((s) => s.chatId).sort()).toEqual(["a", "b"]);
  });

  it("a tick reads and writes only the schedules due: 10,000 spread over the day, one minute's worth touched", async () => {
    const store = new SqliteDigestStore(openDatabase(":memory:"));
    const w = world("2026-03-20T00:00:00Z", store);
    // 10,000 schedules, one every 10,000th of a day: about 7 per minute (in UTC, so minuteOfDay is the UTC minute).
    for (let i = 0; i < 10_000; i++)
      await store.saveSchedule(
        schedule(`c${i}`, { timeZone: "UTC", minuteOfDay: Math.floor((i * 1440) / 10_000) }),
      );
    const calls = { saved: 0, read: 0 };
    const save = store.saveSchedule.bind(store);
    const read = store.getSchedule.bind(store);
    store.saveSchedule = async (s) => {
      calls.saved++;
      return save(s);
    };
    store.getSchedule = async (t) => {
      calls.read++;
      return read(t);
    };
    // A first tick at 08:00 settles the day so far (sent, or skipped past the grace window).
    w.setNow("2026-03-20T08:00:00Z");
    await w.scheduler.tick();
    const before = w.sender.sent.length;
    calls.saved = 0;
    calls.read = 0;
    w.setNow("2026-03-20T08:01:00Z");
    await w.scheduler.tick();
    const due = Array.from({ length: 10_000 }, (_, i) => i).filter(
      (i) => Math.floor((i * 1440) / 10_000) === 481,
    );
    expect(due.length).toBe(7);
    expect(w.sender.sent.length - before).toBe(due.length);
    // Each due schedule: read once to check it is still due before sending, once before moving its checkpoint;
    // written once. Nothing else of the 10,000 is touched.
    expect(calls.saved).toBe(due.length);
    expect(calls.read).toBeLessThanOrEqual(2 * due.length);
  });
});

describe("the scheduler's pruning of stored state", () => {
  it("prunes the platforms' only-added notes past their retention with the ledger, and keeps the rest", async () => {
    const w = world("2027-03-01T00:00:00Z");
    const scheduler = new DigestScheduler({ ...w.deps, metaRetention: PLATFORM_NOTES_KEPT });
    await w.store.setMeta("telegram.photo:bot:old", "AgAD-old"); // written now, months before the clock
    await w.store.claimMeta("telegram.webhook.setting.abcd", utc("2027-02-28T23:00:00Z"), 60_000); // an hour ago
    await w.store.setMeta("riskon.alert.rut", "2026-12-03"); // no retention: kept
    await scheduler.tick();
    expect(await w.store.getMeta("telegram.photo:bot:old")).toBeNull();
    expect(await w.store.getMeta("telegram.webhook.setting.abcd")).not.toBeNull();
    expect(await w.store.getMeta("riskon.alert.rut")).toBe("2026-12-03");
    expect(w.logs).toContain("stored state: 1 telegram.photo:* entries older than 35 days removed");
  });
});
