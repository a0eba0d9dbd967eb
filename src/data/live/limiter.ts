// Per-source limits: at most N calls at once, starts spaced by a minimum interval, and a cooldown after
// a rate limit so every caller of that source waits (or gives up at once when the wait is too long).
import { describeMs, UpstreamError } from "./upstream-error.ts";

export interface LimitSettings {
  readonly concurrency: number;
  readonly minIntervalMs: number;
}

export interface LimiterDeps {
  readonly sleep: (ms: number) => Promise<void>;
  /** Wall clock for cooldowns (a server's Retry-After is wall-clock time). */
  readonly clock: () => Date;
  /** Monotonic milliseconds for spacing starts. */
  readonly monotonic: () => number;
}

export class SourceLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private lastStart = Number.NEGATIVE_INFINITY;
  private cooldownUntil = 0;

  constructor(
    private readonly provider: string,
    private readonly settings: LimitSettings,
    private readonly deps: LimiterDeps,
  ) {}

  /** Pauses this source until `untilMs` (wall clock), e.g. after a 429 with Retry-After. */
  coolDown(untilMs: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, untilMs);
  }

  /** Milliseconds left in the cooldown, 0 when none. */
  cooldownRemaining(): number {
    return Math.max(0, this.cooldownUntil - this.deps.clock().getTime());
  }

  /** Runs `fn` within the limits; throws a rate-limit UpstreamError when the cooldown is longer than `maxWaitMs`. */
  async run<T>(fn: () => Promise<T>, maxWaitMs: number): Promise<T> {
    await this.acquire();
    try {
      const remaining = this.cooldownRemaining();
      if (remaining > maxWaitMs) {
        throw new UpstreamError(
          `rate-limited, next try in ${describeMs(remaining)}`,
          this.provider,
          "rate-limit",
          {
            retryAfterMs: remaining,
          },
        );
      }
      if (remaining > 0) await this.deps.sleep(remaining);
      // Reserve the start time before waiting, so concurrent callers space out instead of bunching.
      const now = this.deps.monotonic();
      const start = Math.max(now, this.lastStart + this.settings.minIntervalMs);
      this.lastStart = start;
      if (start > now) await this.deps.sleep(start - now);
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.settings.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
