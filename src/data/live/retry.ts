// Retries with exponential backoff and full jitter, only for retryable upstream errors; a Retry-After
// longer than the policy allows is not waited out here: the caller falls back instead.
import { SourceError } from "../../core/errors.ts";
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
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  onRetry?: (error: SourceError, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof SourceError) || !error.retryable || attempt >= policy.retries) throw error;
      const retryAfterMs = error instanceof UpstreamError ? error.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) throw error;
      const delay = backoffDelay(policy, attempt, deps.random, retryAfterMs);
      onRetry?.(error, delay);
      await deps.sleep(delay);
    }
  }
}
