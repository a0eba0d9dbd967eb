// Data-only work shared per data version (src/core/base/memo.ts): the same bars give the kept result, new bars (a
// new data version, even with the same closes) a new computation, and each function keeps a bounded number.
import { describe, expect, it } from "vitest";
import { recordReport } from "../../src/core/analytics/russell.ts";
import { argumentKey, memoized } from "../../src/core/base/memo.ts";
import { snapshot } from "../support/markets.ts";

describe("memoised data-only work", () => {
  it("keys long arrays by identity, dates, options and short lists by value", () => {
    const bars = Array.from({ length: 40 }, (_, i) => ({ date: `2020-01-${i}`, close: i }));
    expect(argumentKey(bars)).toBe(argumentKey(bars));
    expect(argumentKey(bars)).not.toBe(argumentKey([...bars]));
    expect(argumentKey({ id: "BTC", bars, frequency: "daily" })).toBe(
      argumentKey({ id: "BTC", bars, frequency: "daily" }),
    );
    expect(argumentKey({ id: "BTC", bars })).not.toBe(argumentKey({ id: "ETH", bars }));
    expect(argumentKey(["a", 1, null, undefined])).toBe('["a",n1,null,u]');
    expect(argumentKey("1")).not.toBe(argumentKey(1));
    expect(argumentKey(new Map())).not.toBe(argumentKey(new Map()));
  });

  it("computes once per arguments, again for new bars, and keeps at most its limit", () => {
    let calls = 0;
    const last = memoized((bars: readonly number[], asOf: string) => {
      calls += 1;
      return { asOf, last: bars.at(-1) };
    }, 2);
    const a = Array.from({ length: 100 }, (_, i) => i);
    const first = last(a, "2025-01-02");
    expect(last(a, "2025-01-02")).toBe(first);
    expect(calls).toBe(1);
    const b = [...a, 100]; // a new bar: a new array
    expect(last(b, "2025-01-02").last).toBe(100);
    expect(calls).toBe(2);
    expect(last(a, "2025-01-02")).toBe(first); // now b's entry is the least recently used
    last(a, "2025-01-03"); // a third entry: b's is evicted
    expect(last(a, "2025-01-02")).toBe(first);
    expect(calls).toBe(3);
    last(b, "2025-01-02");
    expect(calls).toBe(4);
    expect(last.stats).toEqual({ hits: 3, misses: 4 });
  });

  it("answers a new bar with the new bar (RUT's record report)", async () => {
    const rut = await snapshot.getSeries("RUT");
    const last = rut.bars.at(-1) as { date: string; close: number };
    const before = recordReport(rut, "2099-01-01");
    expect(recordReport(rut, "2099-01-01")).toBe(before);
    // A session 20% above the last close: a new record, on a new array of bars.
    const next = { date: "2098-12-31", close: last.close * 1.2 };
    const renewed = { ...rut, bars: [...rut.bars, next] };
    const after = recordReport(renewed, "2099-01-01");
    expect(after.index).toEqual({ symbol: "RUT", date: next.date, close: next.close });
    expect(after.ath.date).toBe(next.date);
    expect(before.index.date).toBe(last.date);
  });
});
