// The one retry loop: upstream requests, digest sends, Telegram's polling start and its 429s all retry through
// it. What is worth retrying, how long to wait before the next attempt and when to give up are the caller's
// plan; the clock is injected (a fake one in tests).

export interface RetryPlan {
  /** The wait before the next attempt after `error` ended attempt `attempt` (0-based), or null to give up. */
  delayMs(error: unknown, attempt: number): number | null;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each wait, e.g. to log once. */
  readonly onRetry?: (error: unknown, delayMs: number, attempt: number) => void;
}

/** Runs `attempt` until it resolves or the plan gives up; then the last error is thrown. */
export async function retry<T>(attempt: (n: number) => Promise<T>, plan: RetryPlan): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delay = plan.delayMs(error, n);
      if (delay === null) throw error;
      plan.onRetry?.(error, delay, n);
      await plan.sleep(delay);
    }
  }
}

/** Full jitter: a uniform wait in [0, min(max, base * 2^attempt)], so many retrying clients spread out. */
export function fullJitter(baseMs: number, maxMs: number, attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}
