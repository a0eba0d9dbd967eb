// The shared work queue several instances take jobs from (pg-boss on Postgres: src/storage/postgres/pg-jobs.ts).
// A single process without DATABASE_URL has none: its runtime drives the same work from its own timers.

/** Thrown by a job handler for work worth trying again later (with backoff), not a failure of the job. */
export class RetryLater extends Error {
  override readonly name = "RetryLater";
}

export interface JobQueue {
  /**
   * Runs `work` about once per `periodMs` across every instance together: each instance offers the job, one
   * slot per period is kept, and whichever instance is free takes it. A killed instance's run is taken over
   * when its lease expires.
   */
  every(name: string, periodMs: number, work: () => Promise<void>): Promise<void>;
  /** Queues one job per key: the same key again (from any instance, at any time) is ignored. */
  enqueue(name: string, key: string, data: object): Promise<boolean>;
  /**
   * Takes jobs of `name`, up to `concurrency` at once in this process. A handler that throws leaves its job to
   * be tried again with backoff (by any instance); one still running when its lease expires is taken over.
   */
  work<T extends object>(
    name: string,
    concurrency: number,
    handle: (data: T) => Promise<void>,
  ): Promise<void>;
  /** Stops taking jobs; those running finish first. */
  stop(): Promise<void>;
}
