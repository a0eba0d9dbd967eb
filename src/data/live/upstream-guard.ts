// Every upstream call goes through a guard: the source's limiter (concurrency, spacing, cooldown), retries
// with backoff and jitter for retryable failures, and a trace of what the requests saw for classification.
import { type LimiterDeps, type LimitSettings, SourceLimiter } from "./limiter.ts";
import { type CallTrace, traced } from "./observed-fetch.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";
import type { UpstreamError } from "./upstream-error.ts";

export interface GuardDeps extends LimiterDeps {
  readonly random: () => number;
  readonly log: (message: string) => void;
  /** Told of every call that failed after its retries (for the host's metrics). */
  readonly onError?: (provider: string) => void;
}

export type Classifier = (error: unknown, trace: CallTrace) => UpstreamError;

export class UpstreamGuard {
  readonly limiter: SourceLimiter;
  /** Set from the first failure of an outage until the source answers again: one log line per outage. */
  private down = false;

  constructor(
    readonly provider: string,
    limits: LimitSettings,
    private readonly retry: RetryPolicy,
    private readonly deps: GuardDeps,
  ) {
    this.limiter = new SourceLimiter(provider, limits, deps);
  }

  /** Runs one upstream call (one or a few requests) with limits and retries; failures are UpstreamErrors. */
  call<T>(what: string, fn: () => Promise<T>, classify: Classifier): Promise<T> {
    return this.observe(what, this.guarded(what, fn, classify));
  }

  /** Logs an outage once, when it starts (with the first retry time), and once more when the source is back. */
  private async observe<T>(what: string, work: Promise<T>): Promise<T> {
    try {
      const result = await work;
      if (this.down) {
        this.down = false;
        this.deps.log(`${this.provider} answers again (${what})`);
      }
      return result;
    } catch (error) {
      this.reportDown(what, (error as Error).message);
      this.deps.onError?.(this.provider);
      throw error;
    }
  }

  private reportDown(what: string, reason: string, retryInMs?: number): void {
    if (this.down) return;
    this.down = true;
    const retry = retryInMs === undefined ? "" : `; retrying in ${retryInMs} ms`;
    this.deps.log(
      `${this.provider} unavailable (${what}: ${reason})${retry}; answering from stored data or the bundled snapshot, and quiet about ${this.provider} until it answers again`,
    );
  }

  private guarded<T>(what: string, fn: () => Promise<T>, classify: Classifier): Promise<T> {
    return withRetry(
      () =>
        this.limiter.run(async () => {
          const trace: CallTrace = { requests: 0 };
          try {
            return await traced(trace, fn);
          } catch (error) {
            const failure = classify(error, trace);
            if (failure.retryAfterMs !== undefined) {
              // Everyone else calling this source waits too (or gives up at once if the wait is too long).
              this.limiter.coolDown(this.deps.clock().getTime() + failure.retryAfterMs);
            }
            throw failure;
          }
        }, this.retry.maxRetryAfterMs),
      this.retry,
      this.deps,
      (error, delayMs) => this.reportDown(what, error.message, delayMs),
    );
  }
}
