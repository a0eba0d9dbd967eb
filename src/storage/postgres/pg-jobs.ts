// The JobQueue on pg-boss: jobs in Postgres, taken with SKIP LOCKED, each under a lease (its expiry) after which
// another instance takes it over, retried with exponential backoff. Its tables live in a schema of their own:
// `pgboss`, or `<schema>_pgboss` when DATABASE_URL puts riskon's tables in another schema than public.
import { createHash } from "node:crypto";
import type pg from "pg";
import { type JobResult, type JobWithMetadata, PgBoss } from "pg-boss";
import { type JobQueue, RetryLater } from "../../app/job-queue.ts";

export interface PgJobsOptions {
  /** How long a job is its instance's before another takes it over (a killed instance's). */
  readonly leaseMs: number;
  readonly log: (message: string, error?: unknown) => void;
  /** Retries of a job before it is given up (default 10, far past the delivery ledger's 5 claims). */
  readonly retryLimit?: number;
  /** Told how each job settled (metrics); "failed" is a job given up after its last retry. */
  readonly onSettled?: (queue: string, outcome: "completed" | "retry" | "failed") => void;
}

/** Tries of a job before pg-boss gives up on it; the delivery ledger's dead letter comes first (5 claims). */
const RETRY_LIMIT = 10;
const RETRY_DELAY_S = 2;
const RETRY_DELAY_MAX_S = 300;

/** A UUID fixed by the key: pg-boss inserts a job id once (ON CONFLICT DO NOTHING), so the key dedupes. */
export function jobIdOf(name: string, key: string): string {
  const hex = createHash("sha256").update(`${name}\n${key}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** pg-boss's schema beside riskon's tables: the one the pool's connections use. */
async function jobsSchema(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ schema: string }>("SELECT current_schema() AS schema");
  const current = rows[0]?.schema ?? "public";
  return current === "public" ? "pgboss" : `${current}_pgboss`;
}

export async function openPgJobs(
  connectionString: string,
  pool: pg.Pool,
  options: PgJobsOptions,
): Promise<JobQueue> {
  const leaseS = Math.max(1, Math.round(options.leaseMs / 1000));
  const boss = new PgBoss({
    connectionString,
    schema: await jobsSchema(pool),
    max: 4,
    application_name: "riskon-jobs",
    // Expired leases are looked for this often: a killed instance's jobs wait at most about twice the lease.
    superviseIntervalSeconds: Math.min(60, leaseS),
    monitorIntervalSeconds: Math.min(60, Math.max(leaseS, 5)),
  });
  // pg-boss reports a lost connection here and carries on (it reconnects): say it, never crash the process.
  boss.on("error", (error) => options.log("job queue (pg-boss)", error));
  await boss.start();
  const queue = queueCreator(boss, leaseS, options.retryLimit ?? RETRY_LIMIT);
  const settle = settler(options);
  return {
    async every(name, periodMs, work) {
      await queue(name);
      const periodS = Math.max(1, Math.round(periodMs / 1000));
      // One job per period slot, whoever offers it first; the others' offers are dropped by pg-boss's throttle.
      const offer = () =>
        boss
          .send(name, {}, { singletonKey: name, singletonSeconds: periodS, retryLimit: 0 })
          .catch((error: unknown) => options.log(`job ${name}: could not offer it`, error));
      await boss.work(name, { pollingIntervalSeconds: Math.min(periodS, 2) }, async () => {
        await work();
      });
      await offer();
      const timer = setInterval(offer, periodMs);
      timer.unref();
      boss.once("stopped", () => clearInterval(timer));
    },
    async enqueue(name, key, data) {
      await queue(name);
      return (await boss.send(name, data, { id: jobIdOf(name, key) })) !== null;
    },
    async work<T extends object>(name: string, concurrency: number, handle: (data: T) => Promise<void>) {
      await queue(name);
      await boss.work(
        name,
        {
          // Three fetchers of a third each: a slow send holds back a third of the work, not all of it.
          localConcurrency: Math.min(3, concurrency),
          batchSize: Math.max(1, Math.ceil(concurrency / 3)),
          perJobResults: true,
          includeMetadata: true,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: 1,
        },
        (jobs: JobWithMetadata<T>[]) => Promise.all(jobs.map((job) => settle(job, handle))),
      );
    },
    async stop() {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}

/** Creates each queue once, with the lease, the backoff and the retention riskon's jobs use. */
function queueCreator(boss: PgBoss, leaseS: number, retryLimit: number): (name: string) => Promise<void> {
  const created = new Set<string>();
  return async (name) => {
    if (created.has(name)) return;
    await boss.createQueue(name, {
      expireInSeconds: leaseS,
      retryLimit,
      retryDelay: RETRY_DELAY_S,
      retryBackoff: true,
      retryDelayMax: RETRY_DELAY_MAX_S,
      // A day is far past the grace window: the delivery ledger, not the job table, keeps the record.
      deleteAfterSeconds: 86_400,
    });
    created.add(name);
  };
}

/**
 * Runs one job of a batch: completed, or failed with its reason (retried with backoff; after the last retry,
 * given up, which is logged and counted whatever the reason).
 */
function settler(options: PgJobsOptions) {
  return async <T extends object>(
    job: JobWithMetadata<T>,
    handle: (data: T) => Promise<void>,
  ): Promise<JobResult> => {
    try {
      await handle(job.data);
      options.onSettled?.(job.name, "completed");
      return { id: job.id, status: "completed" };
    } catch (error) {
      const last = job.retryCount >= job.retryLimit;
      options.onSettled?.(job.name, last ? "failed" : "retry");
      if (last) options.log(`job ${job.name} given up after ${job.retryCount + 1} tries`, error);
      else if (!(error instanceof RetryLater))
        options.log(`job ${job.name} failed; it is retried with backoff`, error);
      return { id: job.id, status: "failed", output: { reason: (error as Error).message } };
    }
  };
}
