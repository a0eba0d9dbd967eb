import { describe, expect, it } from "vitest";
import { collectNewAlerts } from "../../src/app/alert-watcher.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { truncatedMarket } from "../support/markets.ts";

describe("alert watcher", () => {
  it("baselines on first run, then alerts on each new session once, across restarts", async () => {
    const store = new MemoryDigestStore();
    expect(await collectNewAlerts(truncatedMarket("2020-11-10"), store)).toEqual([]); // first run: no history spam
    // Data arrives through 2020-11-13 (the breakout over the 2018-08-31 record, RUT.csv 1744.04 > 1740.75).
    const alerts = await collectNewAlerts(truncatedMarket("2020-11-13"), store);
    expect(alerts.map((a) => a.key)).toEqual(["breakout:RUT:2020-11-13"]);
    // Same data again (a restart, or a poll before new data): nothing new.
    expect(await collectNewAlerts(truncatedMarket("2020-11-13"), store)).toEqual([]);
    // Down for two sessions: both record closes (11-16, 11-17) are still reported, in order.
    const later = await collectNewAlerts(truncatedMarket("2020-11-17"), store);
    expect(later.map((a) => `${a.kind}:${a.date}`)).toEqual(["new_ath:2020-11-16", "new_ath:2020-11-17"]);
  });
});
