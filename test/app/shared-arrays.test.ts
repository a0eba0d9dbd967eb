// Long arrays sent to a worker once and referred to afterwards (src/app/shared-arrays.ts): the same bars arrive
// as the same array on the worker's side from one request to the next, the worker keeps at most KEEP of them, and
// a side that forgot what the other holds starts both again.
import { describe, expect, it } from "vitest";
import { KEEP, ReceivedArrays, SentArrays } from "../../src/app/shared-arrays.ts";

/** Through the structured clone a message really crosses. */
const cross = <T>(value: T): T => structuredClone(value);
const bars = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ date: `d${from + i}`, close: from + i }));

describe("shared arrays", () => {
  it("sends a long array once: the next request refers to it, and the worker hands out the same array", () => {
    const sent = new SentArrays();
    const received = new ReceivedArrays();
    const series = { id: "BTC", bars: bars(500), source: { provider: "x" } };
    const short = [1, 2, 3];
    const first = sent.encode([series, "2024-01-02", short]);
    expect(first.arrays.map(([, a]) => a.length)).toEqual([500]);
    const a = received.decode(cross(first));
    const second = sent.encode([series, "2024-06-03", short]);
    expect(second.arrays).toEqual([]); // only the reference crosses
    const b = received.decode(cross(second));
    expect((b[0] as typeof series).bars).toBe((a[0] as typeof series).bars);
    expect((b[0] as typeof series).bars).toEqual(series.bars);
    expect(b.slice(1)).toEqual(["2024-06-03", short]);
  });

  it("keeps at most KEEP arrays on both sides, dropping the least recently used", () => {
    const sent = new SentArrays();
    const received = new ReceivedArrays();
    const all = Array.from({ length: KEEP + 10 }, (_, i) => bars(40, i * 100));
    for (const array of all) received.decode(cross(sent.encode([array])));
    expect(sent.size).toBe(KEEP);
    // The newest are held: sent again, they go by reference; the oldest were dropped and go whole.
    expect(sent.encode([all.at(-1)]).arrays).toEqual([]);
    const oldest = sent.encode([all[0]]);
    expect(oldest.arrays).toHaveLength(1);
    expect(() => received.decode(cross(oldest))).not.toThrow();
  });

  it("a fresh sending side makes the worker forget what it held; a reference it lacks is an error, not a guess", () => {
    const received = new ReceivedArrays();
    const array = bars(100);
    received.decode(cross(new SentArrays().encode([array])));
    const again = new SentArrays(); // as after a message that could not be sent
    const message = again.encode([array]);
    expect(message.reset).toBe(true);
    expect(message.arrays).toHaveLength(1);
    received.decode(cross(message));
    const next = again.encode([array]);
    expect(next.reset).toBe(false);
    expect(() => new ReceivedArrays().decode(cross(next))).toThrow(/does not hold array/);
  });
});
