// The claims card on the bundled history: each claim's verdict by its written rule and the figures behind it.
// Expected figures: the cycle and baseline values checked against Python in test/core/cycles.test.ts and
// baseline.test.ts; the IWN record closes read from data/snapshot/IWN.csv (a close above every earlier close).
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { Claim } from "../../src/core/answers/claims.ts";

const app = await createApp({ clock: () => new Date("2026-12-02T12:00:00Z") });
const claimsAsOf = async (date?: string) => {
  const reply = await app.run("claims", date ? [`date:${date}`] : []);
  return { reply, byId: new Map((reply.data.claims as Claim[]).map((c) => [c.id, c])) };
};

describe("/claims", () => {
  it("as of the snapshot's end: each claim measured, with its method, n, data date and verdict", async () => {
    const { reply, byId } = await claimsAsOf();
    expect(reply.data.asOf).toBe("2026-08-21");
    expect([...byId.values()].map((c) => [c.id, c.verdict])).toEqual([
      ["btc-380-after-2020-breakout", "partly"],
      ["btc-new-high-after-each-russell-high", "supported"],
      ["eth-follows-russell-breakouts", "not_supported"],
      ["alts-rallied-after-iwm-2017-2021", "supported"],
      ["russell-2000-value-record-dec-2025", "partly"],
      ["russell-leads-crypto", "not_supported"],
      ["crypto-rallies-after-breakouts-when-liquidity-expands", "not_supported"],
    ]);
    const c380 = byId.get("btc-380-after-2020-breakout");
    expect(c380?.measured.fromBreakoutPct).toBeCloseTo(314.06800299795134, 9);
    expect(c380?.measured.fromRetestPct).toBeCloseTo(279.503437708696, 9);
    expect(c380?.measured.retestDate).toBe("2020-11-18");
    expect(byId.get("btc-new-high-after-each-russell-high")?.measured).toEqual({
      "daysToBtcRecordAfter2016-11-14": 18,
      "daysToBtcRecordAfter2020-11-13": 17,
      "daysToBtcRecordAfter2021-11-02": 6,
    });
    const value = byId.get("russell-2000-value-record-dec-2025");
    expect(value?.measured.lastRecordDate).toBe("2025-12-11");
    expect(value?.measured.intradayHigh).toBeNull();
    for (const c of byId.values()) {
      expect(c.method.length).toBeGreaterThan(40);
      expect(c.dataTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(reply.lines).toHaveLength(7);
    expect(reply.lines.every((l) => /^(SUPPORTED|PARTLY|NOT SUPPORTED|UNTESTABLE): /.test(l))).toBe(true);
  });

  it("measures the liquidity claim as /russell conditions on liquidity: the regime known on each event day", async () => {
    const { byId } = await claimsAsOf();
    const claim = byId.get("crypto-rallies-after-breakouts-when-liquidity-expands");
    // The 13-week changes as published by each event day: 2014-12-26 +2.4%, 2020-11-13 +5.4% and
    // 2021-11-02 +3.5% expanding; 2016-11-14 -4.4% contracting (2025-09-18 has no 365 days after it yet).
    expect(claim?.measured).toMatchObject({ expandingN: 3, flatN: 0, contractingN: 1 });
    expect(claim?.n).toBe(3);
    // The same cell /russell's JSON shows for BTC at 365 days.
    const russell = await app.run("russell", []);
    const cell = (russell.data.analogsByLiquidity as Record<string, Record<string, Record<string, unknown>>>)
      .expanding?.BTC?.d365 as { median: number; baseline: { median: number }; pValue: number };
    expect(claim?.measured.expandingMedian365Pct).toBe(cell.median);
    expect(claim?.measured.expandingBaseline365Pct).toBe(cell.baseline.median);
    expect(claim?.measured.expandingPValue).toBe(cell.pValue);
    // The verdict by its rule: above the regime's baseline with p < 0.05, else not supported.
    expect(cell.median > cell.baseline.median && cell.pValue < 0.05).toBe(false);
    expect(claim?.method).toContain("above +1%");
  });

  it("uses only what was known at an earlier date: in mid-2021 the 2020 claims cannot be tested yet", async () => {
    const { byId } = await claimsAsOf("2021-06-01");
    expect(byId.get("btc-380-after-2020-breakout")?.verdict).toBe("untestable");
    expect(byId.get("russell-2000-value-record-dec-2025")?.verdict).toBe("untestable");
    expect(byId.get("btc-new-high-after-each-russell-high")?.n).toBe(2);
    for (const c of byId.values()) expect(c.dataTo === null || c.dataTo <= "2021-06-01").toBe(true);
  });

  it("refuses a malformed or future date in one line", async () => {
    await expect(app.run("claims", ["date:2021-13-01"])).rejects.toThrow(/date/);
    await expect(app.run("claims", ["date:2030-01-01"])).rejects.toThrow(/in the future/);
  });
});
