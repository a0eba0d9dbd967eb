// The answers' statistics in worker threads (src/app/compute-pool.ts): the same answers as computed on the main
// thread, the work done in the workers, and a worker that dies in the middle of a computation replaced, the
// computation run again on another, never dropped.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { ComputePool } from "../../src/app/compute-pool.ts";
import { analogsFor, recordReport } from "../../src/core/analytics/russell.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";

const clock = () => new Date("2026-12-04T12:00:00Z");
const pools: ComputePool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("compute pool: the answers", () => {
  it("answers /russell and /claims as the main thread does, with the statistics computed in the workers", async () => {
    const pool = new ComputePool({ size: 2 });
    pools.push(pool);
    // Separate snapshot sources: nothing computed by one app is in memory for the other's bars.
    const offApp = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0, offThread: pool });
    const hereApp = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0 });
    for (const tokens of [["date:2021-11-05"], ["index:value", "vs:eth", "date:2025-12-11"]]) {
      const off = await offApp.run("russell", tokens);
      const here = await hereApp.run("russell", tokens);
      expect(off.data).toEqual(here.data);
      expect(off.lines).toEqual(here.lines);
    }
    // Per /russell: the analogs, the rule sensitivity, the correlation and lead/lag, the figures by regime.
    expect(pool.stats().ran).toBe(8);
    // Asked again: everything is in memory on the main thread; nothing is sent to the workers.
    await offApp.run("russell", ["date:2021-11-05"]);
    expect(pool.stats().ran).toBe(8);
    // Another date over the same data: the workers hold the series already, only references cross.
    const sentBefore = pool.stats().arraysSent;
    expect(pool.held().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const again = await offApp.run("russell", ["date:2022-06-01"]);
    expect(again.data).toEqual((await hereApp.run("russell", ["date:2022-06-01"])).data);
    expect(pool.stats().arraysSent).toBe(sentBefore);
    // /claims at a date of its own: its analogs, correlation and figures by regime in the workers too.
    const claims = await offApp.run("claims", ["date:2023-06-30"]);
    expect(claims.data).toEqual((await hereApp.run("claims", ["date:2023-06-30"])).data);
    expect(pool.stats().ran).toBe(15);
  }, 120_000);

  it("two answers that need the same statistics at once share one computation in the workers", async () => {
    const pool = new ComputePool({ size: 2 });
    pools.push(pool);
    const app = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0, offThread: pool });
    // Two variants of one question (the same index and date): their analogs and figures by regime are the same.
    await Promise.all([
      app.run("russell", ["date:2019-06-03"]),
      app.run("russell", ["date:2019-06-03", "range:1y"]),
    ]);
    // analogs, sensitivity, correlation and the figures by regime once each, not twice.
    expect(pool.stats().ran).toBe(4);
  }, 60_000);
});

describe("compute pool: faults", () => {
  it("a worker that dies in the middle of a computation is replaced and the computation run again on another", async () => {
    const logs: string[] = [];
    const pool = new ComputePool({ size: 1, log: (m) => logs.push(m) });
    pools.push(pool);
    const market = createSnapshotSource();
    const rut = await market.getSeries("RUT");
    const btc = await market.getSeries("BTC");
    const events = recordReport(rut, "2024-11-25").events;
    const running = pool.run("analogs", [events, [btc], "2024-11-25", rut.bars]);
    for (let i = 0; i < 400 && !pool.workers()[0]?.busy; i++) await sleep(5);
    await pool.workers()[0]?.terminate();
    const result = (await running) as ReturnType<typeof analogsFor>;
    expect(result.summary).toEqual(analogsFor(events, [btc], "2024-11-25", rut.bars).summary);
    expect(pool.stats()).toMatchObject({ replaced: 1, retried: 1 });
    expect(logs).toContain("compute: a worker thread exited (1); starting another");
  }, 60_000);

  it("a computation that fails twice is the caller's error, and the answer is then computed on the main thread", async () => {
    // Every request takes longer than the timeout: each worker is ended, the request tried once more, then refused.
    const pool = new ComputePool({ size: 1, timeoutMs: 1 });
    pools.push(pool);
    await expect(pool.run("analogs", [[], [], "2024-11-25", []])).rejects.toThrow(/twice/);
    const app = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0, offThread: pool });
    const here = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0 });
    expect((await app.run("russell", ["date:2020-11-20"])).data).toEqual(
      (await here.run("russell", ["date:2020-11-20"])).data,
    );
  }, 60_000);

  it("workers that cannot start are given up after three tries: requests are refused, none is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-worker-"));
    const broken = join(dir, "broken-worker.mjs");
    writeFileSync(broken, 'throw new Error("this install is broken");\n');
    const logs: string[] = [];
    const pool = new ComputePool({ size: 1, worker: pathToFileURL(broken), log: (m) => logs.push(m) });
    pools.push(pool);
    await expect(pool.run("analogs", [])).rejects.toThrow("could not start its workers");
    await expect(pool.run("analogs", [])).rejects.toThrow(/closed/);
    expect(logs.at(-1)).toMatch(
      /^compute: 3 worker threads exited \(1\) before they started; computing on the main thread$/,
    );
  }, 60_000);

  it("an unknown task is refused with its name, not retried", async () => {
    const pool = new ComputePool({ size: 1 });
    pools.push(pool);
    await expect(pool.run("nothing-such", [])).rejects.toThrow("unknown off-thread task nothing-such");
    expect(pool.stats().retried).toBe(0);
  });
});
