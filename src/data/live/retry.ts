// Retries with exponential backoff and full jitter, only for retryable upstream errors; a Retry-After
// longer than the policy allows is not waited out here: the caller falls back instead.
import { SourceError } from "../../core/base/errors.ts";
import { fullJitter, retry } from "../../core/base/retry.ts";
import { UpstreamError } from "./upstream-error.ts";

export interface RetryPolicy {
  /** Extra attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After above this is not waited for. */
  readonly maxRetryAfterMs: number;
}

export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** Full jitter: a uniform delay in [0, min(max, base * 2^attempt)], never below a server's Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs = 0) {
  return Math.max(retryAfterMs, fullJitter(policy.baseDelayMs, policy.maxDelayMs, attempt, random));
}

export function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  onRetry?: (error: SourceError, delayMs: number) => void,
): Promise<T> {
  return retry(fn, {
    sleep: deps.sleep,
    delayMs(error, attempt) {
      if (!(error instanceof SourceError) || !error.retryable || attempt >= policy.retries) return null;
      const retryAfterMs = error instanceof UpstreamError ? error.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return null;
      return backoffDelay(policy, attempt, deps.random, retryAfterMs);
    },
    ...(onRetry ? { onRetry: (error, delay) => onRetry(error as SourceError, delay) } : {}),
  });
}
