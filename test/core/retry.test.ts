import { describe, expect, it } from "vitest";
import { fullJitter, retry } from "../../src/core/base/retry.ts";

describe("retry", () => {
  it("retries while the plan gives a wait, sleeping that long, and rethrows the last error when it gives up", async () => {
    const slept: number[] = [];
    const seen: string[] = [];
    let calls = 0;
    const attempt = async (n: number) => {
      calls++;
      throw new Error(`failure ${n}`);
    };
    await expect(
      retry(attempt, {
        sleep: async (ms) => {
          slept.push(ms);
        },
        delayMs: (_error, n) => (n < 2 ? 100 * (n + 1) : null),
        onRetry: (error, ms) => seen.push(`${(error as Error).message} → ${ms}`),
      }),
    ).rejects.toThrow("failure 2");
    expect(calls).toBe(3);
    expect(slept).toEqual([100, 200]);
    expect(seen).toEqual(["failure 0 → 100", "failure 1 → 200"]);
    expect(await retry(async (n) => n, { sleep: async () => {}, delayMs: () => null })).toBe(0);
  });

  it("full jitter stays within [0, min(max, base * 2^attempt))", () => {
    expect(fullJitter(1000, 30_000, 0, () => 0.999)).toBe(999);
    expect(fullJitter(1000, 30_000, 3, () => 0.5)).toBe(4000);
    expect(fullJitter(1000, 30_000, 10, () => 0.5)).toBe(15_000);
    expect(fullJitter(1000, 30_000, 2, () => 0)).toBe(0);
  });
});
