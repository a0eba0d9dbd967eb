import { describe, expect, it } from "vitest";
import {
  dailySeasonIndex,
  isAltcoin,
  latestSeasonIndex,
  seasonIndexAt,
  seasonInputs,
  seasonReason,
  snapshotSeasonIndex,
  topAltcoins,
  wilsonInterval,
} from "../../src/core/altcoins/season-index.ts";
import { seededRandom } from "../../src/core/analytics/baseline.ts";
import { loadSeasonInputs } from "../../src/core/answers/market-views.ts";
import type { MonthlyRanking, RankEntry } from "../../src/core/ports.ts";
import { parseRankingsCsv } from "../../src/data/rankings-csv.ts";
import { localeFor } from "../../src/i18n/index.ts";
import { snapshot } from "../support/markets.ts";

async function inputs() {
  const btc = await snapshot.getSeries("BTC");
  return (await loadSeasonInputs(snapshot, btc)).inputs;
}

describe("Wilson interval", () => {
  it("matches the closed form (values from Python, z = 1.6449 for 90%)", () => {
    // Python: p=k/n; d=1+z²/n; c=(p+z²/2n)/d; h=z*sqrt(p(1-p)/n+z²/4n²)/d
    const [lo, hi] = wilsonInterval(12, 50) as [number, number];
    expect(lo).toBeCloseTo(15.5667, 3);
    expect(hi).toBeCloseTo(35.1026, 3);
    expect(wilsonInterval(0, 10)?.[1]).toBeCloseTo(21.2942, 3);
    expect(wilsonInterval(10, 10)?.[0]).toBeCloseTo(78.7058, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("covers the true share about 90% of the time (simulation, true share known)", () => {
    const random = seededRandom(42);
    for (const [p, n] of [
      [0.3, 50],
      [0.75, 12],
      [0.1, 20],
    ] as const) {
      let covered = 0;
      const draws = 4000;
      for (let d = 0; d < draws; d++) {
        let k = 0;
        for (let i = 0; i < n; i++) if (random() < p) k++;
        const [lo, hi] = wilsonInterval(k, n) as [number, number];
        if (lo <= p * 100 && p * 100 <= hi) covered++;
      }
      // Wilson's coverage oscillates around the nominal level for small n; 86-95% over these cases.
      expect(covered / draws).toBeGreaterThan(0.86);
      expect(covered / draws).toBeLessThan(0.96);
    }
  });
});

describe("the universe: top 50 by market cap at the window's start, as known then", () => {
  it("leaves out BTC, stablecoins, wrapped and staked tokens, and keeps coins that later faded", async () => {
    expect(isAltcoin({ symbol: "USDT", name: "Tether" })).toBe(false);
    expect(isAltcoin({ symbol: "BTCB", name: "Bitcoin BEP2" })).toBe(false);
    expect(isAltcoin({ symbol: "STETH", name: "Lido Staked ETH" })).toBe(false);
    expect(isAltcoin({ symbol: "XYZ", name: "Wrapped XYZ" })).toBe(false);
    expect(isAltcoin({ symbol: "DAI", name: "Dai" })).toBe(false);
    const rankings = await snapshot.getRankings();
    const may2022 = rankings.find((r) => r.date === "2022-05-01") as MonthlyRanking;
    const top = topAltcoins(may2022).map((e) => e.symbol);
    expect(top).toHaveLength(50);
    // Terra (LUNA) and TerraUSD's issuer chain were top-10 coins in May 2022, days before they collapsed.
    expect(top).toContain("LUNA");
    expect(top).not.toContain("UST");
    expect(top).not.toContain("USDT");
  });

  it("2021-06-01 to 2021-09-01 from CoinMarketCap's snapshots: 12 of 50 beat BTC's +33.2%", async () => {
    // Hand check (Python over data/snapshot/CRYPTO_RANKS_MONTHLY.csv): BTC 36,684.93 -> 48,847.03; of the 50 top
    // altcoins of 2021-06-01, these gained more: ETH ADA BNB DOT SOL XTZ FTT CAKE ATOM LUNA AVAX EGLD.
    const rankings = await snapshot.getRankings();
    const start = rankings.find((r) => r.date === "2021-06-01") as MonthlyRanking;
    const end = rankings.find((r) => r.date === "2021-09-01") as MonthlyRanking;
    const index = snapshotSeasonIndex(start, end);
    expect(index.universe).toBe(50);
    expect([...index.outperformers].sort()).toEqual(
      ["ETH", "ADA", "BNB", "DOT", "SOL", "XTZ", "FTT", "CAKE", "ATOM", "LUNA", "AVAX", "EGLD"].sort(),
    );
    expect(index.value).toBe(24);
    expect(index.label).toBe("bitcoin season");
    expect(index.windowDays).toBe(92);
    expect(index.interval?.[0]).toBeCloseTo(15.5667, 3);
  });

  it("a member that fell out of the top 200 counts as behind BTC only when the 200th coin's cap proves it", () => {
    const entry = (rank: number, symbol: string, cap: number, price: number): RankEntry => ({
      rank,
      symbol,
      name: symbol,
      marketCapUsd: cap,
      priceUsd: price,
    });
    const coins = (n: number, price: number) =>
      Array.from({ length: n }, (_, i) => entry(i + 2, `C${i}`, 1000 - i, price));
    const start: MonthlyRanking = {
      date: "2022-02-01",
      source: "cmc",
      entries: [entry(1, "BTC", 1e6, 100), entry(2, "GONE", 5000, 1), ...coins(12, 1)],
    };
    // BTC flat; every coin flat; GONE is absent and the smallest cap listed is 900, far below its 5000.
    const end: MonthlyRanking = {
      date: "2022-05-01",
      source: "cmc",
      entries: [entry(1, "BTC", 1e6, 100), ...coins(12, 1)],
    };
    const index = snapshotSeasonIndex(start, end);
    expect(index.droppedOut).toEqual(["GONE"]);
    expect(index.universe).toBe(13);
    // If the smallest listed cap were above GONE's, GONE might have kept pace: it is left out, not guessed.
    const rich: MonthlyRanking = {
      ...end,
      entries: end.entries.map((e) => ({ ...e, marketCapUsd: 10_000 })),
    };
    const unsure = snapshotSeasonIndex(start, rich);
    expect(unsure.droppedOut).toEqual([]);
    expect(unsure.universe).toBe(12);
    expect(unsure.reason).toMatch(/1 of the top 50 without a price at both dates left out/);
  });
});

describe("the index at a date, and when there is none", () => {
  it("2025-12-31: only ETH has closes on both dates, so there is no index, and the reason says so", async () => {
    const index = seasonIndexAt(await inputs(), "2025-12-31");
    expect(index.value).toBeNull();
    expect(index.interval).toBeNull();
    expect(index.universe).toBe(1);
    expect(index.reason).toBe("only 1 coin with data for this date: no index (at least 10 needed)");
    expect(seasonReason(index, localeFor("es"))).toBe(
      "solo 1 moneda con datos para esta fecha: sin índice (se necesitan al menos 10)",
    );
  });

  it("2019-08-01, from daily closes: the top 50 of the 2019-05-01 rank list that riskon has closes for", async () => {
    // Hand check (Python over data/snapshot): window 2019-05-03 -> 2019-08-01, BTC +80.3%; the list's top 50
    // altcoins with closes on both dates are ETH XRP LTC EOS BNB XLM ADA TRX XEM CRO DOGE LINK; only LINK beat BTC.
    const index = seasonIndexAt(await inputs(), "2019-08-01");
    expect(index.method).toBe("daily-closes");
    expect(index.membershipDate).toBe("2019-05-01");
    expect(index.universe).toBe(12);
    expect(index.outperformers).toEqual(["LINK"]);
    expect(index.value).toBe(8);
    expect(index.label).toBe("bitcoin season");
    expect(index.reason).toBe("12 of the top 50 at 2019-05-01 have closes here on both dates");
    expect(seasonReason(index, localeFor("es"))).toBe(
      "12 del top 50 al 1 may 2019 tienen cierres aquí en ambas fechas",
    );
  });

  it("a ranking older than 62 days is not used as membership", () => {
    const btc = new Map([
      ["2020-01-01", 1],
      ["2020-03-31", 2],
    ]);
    const ranking: MonthlyRanking = {
      date: "2019-10-01",
      source: "list",
      entries: [{ rank: 1, symbol: "ETH", name: "", marketCapUsd: null, priceUsd: null }],
    };
    const index = dailySeasonIndex([ranking], new Map(), btc, "2020-03-31");
    expect(index.value).toBeNull();
    expect(index.reason).toMatch(/no market-cap ranking within 62 days before 2020-01-01/);
  });

  it("uses nothing dated after the as-of date: the same answer on a history cut at that date", async () => {
    const { truncatedMarket } = await import("../support/markets.ts");
    const cut = truncatedMarket("2021-09-10");
    const btc = await cut.getSeries("BTC");
    const { inputs: cutInputs } = await loadSeasonInputs(cut, btc);
    expect(seasonIndexAt(cutInputs, "2021-09-10")).toEqual(seasonIndexAt(await inputs(), "2021-09-10"));
  });

  it("the latest index with enough coins, looking back from a date without one", async () => {
    const latest = latestSeasonIndex(await inputs(), "2026-08-20");
    expect(latest?.windowEnd).toBe("2025-10-01");
    expect(latest?.universe).toBe(50);
  });

  it("seasonInputs keeps the closes by date", () => {
    const s = seasonInputs([], [{ id: "ETH", bars: [{ date: "2020-01-01", close: 2 }] }], []);
    expect(s.closes.get("ETH")?.get("2020-01-01")).toBe(2);
  });
});

describe("the rankings file", () => {
  it("reads caps and prices, a blank or non-positive one as no value", () => {
    const text =
      "date,source,rank,symbol,name,market_cap_usd,price_usd\n2020-01-01,cmc,2,ETH,Ethereum,0,130\n2020-01-01,cmc,1,BTC,Bitcoin,130580829150,\n";
    const [month] = parseRankingsCsv(text, "r.csv");
    expect(month?.entries.map((e) => [e.rank, e.symbol, e.marketCapUsd, e.priceUsd])).toEqual([
      [1, "BTC", 130580829150, null],
      [2, "ETH", null, 130],
    ]);
  });

  it("a malformed row is one line naming the file and line", () => {
    expect(() =>
      parseRankingsCsv(
        "date,source,rank,symbol,name,market_cap_usd,price_usd\n2020-13-01,cmc,1,BTC,B,1,1\n",
        "r.csv",
      ),
    ).toThrow("r.csv line 2: expected date, source cmc or list, and a rank from 1.");
    expect(() => parseRankingsCsv("date,rank\n", "r.csv")).toThrow(
      "r.csv: the header lacks source, symbol, name, market_cap_usd, price_usd.",
    );
  });
});
