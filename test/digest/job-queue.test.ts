// The shared job queue (pg-boss on this machine's Postgres), as several instances use it: a key is queued once
// whoever queues it, a periodic job runs once per period across instances, and a job that asks to be retried
// is tried again with backoff until it is done.
import { afterAll, describe, expect, it } from "vitest";
import { type JobQueue, RetryLater } from "../../src/app/job-queue.ts";
import { jobIdOf, openPgJobs } from "../../src/storage/postgres/pg-jobs.ts";
import { freshSchema, hasPostgres, type TestSchema } from "../support/postgres.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = () => {};

describe("job ids", () => {
  it("are UUIDs fixed by the queue and the key", () => {
    const id = jobIdOf("riskon-digest", "digest:telegram:-1:2026-12-03:480@UTC");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdOf("riskon-digest", "digest:telegram:-1:2026-12-03:480@UTC")).toBe(id);
    expect(jobIdOf("riskon-digest", "digest:telegram:-1:2026-12-04:480@UTC")).not.toBe(id);
    expect(jobIdOf("other", "digest:telegram:-1:2026-12-03:480@UTC")).not.toBe(id);
  });
});

let schema: TestSchema | undefined;
const queues: JobQueue[] = [];
/** One instance's job queue, all of them on this file's schema. */
const open = async (extra: Partial<Parameters<typeof openPgJobs>[2]> = {}) => {
  schema ??= await freshSchema();
  const jobs = await openPgJobs(schema.url, schema.pool, { leaseMs: 2000, log: quiet, ...extra });
  queues.push(jobs);
  return jobs;
};
afterAll(async () => {
  for (const jobs of queues) await jobs.stop().catch(() => {});
  await schema?.drop();
});

describe.skipIf(!hasPostgres)("pg-boss job queue", () => {
  it("queues a key once, from any instance", async () => {
    const [a, b] = [await open(), await open()];
    expect(await a.enqueue("riskon-test-once", "k1", { n: 1 })).toBe(true);
    expect(await b.enqueue("riskon-test-once", "k1", { n: 2 })).toBe(false);
    expect(await b.enqueue("riskon-test-once", "k2", { n: 3 })).toBe(true);
    const seen: number[] = [];
    await a.work<{ n: number }>("riskon-test-once", 4, async ({ n }) => {
      seen.push(n);
    });
    for (let i = 0; i < 50 && seen.length < 2; i++) await sleep(100);
    await sleep(500);
    expect(seen.sort()).toEqual([1, 3]);
  }, 30_000);

  it("runs a periodic job once per period across two instances, not once per instance", async () => {
    const [a, b] = [await open(), await open()];
    let runs = 0;
    const work = async () => {
      runs++;
    };
    await a.every("riskon-test-every", 1000, work);
    await b.every("riskon-test-every", 1000, work);
    await sleep(4500);
    // Both offer it every second: one slot per second is kept (4 or 5 in the window, never 8 to 10).
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(runs).toBeLessThanOrEqual(6);
  }, 30_000);
});

describe.skipIf(!hasPostgres)("pg-boss job queue: retries and giving up", () => {
  it("tries a job that asks to be retried again, with backoff, until it is done", async () => {
    const jobs = await open();
    const tries: number[] = [];
    await jobs.work<{ id: string }>("riskon-test-retry", 2, async () => {
      tries.push(Date.now());
      if (tries.length < 3) throw new RetryLater("not yet");
    });
    await jobs.enqueue("riskon-test-retry", "r1", { id: "r1" });
    for (let i = 0; i < 200 && tries.length < 3; i++) await sleep(100);
    expect(tries).toHaveLength(3);
    // Backoff: the second wait is not shorter than pg-boss's first delay (about 2 s, with jitter).
    const [t0, t1, t2] = tries as [number, number, number];
    expect(t1 - t0).toBeGreaterThanOrEqual(900);
    expect(t2 - t1).toBeGreaterThanOrEqual(900);
  }, 60_000);

  it("gives a job up after its last retry: said in the log and counted as failed (the dead letter)", async () => {
    const logs: string[] = [];
    const settled: string[] = [];
    const jobs = await open({
      retryLimit: 1,
      log: (m) => logs.push(m),
      onSettled: (queue, outcome) => settled.push(`${queue}:${outcome}`),
    });
    let tries = 0;
    await jobs.work("riskon-test-dead", 1, async () => {
      tries++;
      throw new Error("the platform is down");
    });
    await jobs.enqueue("riskon-test-dead", "d1", {});
    for (let i = 0; i < 200 && !settled.includes("riskon-test-dead:failed"); i++) await sleep(100);
    expect(tries).toBe(2);
    expect(settled).toEqual(["riskon-test-dead:retry", "riskon-test-dead:failed"]);
    expect(logs).toContain("job riskon-test-dead given up after 2 tries");
    await sleep(1500);
    expect(tries).toBe(2); // never tried again
  }, 60_000);
});
