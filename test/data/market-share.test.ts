// Market data on several instances (Postgres): the instance that takes the shared refresh job fetches from the
// upstreams (the local fakes) and publishes the series it stored; another instance takes them into its own
// store and answers from them without a single upstream request of its own, saying so until it has any.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue } from "../../src/app/job-queue.ts";
import { startMarketShare } from "../../src/app/market-share.ts";
import { migratePostgres } from "../../src/storage/postgres/migrate.ts";
import { PgMarketShare } from "../../src/storage/postgres/pg-market-share.ts";
import { type FakeWorld, startFakeWorld } from "../fakes/fake-world.ts";
import { freshSchema, hasPostgres, type TestSchema } from "../support/postgres.ts";

/** A job queue that runs a periodic job only when the test says (one instance "takes" it). */
function manualJobs(): JobQueue & { run(name: string): Promise<void> } {
  const periodic = new Map<string, () => Promise<void>>();
  return {
    async every(name, _periodMs, work) {
      periodic.set(name, work);
    },
    async enqueue() {
      return true;
    },
    async work() {},
    async stop() {},
    async run(name) {
      await periodic.get(name)?.();
    },
  };
}

async function until<T>(attempt: () => Promise<T | null>, ms = 5000): Promise<T> {
  for (let waited = 0; waited <= ms; waited += 25) {
    const value = await attempt();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`still not there after ${ms} ms`);
}

describe.skipIf(!hasPostgres)("market data shared by instances", () => {
  let world: FakeWorld;
  let schema: TestSchema;
  beforeAll(async () => {
    world = await startFakeWorld({ at: "2025-09-30T12:00:00Z" });
    schema = await freshSchema();
    await migratePostgres(schema.pool);
  });
  afterAll(async () => {
    await world?.close();
    await schema?.drop();
  });

  it("one instance refreshes and publishes; the other answers from what it published, with no upstream request", async () => {
    const refresher = world.market({ sharedRefresh: true });
    const reader = world.market({ sharedRefresh: true });
    const share = new PgMarketShare(schema.pool);
    const [jobsA, jobsB] = [manualJobs(), manualJobs()];
    const a = await startMarketShare({ market: refresher, jobs: jobsA, share, log: () => {}, pullMs: 50 });
    const b = await startMarketShare({ market: reader, jobs: jobsB, share, log: () => {}, pullMs: 50 });
    try {
      // Before any shared refresh: the reader fetches nothing itself and says it answers from the snapshot.
      const before = world.totalRequests();
      const early = await reader.getSeries("RUT");
      expect(early.source.freshness).toBe("snapshot");
      expect(early.source.note).toContain("the shared refresh has stored nothing yet");
      expect(world.totalRequests()).toBe(before);

      await jobsA.run("riskon-market-refresh");
      expect(world.totalRequests()).toBeGreaterThan(before);
      const fetched = await refresher.getSeries("RUT");
      expect(fetched.source.freshness).toBe("live");
      const published = await schema.pool.query("SELECT series FROM market_series ORDER BY series");
      expect(published.rows.map((r) => r.series)).toContain("RUT");

      const afterRefresh = world.totalRequests();
      // The reader takes the published series at its next pull (every 50 ms here).
      const served = await until(async () => {
        const series = await reader.getSeries("RUT");
        return series.source.freshness === "live" ? series : null;
      });
      // The same bars as the refresher stored, the same provider, and not one request from the reader.
      expect(served.bars.at(-1)).toEqual(fetched.bars.at(-1));
      expect(served.source.provider).toBe(fetched.source.provider);
      expect(world.totalRequests()).toBe(afterRefresh);

      // A second refresh with nothing due publishes nothing new.
      const seq = await schema.pool.query("SELECT max(seq)::int AS seq FROM market_series");
      await jobsA.run("riskon-market-refresh");
      const seqAfter = await schema.pool.query("SELECT max(seq)::int AS seq FROM market_series");
      expect(seqAfter.rows[0].seq).toBe(seq.rows[0].seq);
    } finally {
      await a.stop();
      await b.stop();
      await refresher.close();
      await reader.close();
    }
  }, 60_000);
});
