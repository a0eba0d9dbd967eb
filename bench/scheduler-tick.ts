// The digest scheduler's tick with 10,000 schedules, on SQLite (a file, WAL) and on Postgres: the event loop's
// delay while ticks run (monitorEventLoopDelay, the p99 and max a command waiting on the loop would see) and each
// tick's duration. The schedules are spread over the day (about 7 due per minute); an hour of 30-second ticks
// is replayed on a fake clock, posting to a sender that returns at once, so what is measured is the scheduler
// and its store.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DigestScheduler, type QueuedFire } from "../src/app/digest-scheduler.ts";
import type { DigestSchedule, DigestStore, Sender } from "../src/core/schedules/digest.ts";
import { isUsTradingDay } from "../src/core/schedules/market-calendar.ts";
import { migratePostgres } from "../src/storage/postgres/migrate.ts";
import { PgDigestStore } from "../src/storage/postgres/pg-digest-store.ts";
import { openDatabase } from "../src/storage/sqlite.ts";
import { SqliteDigestStore } from "../src/storage/sqlite-digest-store.ts";
import { freshSchema, hasPostgres } from "../test/support/postgres.ts";

const SCHEDULES = 10_000;
const START = Date.parse("2026-11-23T07:00:00Z");
const TICK_MS = 30_000;
const TICKS = 120;

function schedule(i: number): DigestSchedule {
  return {
    platform: "telegram",
    chatId: String(-1_001_000_000_000 - i),
    minuteOfDay: Math.floor((i * 1440) / SCHEDULES),
    timeZone: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"][i % 4] ?? "UTC",
    days: "every",
    content: "russell",
    theme: "dark",
    createdBy: "1",
    paused: false,
    createdAt: 0,
    checkedUntil: START - 60_000,
  };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/**
 * `jobs`: the shared-queue path instead of the tick (Postgres with several instances): the plan queues each due
 * fire and each is delivered as its job would be; pg-boss's own polling is not in the figure.
 */
async function measure(name: string, store: DigestStore, mode: "tick" | "jobs" = "tick"): Promise<void> {
  for (let i = 0; i < SCHEDULES; i++) await store.saveSchedule(schedule(i));
  let sent = 0;
  const sender: Sender = {
    platform: "telegram",
    send: async () => {
      sent++;
    },
    notifyUser: async () => true,
  };
  let now = START;
  const scheduler = new DigestScheduler({
    store,
    senders: new Map([["telegram", sender]]),
    compose: async () => ({ asOf: "2026-11-21", message: { replies: [], text: "digest" } }),
    isMarketDay: isUsTradingDay,
    clock: () => now,
    sleep: async () => {},
    log: () => {},
  });
  const step = async () => {
    if (mode === "tick") return void (await scheduler.tick());
    const queued: QueuedFire[] = [];
    await scheduler.planDue(async (fire) => {
      queued.push(fire);
    });
    await Promise.all(queued.map((fire) => scheduler.deliverQueued(fire)));
  };
  await step(); // the first step settles what is older than the grace window
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const durations: number[] = [];
  histogram.enable();
  for (let t = 0; t < TICKS; t++) {
    now += TICK_MS;
    const began = performance.now();
    await step();
    durations.push(performance.now() - began);
    // Let the loop breathe between ticks, as the 30-second timer does.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  histogram.disable();
  durations.sort((a, b) => a - b);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    `${name}: ${SCHEDULES} schedules, ${TICKS} ticks over ${(TICKS * TICK_MS) / 60_000} min, ${sent} digests sent; ` +
      `event-loop delay p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms; ` +
      `tick p50 ${quantile(durations, 0.5).toFixed(1)} ms, p99 ${quantile(durations, 0.99).toFixed(1)} ms`,
  );
}

/**
 * For comparison, in the same run: what a tick cost before it read only the due schedules, when it rewrote every
 * schedule's checkpoint (10 passes over the same store).
 */
async function everyScheduleRewritten(store: DigestStore): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const durations: number[] = [];
  histogram.enable();
  for (let pass = 0; pass < 10; pass++) {
    const began = performance.now();
    for (const s of await store.listSchedules())
      await store.saveSchedule({ ...s, checkedUntil: s.checkedUntil + 1 });
    durations.push(performance.now() - began);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  histogram.disable();
  durations.sort((a, b) => a - b);
  console.log(
    `  before (every schedule rewritten each tick): event-loop delay p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, ` +
      `tick p50 ${quantile(durations, 0.5).toFixed(0)} ms`,
  );
}

export async function runSchedulerTickBench(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), "riskon-tick-")), "riskon.db");
  const sqlite = new SqliteDigestStore(openDatabase(file));
  await measure("sqlite (file, WAL)", sqlite);
  await everyScheduleRewritten(sqlite);
  if (!hasPostgres) {
    console.log("postgres: skipped (no server; set RISKON_TEST_DATABASE_URL)");
    return;
  }
  const schema = await freshSchema();
  try {
    await migratePostgres(schema.pool);
    const pg = new PgDigestStore(schema.pool);
    await measure("postgres", pg);
    await everyScheduleRewritten(pg);
    const schema2 = await freshSchema();
    try {
      await migratePostgres(schema2.pool);
      await measure("postgres, as shared jobs (plan + deliveries)", new PgDigestStore(schema2.pool), "jobs");
    } finally {
      await schema2.drop();
    }
  } finally {
    await schema.drop();
  }
}
