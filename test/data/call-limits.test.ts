// Retries (backoff with full jitter, Retry-After, only retryable errors), per-source limits, and how upstream
// statuses become failures the fallback logic understands.
import { describe, expect, it } from "vitest";
import { SourceError } from "../../src/core/base/errors.ts";
import { SourceLimiter } from "../../src/data/live/limiter.ts";
import { backoffDelay, type RetryPolicy, withRetry } from "../../src/data/live/retry.ts";
import { kindOfStatus, parseRetryAfter, UpstreamError } from "../../src/data/live/upstream-error.ts";

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, deps: { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 } };
}

describe("withRetry", () => {
  it("retries retryable failures with exponential backoff and full jitter, capped", async () => {
    const { sleeps, deps } = recorder();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 4) throw new UpstreamError("HTTP 503", "Yahoo Finance", "server", { status: 503 });
        return "ok";
      },
      policy,
      deps,
    );
    expect(result).toBe("ok");
    // random 0.5 of min(1000, 100 * 2^attempt): 50, 100, 200.
    expect(sleeps).toEqual([50, 100, 200]);
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
  });

  it("gives up after the last retry with the upstream's error", async () => {
    const { sleeps, deps } = recorder();
    const failure = new UpstreamError("timed out after 10 s", "Binance", "timeout");
    await expect(withRetry(() => Promise.reject(failure), policy, deps)).rejects.toBe(failure);
    expect(sleeps).toHaveLength(3);
  });

  it("never retries what cannot succeed: malformed answers, geo-blocks, bugs", async () => {
    for (const error of [
      new UpstreamError("malformed response", "Yahoo Finance", "malformed"),
      new UpstreamError("geo-blocked (HTTP 451)", "Binance", "geo-block", { status: 451 }),
      new TypeError("a bug"),
    ]) {
      const { sleeps, deps } = recorder();
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls += 1;
            throw error;
          },
          policy,
          deps,
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("waits at least a server's Retry-After, and not at all when it is longer than the cap", async () => {
    const { sleeps, deps } = recorder();
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1)
          throw new UpstreamError("HTTP 429", "CoinGecko", "rate-limit", { retryAfterMs: 2_000 });
        return 1;
      },
      policy,
      deps,
    );
    expect(sleeps).toEqual([2_000]);
    const long = new UpstreamError("HTTP 429", "CoinGecko", "rate-limit", { retryAfterMs: 119_000 });
    await expect(withRetry(() => Promise.reject(long), policy, deps)).rejects.toBe(long);
    expect(sleeps).toEqual([2_000]);
  });
});

describe("SourceLimiter", () => {
  const deps = (clock = () => new Date("2025-09-30T12:00:00Z")) => ({
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    clock,
    monotonic: () => performance.now(),
  });

  it("runs at most `concurrency` calls at once", async () => {
    const limiter = new SourceLimiter("Yahoo Finance", { concurrency: 2, minIntervalMs: 0 }, deps());
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }, 0),
      ),
    );
    expect(peak).toBe(2);
  });

  it("spaces the starts of calls by the minimum interval", async () => {
    const limiter = new SourceLimiter("CoinGecko", { concurrency: 4, minIntervalMs: 30 }, deps());
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 3 }, () => limiter.run(async () => void starts.push(performance.now()), 0)),
    );
    expect((starts[2] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it("fails fast during a cooldown longer than the caller may wait", async () => {
    const limiter = new SourceLimiter("Yahoo Finance", { concurrency: 1, minIntervalMs: 0 }, deps());
    limiter.coolDown(Date.parse("2025-09-30T12:02:00Z"));
    let called = false;
    const error = await limiter
      .run(async () => {
        called = true;
      }, 5_000)
      .catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as UpstreamError).message).toBe("rate-limited, next try in 120 s");
    expect(limiter.cooldownRemaining()).toBe(120_000);
  });
});

describe("upstream statuses", () => {
  it("classifies statuses and reads Retry-After in both forms", () => {
    expect(kindOfStatus(429)).toBe("rate-limit");
    expect(kindOfStatus(418)).toBe("rate-limit");
    expect(kindOfStatus(451)).toBe("geo-block");
    expect(kindOfStatus(503)).toBe("server");
    expect(kindOfStatus(504)).toBe("timeout");
    expect(kindOfStatus(404)).toBe("not-found");
    const now = Date.parse("2025-09-30T12:00:00Z");
    expect(parseRetryAfter("119", now)).toBe(119_000);
    expect(parseRetryAfter("Tue, 30 Sep 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
