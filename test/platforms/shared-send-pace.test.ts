// Telegram's send rate held by several instances together: their send queues draw on one Postgres bucket per
// bot (overall) and per group, so two instances sending at once stay under 30 messages a second between them.
import { afterAll, describe, expect, it } from "vitest";
import { SendQueue, sharedBuckets, TELEGRAM_LIMITS } from "../../src/platforms/telegram/send-queue.ts";
import { migratePostgres } from "../../src/storage/postgres/migrate.ts";
import { PgSendPace } from "../../src/storage/postgres/pg-send-pace.ts";
import { freshSchema, hasPostgres, type TestSchema } from "../support/postgres.ts";

/** The most timestamps in any window of `windowMs` (a rolling count, as the platform would see it). */
function mostInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("shared buckets", () => {
  it("space a bot's messages evenly at 24 a second (30 less a fifth), and keep any rolling minute of a group at 20 or fewer", () => {
    const [all, group] = sharedBuckets("123", TELEGRAM_LIMITS, "-100", true);
    expect(all).toEqual({ bucket: "telegram:123:all", gapMs: 1000 / 24, toleranceMs: 0 });
    expect(group?.bucket).toBe("telegram:123:group:-100");
    // GCRA lets at most 1 + (window + tolerance) / gap cells through in any window.
    const g = group as { gapMs: number; toleranceMs: number };
    expect(1 + (60_000 + g.toleranceMs) / g.gapMs).toBeLessThanOrEqual(20);
    expect(1 + g.toleranceMs / g.gapMs).toBe(10); // a burst of 10 before the spacing starts
    expect(sharedBuckets("123", TELEGRAM_LIMITS, "42", false)).toHaveLength(1);
  });

  it("hold a simulated minute of a group at 20 when messages are asked for as fast as possible (GCRA bound)", () => {
    const [, group] = sharedBuckets("1", TELEGRAM_LIMITS, "-1", true) as [
      unknown,
      { gapMs: number; toleranceMs: number },
    ];
    let tat = 0;
    const sent: number[] = [];
    for (let now = 0; now < 300_000; now += 250) {
      // Greedy sender: asks every 250 ms, goes when allowed (the same arithmetic as the SQL upsert).
      if (Math.max(tat, now) - group.toleranceMs <= now) {
        tat = Math.max(tat, now) + group.gapMs;
        sent.push(now);
      }
    }
    expect(mostInWindow(sent, 60_000)).toBeLessThanOrEqual(20);
    expect(sent.length).toBeGreaterThan(50); // and it does not starve: ~10 a minute once the burst is spent
  });
});

describe.skipIf(!hasPostgres)("shared send pace on Postgres", () => {
  let schema: TestSchema | undefined;
  afterAll(async () => {
    await schema?.drop();
  });

  it("answers the waits of a bucket's cells: evenly spaced, after the burst tolerance", async () => {
    schema ??= await freshSchema();
    await migratePostgres(schema.pool);
    const pace = new PgSendPace(schema.pool);
    const waits = await Promise.all(Array.from({ length: 8 }, () => pace.reserve("t:even", 100, 0)));
    const sorted = [...waits].sort((a, b) => a - b);
    sorted.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(i * 100 - 30);
      expect(wait).toBeLessThanOrEqual(i * 100 + 5);
    });
    const burst = await Promise.all(Array.from({ length: 6 }, () => pace.reserve("t:burst", 100, 300)));
    expect(burst.filter((w) => w === 0)).toHaveLength(4);
  });

  it("keeps two instances' queues, sending at once, within 30 messages a second together", async () => {
    schema ??= await freshSchema();
    await migratePostgres(schema.pool);
    const pace = new PgSendPace(schema.pool);
    const queues = [0, 1].map(() => new SendQueue({ log: () => {}, shared: { pace, botId: "42" } }));
    const sentAt: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        (queues[i % 2] as SendQueue).send(`chat-${i}`, false, async () => {
          sentAt.push(Date.now());
        }),
      ),
    );
    // Alone, each queue would send its 45 in 1.5 s, 60 a second together; shared (24 a second), 90 take 3.7 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3600);
    expect(mostInWindow(sentAt, 1000)).toBeLessThanOrEqual(25);
  }, 20_000);
});
