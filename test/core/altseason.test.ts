import { describe, expect, it } from "vitest";
import {
  altcoinSeasonIndex,
  describeBasket,
  equalWeightBasket,
  equalWeightIndex,
  ratioSeries,
  ratioTrend,
} from "../../src/core/altseason.ts";
import { ALTSEASON_UNIVERSE, OTHERS } from "../../src/core/catalog.ts";
import { loadMany, loadOthers } from "../../src/core/market-views.ts";
import { snapshot } from "../support/markets.ts";

describe("equal-weight index, rebalanced each quarter", () => {
  it("holds equal shares from a rebalance until the next quarter", () => {
    const a = [
      { date: "2020-03-30", close: 10 },
      { date: "2020-03-31", close: 20 },
      { date: "2020-04-01", close: 20 },
      { date: "2020-04-02", close: 40 },
    ];
    const b = [
      { date: "2020-03-30", close: 5 },
      { date: "2020-03-31", close: 5 },
      { date: "2020-04-01", close: 10 },
      { date: "2020-04-02", close: 10 },
    ];
    // Hand calculation: 03-30 level 100 = 5 units of A + 10 units of B. 03-31: 5*20 + 10*5 = 150.
    // 04-01 (new quarter): value 5*20 + 10*10 = 200, then rebalanced to 5 units A + 10 units B (100 each).
    // 04-02: 5*40 + 10*10 = 300.
    const index = equalWeightIndex(
      [
        { id: "A", bars: a },
        { id: "B", bars: b },
      ],
      2,
    );
    expect(index.map((x) => x.close)).toEqual([100, 150, 200, 300]);
  });
});

describe("the OTHERS proxy's members over time", () => {
  it("a coin joins at the first quarter start it has a close on, and the periods say so", async () => {
    // First closes in data/snapshot: XRP 2013-08-05, DOGE 2013-12-16, XLM 2014-08-06 (the third coin: the index
    // starts), TRX 2017-09-14, LINK 2017-09-21, ADA 2017-10-02, SOL 2020-04-10, AVAX 2020-07-13.
    const others = await loadOthers(snapshot);
    expect(others.id).toBe(OTHERS.id);
    expect(others.composition?.map((p) => [p.from, p.members.length])).toEqual([
      ["2014-08-06", 3],
      ["2017-10-01", 5],
      ["2018-01-01", 6],
      ["2020-07-01", 7],
      ["2020-10-01", 8],
    ]);
    const composition = others.composition ?? [];
    expect(describeBasket(composition, "2016-11-14")).toBe("3 coins from 2014-08-06 (XRP, DOGE, XLM)");
    expect(describeBasket(composition, "2018-01-01")).toBe(
      "3 coins from 2014-08-06 (XRP, DOGE, XLM); 5 coins from 2017-10-01 (+LINK, +TRX); 6 coins from 2018-01-01 (+ADA)",
    );
  });
  it("a coin without a close on a rebalance day leaves, and comes back at a later one", () => {
    const bars = (dates: string[]) => dates.map((date) => ({ date, close: 1 }));
    const { periods } = equalWeightBasket(
      [
        { id: "A", bars: bars(["2020-03-31", "2020-04-01", "2020-07-01"]) },
        { id: "B", bars: bars(["2020-03-31", "2020-04-01", "2020-07-01"]) },
        { id: "C", bars: bars(["2020-03-31", "2020-07-01"]) },
      ],
      2,
    );
    expect(periods).toEqual([
      { from: "2020-03-31", members: ["A", "B", "C"] },
      { from: "2020-04-01", members: ["A", "B"] },
      { from: "2020-07-01", members: ["A", "B", "C"] },
    ]);
    expect(describeBasket(periods, "2020-12-31")).toBe(
      "3 coins from 2020-03-31 (A, B, C); 2 coins from 2020-04-01 (-C); 3 coins from 2020-07-01 (+C)",
    );
  });
});

describe("Altcoin Season Index (Blockchain Center definition) on the snapshot", () => {
  it("2021-02-20: 13 of 20 coins beat BTC over 90 days", async () => {
    // Hand check (Python over data/snapshot): BTC 2020-11-22 -> 2021-02-20 gained 205.4%; of the 20 coins with
    // closes on both dates, 13 gained more: AAVE ADA ATOM AVAX BNB DOGE DOT ETH MIOTA SOL UNI XEM XLM.
    const btc = await snapshot.getSeries("BTC");
    const { found } = await loadMany(snapshot, ALTSEASON_UNIVERSE);
    const result = altcoinSeasonIndex(found, btc.bars, "2021-02-20");
    expect(result?.universe).toBe(20);
    expect([...(result?.outperformers ?? [])].sort()).toEqual(
      [
        "AAVE",
        "ADA",
        "ATOM",
        "AVAX",
        "BNB",
        "DOGE",
        "DOT",
        "ETH",
        "MIOTA",
        "SOL",
        "UNI",
        "XEM",
        "XLM",
      ].sort(),
    );
    expect(result?.value).toBe(65);
    expect(result?.label).toBe("neither");
  });

  it("labels 75 and above altcoin season, 25 and below bitcoin season", () => {
    const flat = (id: string, end: number) => ({
      id,
      bars: [
        { date: "2020-01-01", close: 1 },
        { date: "2020-03-31", close: end },
      ],
    });
    const btc = flat("BTC", 2).bars;
    const coins = [flat("A", 3), flat("B", 3), flat("C", 3), flat("D", 1)];
    expect(altcoinSeasonIndex(coins, btc, "2020-03-31")?.value).toBe(75);
    expect(altcoinSeasonIndex(coins, btc, "2020-03-31")?.label).toBe("altcoin season");
    expect(altcoinSeasonIndex([flat("A", 1)], btc, "2020-03-31")?.label).toBe("bitcoin season");
  });

  it("ETH/BTC on 2021-02-20 from the same-day closes", async () => {
    const btc = await snapshot.getSeries("BTC");
    const eth = await snapshot.getSeries("ETH");
    const t = ratioTrend(ratioSeries(eth.bars, btc.bars), "2021-02-20");
    expect(t?.value).toBeCloseTo(0.034216586879887746, 12); // ETH.csv / BTC.csv closes of 2021-02-20
    expect(t?.trend).toBe("up");
  });
});
