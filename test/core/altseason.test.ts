import { describe, expect, it } from "vitest";
import { ratioSeries, ratioTrend } from "../../src/core/altcoins/eth-btc.ts";
import { snapshot } from "../support/markets.ts";

describe("ETH/BTC", () => {
  it("ETH/BTC on 2021-02-20 from the same-day closes", async () => {
    const btc = await snapshot.getSeries("BTC");
    const eth = await snapshot.getSeries("ETH");
    const t = ratioTrend(ratioSeries(eth.bars, btc.bars), "2021-02-20");
    expect(t?.value).toBeCloseTo(0.034216586879887746, 12); // ETH.csv / BTC.csv closes of 2021-02-20
    expect(t?.trend).toBe("up");
  });
});
