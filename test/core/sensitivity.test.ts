// How the after-breakout medians move with the event rule, on the real history. Expected values: the issue's
// own measurement (BTC's 90-day median after ^RUT breakouts: -24% with a 126-session gap, +42% with 252, +84%
// with 504), reproduced by the same forward-return definition the analogs use (test/core/analogs.test.ts).
import { describe, expect, it } from "vitest";
import { analogsFor, recordReport } from "../../src/core/analytics/russell.ts";
import { sensitivityLine, sensitivityRows } from "../../src/core/analytics/sensitivity.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");
const iwm = await snapshot.getSeries("IWM");
const iwmPrice = await snapshot.getSeries("IWM_PRICE");
const btc = await snapshot.getSeries("BTC");
const AS_OF = "2026-08-21";

describe("event-rule sensitivity", () => {
  it("BTC's 90-day median after ^RUT breakouts by minimum gap: -25%, -24%, +42%, +84%", () => {
    const rows = sensitivityRows([{ basis: "price", bars: rut.bars }], [btc], AS_OF);
    expect(rows.map((r) => r.minSessionsSincePriorHigh)).toEqual([63, 126, 252, 504]);
    expect(rows.map((r) => r.events)).toEqual([23, 17, 10, 5]);
    expect(rows.map((r) => Math.round(r.summary.BTC?.d90.median ?? Number.NaN))).toEqual([-25, -24, 42, 84]);
    expect(rows.map((r) => r.summary.BTC?.d90.n)).toEqual([6, 5, 3, 2]);
  });

  it("the 126-session row on the answer's own series equals the main summary; price closes move the events", () => {
    const record = recordReport(iwm, AS_OF);
    const main = analogsFor(record.events, [btc], AS_OF, iwm.bars).summary.BTC;
    const rows = sensitivityRows(
      [
        { basis: "total_return", bars: iwm.bars },
        { basis: "price", bars: iwmPrice.bars },
      ],
      [btc],
      AS_OF,
    );
    const same = rows.find((r) => r.basis === "total_return" && r.minSessionsSincePriorHigh === 126);
    expect(same?.summary.BTC?.d90).toEqual({ n: main?.d90.n, median: main?.d90.median });
    expect(same?.summary.BTC?.d365).toEqual({ n: main?.d365.n, median: main?.d365.median });
    const price = rows.find((r) => r.basis === "price" && r.minSessionsSincePriorHigh === 126);
    expect(price?.events).toBe(10);
    expect(same?.events).toBe(11);
  });

  it("says in one line whether each sign holds across the rules", () => {
    const rows = sensitivityRows([{ basis: "price", bars: rut.bars }], [btc], AS_OF);
    expect(sensitivityLine(rows, ["BTC"])).toBe(
      "Rule sensitivity (gaps 63/126/252/504 sessions): BTC 90d changes sign (positive under 2 of 4); BTC 365d positive under all 4.",
    );
    expect(sensitivityLine([], ["BTC"])).toBe("");
  });
});
