// Opens what a deployment of several instances shares on Postgres: a pool, the migrations applied, the store,
// the job queue (pg-boss) the digests, alerts and market-data refresh run on, the shared send rate and the
// shared market data.
import type { JobQueue } from "../../app/job-queue.ts";
import { ConfigError } from "../../core/base/errors.ts";
import { migratePostgres } from "./migrate.ts";
import { CLAIM_LEASE_MS, openPool, PgDigestStore } from "./pg-digest-store.ts";
import { openPgJobs, type PgJobsOptions } from "./pg-jobs.ts";
import { PgMarketShare } from "./pg-market-share.ts";
import { PgSendPace } from "./pg-send-pace.ts";

export interface OpenedPostgres {
  readonly store: PgDigestStore;
  readonly jobs: JobQueue;
  /** Telegram's send rate, shared by every instance. */
  readonly pace: PgSendPace;
  /** The market data one instance refreshed, for all. */
  readonly share: PgMarketShare;
  /** Stops the job queue, then closes the pool. */
  close(): Promise<void>;
}

export async function openPostgres(
  url: string,
  options: {
    readonly claimLeaseMs?: number;
    readonly log: (message: string, error?: unknown) => void;
    readonly onJobSettled?: PgJobsOptions["onSettled"];
  },
): Promise<OpenedPostgres> {
  const pool = openPool(url);
  let jobs: JobQueue;
  try {
    await migratePostgres(pool);
    jobs = await openPgJobs(url, pool, {
      leaseMs: options.claimLeaseMs ?? CLAIM_LEASE_MS,
      log: options.log,
      ...(options.onJobSettled ? { onSettled: options.onJobSettled } : {}),
    });
  } catch (error) {
    await pool.end().catch(() => {});
    // The URL holds a password: the message names the variable, not its value.
    throw new ConfigError(`cannot open the Postgres database (DATABASE_URL): ${(error as Error).message}`);
  }
  const store = new PgDigestStore(pool, options);
  return {
    store,
    jobs,
    pace: new PgSendPace(pool),
    share: new PgMarketShare(pool),
    async close() {
      await jobs.stop().catch(() => {});
      await pool.end();
    },
  };
}
