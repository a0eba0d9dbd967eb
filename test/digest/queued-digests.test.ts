// The scheduler's two halves on a shared job queue: planDue queues each due fire once and moves the
// checkpoints; deliverQueued sends a queued fire unless its schedule no longer wants it. The queue here is
// an in-memory stand-in keyed like pg-boss's (a key is queued once); pg-boss itself is tested in
// job-queue.test.ts and with three processes in multi-instance.test.ts.
import { describe, expect, it } from "vitest";
import { type ComposedDigest, DigestScheduler, type QueuedFire } from "../../src/app/digest-scheduler.ts";
import type { JobQueue } from "../../src/app/job-queue.ts";
import { digestQueue, queueDigests } from "../../src/app/runtime.ts";
import type { DigestSchedule, OutgoingMessage, Sender } from "../../src/core/schedules/digest.ts";
import { RetryableSendError } from "../../src/core/schedules/digest.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";

const utc = (iso: string) => Date.parse(iso);

function world(start: string) {
  let now = utc(start);
  const store = new MemoryDigestStore();
  const sent: string[] = [];
  const failing = new Set<string>();
  let composed = 0;
  const sender: Sender = {
    platform: "telegram",
    async send(chatId: string, _message: OutgoingMessage) {
      if (failing.has(chatId)) throw new RetryableSendError("429 too many requests");
      sent.push(chatId);
    },
    async notifyUser() {
      return true;
    },
  };
  const scheduler = new DigestScheduler({
    store,
    senders: new Map([["telegram", sender]]),
    compose: async (content, theme): Promise<ComposedDigest> => {
      composed++;
      return { asOf: "2026-12-02", message: { replies: [], text: `${content}/${theme}` } };
    },
    isMarketDay: () => true,
    clock: () => now,
    sleep: async () => {},
    log: () => {},
    attempts: 1,
  });
  const queue = new Map<string, QueuedFire>();
  const plan = () =>
    scheduler.planDue(async (fire) => {
      if (!queue.has(fire.key)) queue.set(fire.key, fire);
    });
  return {
    store,
    sent,
    failing,
    queue,
    scheduler,
    plan,
    composed: () => composed,
    at: (iso: string) => {
      now = utc(iso);
    },
  };
}

function schedule(chatId: string, fields: Partial<DigestSchedule> = {}): DigestSchedule {
  return {
    platform: "telegram",
    chatId,
    minuteOfDay: 8 * 60,
    timeZone: "UTC",
    days: "every",
    content: "russell",
    theme: "dark",
    createdBy: "u1",
    paused: false,
    createdAt: 0,
    checkedUntil: utc("2026-12-03T00:00:00Z"),
    ...fields,
  };
}

describe("digests on a shared job queue", () => {
  it("queues each due fire once, however often the plan runs, and sends each once with one composition", async () => {
    const w = world("2026-12-03T08:00:30Z");
    for (const chat of ["a", "b", "c"]) await w.store.saveSchedule(schedule(chat));
    await w.store.saveSchedule(schedule("later", { minuteOfDay: 9 * 60 }));
    expect(await w.plan()).toEqual({ queued: 3, skipped: 0 });
    // A second plan (another instance's, or the next period's) owes nothing more: the checkpoints moved.
    expect(await w.plan()).toEqual({ queued: 0, skipped: 0 });
    expect([...w.queue.values()].map((f) => f.chatId).sort()).toEqual(["a", "b", "c"]);
    for (const fire of w.queue.values()) expect(await w.scheduler.deliverQueued(fire)).toBe("sent");
    // A job run twice (its instance killed after sending, before completing it) is not sent twice.
    for (const fire of w.queue.values()) expect(await w.scheduler.deliverQueued(fire)).toBe("duplicate");
    expect(w.sent.sort()).toEqual(["a", "b", "c"]);
    expect(w.composed()).toBe(1);
  });

  it("does not send a queued fire whose schedule was paused, removed or moved to another time since", async () => {
    const w = world("2026-12-03T08:00:30Z");
    for (const chat of ["paused", "removed", "moved", "kept"]) await w.store.saveSchedule(schedule(chat));
    await w.plan();
    const paused = (await w.store.getSchedule({ platform: "telegram", chatId: "paused" })) as DigestSchedule;
    await w.store.saveSchedule({ ...paused, paused: true });
    await w.store.removeSchedule({ platform: "telegram", chatId: "removed" });
    const moved = (await w.store.getSchedule({ platform: "telegram", chatId: "moved" })) as DigestSchedule;
    await w.store.saveSchedule({ ...moved, minuteOfDay: 20 * 60 });
    const outcomes = new Map<string, string>();
    for (const fire of w.queue.values()) outcomes.set(fire.chatId, await w.scheduler.deliverQueued(fire));
    expect(Object.fromEntries(outcomes)).toEqual({
      paused: "duplicate",
      removed: "duplicate",
      moved: "duplicate",
      kept: "sent",
    });
    expect(w.sent).toEqual(["kept"]);
  });
});

describe("digests on a shared job queue: late, deferred and per platform", () => {
  it("records a fire the queue reached past the grace window as skipped, and a retryable failure as deferred", async () => {
    const w = world("2026-12-03T08:00:30Z");
    await w.store.saveSchedule(schedule("late"));
    await w.store.saveSchedule(schedule("throttled"));
    await w.plan();
    w.failing.add("throttled");
    const throttled = [...w.queue.values()].find((f) => f.chatId === "throttled") as QueuedFire;
    expect(await w.scheduler.deliverQueued(throttled)).toBe("deferred");
    w.failing.delete("throttled");
    expect(await w.scheduler.deliverQueued(throttled)).toBe("sent");
    w.at("2026-12-03T11:30:00Z"); // 3.5 hours after the fire: past the 3-hour grace window
    const late = [...w.queue.values()].find((f) => f.chatId === "late") as QueuedFire;
    expect(await w.scheduler.deliverQueued(late)).toBe("skipped");
    expect((await w.store.getDelivery(late.key))?.status).toBe("skipped");
    expect(w.sent).toEqual(["throttled"]);
  });

  it("queues digests per platform; an instance takes only the jobs of the platforms it runs", async () => {
    const w = world("2026-12-03T08:00:30Z");
    await w.store.saveSchedule(schedule("tg"));
    await w.store.saveSchedule({ ...schedule("dc"), platform: "discord" });
    const worked: string[] = [];
    const queued: string[] = [];
    let plan: () => Promise<void> = async () => {};
    const jobs: JobQueue = {
      async every(_name, _ms, work) {
        plan = work;
      },
      async enqueue(name, key) {
        queued.push(`${name} ${key}`);
        return true;
      },
      async work(name) {
        worked.push(name);
      },
      async stop() {},
    };
    const discord: Sender = { platform: "discord", send: async () => {}, notifyUser: async () => true };
    await queueDigests(w.scheduler, jobs, { senders: new Map([["discord", discord]]) });
    expect(worked).toEqual([digestQueue("discord")]);
    await plan();
    expect(queued.sort()).toEqual([
      "riskon-digest-discord digest:discord:dc:2026-12-03:480@UTC",
      "riskon-digest-telegram digest:telegram:tg:2026-12-03:480@UTC",
    ]);
  });
});
