// Each adapter against its fake: every exchange in the chain pages through history in the fewest requests its
// page size allows, Yahoo's null bars are dropped, CoinGecko's market overview degrades instead of failing,
// offline mode calls nothing, and /status reports it all.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { renderPlainText } from "../../src/core/answers/format.ts";
import { addDays, addYears } from "../../src/core/base/dates.ts";
import { liveConfig } from "../../src/data/live-config.ts";
import { createMarketData } from "../../src/data/market-service.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";
import { COINGECKO_429_BODY, COINGECKO_500_BODY } from "../fakes/coingecko-fake.ts";
import { exchangeClose, expectedCandles, FIRST_DATES, liveBars } from "../fakes/exchange-fakes.ts";
import { type FakeWorld, startFakeWorld } from "../fakes/fake-world.ts";
import { history } from "../fakes/history.ts";

const T0 = "2025-09-30T12:00:00Z";
const FROM = addYears("2025-09-30", -10);
let world: FakeWorld;

beforeAll(async () => {
  world = await startFakeWorld({ at: T0 });
});
afterAll(() => world.close());
afterEach(() => {
  world.clock.set(T0);
  world.clearFaults();
  world.resetLogs();
});

describe("every exchange of the chain, alone", () => {
  it("Bybit: 1,000 candles per window from the backfill start, newest first in the answer", async () => {
    const btc = await world.market({ exchanges: ["bybit"] }).getSeries("BTC");
    const candles = expectedCandles("BTC", FROM, world.clock.now(), FIRST_DATES.bybit["*"]);
    // Windows of 1,000 days from 2015-09-30 up to now: ceil(3,654 / 1,000) = 4 (the ones before Bybit's first
    // candle come back empty: a window exchange cannot tell where a coin's history starts).
    expect(world.bybit.candleRequestsFor("BTC")).toBe(4);
    expect(world.bybit.marketRequests()).toBe(1);
    expect(liveBars(btc).map((b) => b.close)).toEqual(candles.map((c) => exchangeClose(c.close)));
    expect(btc.source.provider).toBe("Bybit BTC/USDT");
  });

  it("OKX: history candles 100 at a time (its real limit, below ccxt's 300), no gaps", async () => {
    const sol = await world.market({ exchanges: ["okx"] }).getSeries("SOL");
    const candles = expectedCandles("SOL", FROM, world.clock.now(), FIRST_DATES.okx["*"]);
    // OKX pages are windows too: ceil(3,653 days / 100) = 37, whatever day SOL was listed.
    expect(world.okx.candleRequestsFor("SOL")).toBe(37);
    expect(liveBars(sol).map((b) => b.date)).toEqual(candles.map((c) => c.date));
    expect(sol.source.provider).toBe("OKX SOL/USDT");
  });

  it("Coinbase: US dollar pairs, 300 candles per window (its documented maximum), none wider", async () => {
    const btc = await world.market({ exchanges: ["coinbase"] }).getSeries("BTC");
    const candles = expectedCandles("BTC", FROM, world.clock.now(), FIRST_DATES.coinbase.BTC);
    // Windows of 300 days from 2015-09-30: ceil(3,654 / 300) = 13; the products and currencies lists once.
    expect(world.coinbase.candleRequestsFor("BTC")).toBe(13);
    expect(world.coinbase.marketRequests()).toBe(1);
    expect(liveBars(btc).map((b) => b.close)).toEqual(candles.map((c) => c.close));
    expect(btc.source.provider).toBe("Coinbase BTC/USD");
    // The fake refuses what Coinbase refuses: a range of more than 300 candles.
    const wide = await fetch(
      `${world.coinbase.url}/products/BTC-USD/candles?granularity=86400&start=2020-01-01T00:00:00Z&end=2020-12-31T00:00:00Z`,
    );
    expect(wide.status).toBe(400);
  });

  it("Coinbase: ETH-USD starts 2016-05-18; a longer backfill keeps the bundled bars before it", async () => {
    const eth = await world.market({ exchanges: ["coinbase"], backfillYears: 12 }).getSeries("ETH");
    expect(liveBars(eth)[0]?.date).toBe("2016-05-18");
    expect(eth.source.segments?.map((s) => [s.provider, s.from])).toEqual([
      ["Yahoo Finance ETH-USD (CoinMarketCap before 2017-11-09)", "2015-08-08"],
      ["Coinbase ETH/USD", "2016-05-18"],
    ]);
  });

  it("Kraken: one request, the latest 720 daily candles only (documented caveat)", async () => {
    const doge = await world.market({ exchanges: ["kraken"] }).getSeries("DOGE");
    expect(world.kraken.candleRequestsFor("DOGE")).toBe(1);
    expect(world.kraken.marketRequests()).toBe(2); // Assets and AssetPairs
    expect(liveBars(doge)).toHaveLength(720);
    expect(doge.bars.at(-1)?.date).toBe("2025-09-29");
    // Its older days come from the bundled snapshot, joined before Kraken's first candle.
    expect(doge.bars[0]?.date).toBe("2013-12-16");
    expect(doge.source.provider).toBe("Kraken DOGE/USDT");
  });

  it("an incremental refresh is one request on every exchange", async () => {
    for (const id of ["binance", "bybit", "okx", "coinbase", "kraken"] as const) {
      world.clock.set(T0);
      const market = world.market({ exchanges: [id] });
      await market.getSeries("ETH");
      world.resetLogs();
      world.clock.set("2025-10-03T12:00:00Z");
      const eth = await market.getSeries("ETH");
      expect(world.totalRequests(), id).toBe(1);
      expect(eth.bars.at(-1)?.date, id).toBe("2025-10-03");
      expect(eth.bars.filter((b) => b.date >= "2025-09-29").map((b) => b.date)).toEqual([
        "2025-09-29",
        "2025-09-30",
        "2025-10-01",
        "2025-10-02",
        "2025-10-03",
      ]);
    }
  });
});

describe("Yahoo", () => {
  it("drops null bars instead of storing them or failing", async () => {
    world.yahoo.nullBars("^GSPC", ["2025-09-25", "2025-09-26"]);
    try {
      const gspc = await world.market().getSeries("GSPC");
      const dates = gspc.bars.map((b) => b.date);
      expect(dates).not.toContain("2025-09-25");
      expect(dates).not.toContain("2025-09-26");
      expect(dates.slice(-2)).toEqual(["2025-09-24", "2025-09-29"]);
      expect(gspc.source).toMatchObject({ provider: "Yahoo Finance ^GSPC", freshness: "live" });
    } finally {
      world.yahoo.nullBars("^GSPC", []);
    }
  });

  it("^GSPC, not in the bundled snapshot, fails plainly when Yahoo is down on a cold start", async () => {
    world.yahoo.server.inject({ fault: { kind: "status", status: 500, body: "" } });
    await expect(world.market().getSeries("GSPC")).rejects.toThrow(
      "GSPC: live source failed (Yahoo Finance unavailable (HTTP 500)), and the bundled snapshot does not have it",
    );
  });
});

describe("TOTAL3 recorded live from CoinGecko /global", () => {
  // fixtures/formats/global.json by hand (Python): total 2,142,953,338,976.9612 x (1 - (38.259132842486686 +
  // 18.555868478228195) / 100), rounded.
  const total3 = 925434371135;

  it("keeps each UTC day's last good answer, so the series grows while the bot runs", async () => {
    const market = world.market();
    const first = await market.getSeries("TOTAL3_LIVE");
    expect(first.bars).toEqual([{ date: "2025-09-30", close: total3 }]);
    expect(first.source).toMatchObject({ provider: "CoinGecko /global (recorded daily)", freshness: "live" });
    world.clock.set("2025-10-01T12:00:00Z");
    const second = await market.getSeries("TOTAL3_LIVE");
    expect(second.bars.map((b) => b.date)).toEqual(["2025-09-30", "2025-10-01"]);
    // Within the overview's five minutes no new request is made.
    const before = world.coingecko.server.requests.length;
    await market.getSeries("TOTAL3_LIVE");
    expect(world.coingecko.server.requests.length).toBe(before);
  });

  it("once today's value is recorded, an answer does not wait on CoinGecko, even after the overview's TTL", async () => {
    const market = world.market();
    await market.getSeries("TOTAL3_LIVE");
    world.clock.set("2025-09-30T18:00:00Z");
    world.coingecko.server.inject({ fault: { kind: "hang" } });
    const before = world.coingecko.server.requests.length;
    const later = await market.getSeries("TOTAL3_LIVE");
    expect(later.bars).toEqual([{ date: "2025-09-30", close: total3 }]);
    expect(world.coingecko.server.requests.length).toBe(before);
  });

  it.each([
    [
      "a zero total",
      (d: Record<string, unknown>) => {
        d.total_market_cap = { usd: 0 };
      },
      "no total market cap",
    ],
    [
      "dominance shares that add up to more than 100%",
      (d: Record<string, unknown>) => {
        d.market_cap_percentage = { btc: 60, eth: 30, usdt: 15 };
      },
      "dominance shares add up to 105.0%",
    ],
  ])("skips a day with %s, says so, and invents nothing", async (_what, mutate, reason) => {
    const market = world.market();
    await market.getSeries("TOTAL3_LIVE");
    world.clock.set("2025-10-01T12:00:00Z");
    world.coingecko.mutateGlobal = mutate;
    const after = await market.getSeries("TOTAL3_LIVE");
    world.coingecko.mutateGlobal = null;
    expect(after.bars).toEqual([{ date: "2025-09-30", close: total3 }]);
    expect(after.source.note).toBe("1 day(s) skipped: the answer was not usable");
    expect(world.logs).toContain(`TOTAL3 not recorded for 2025-10-01: ${reason}`);
  });

  it("records the top 100 by market cap once a UTC day; 90 days later the Altcoin Season Index comes from them", async () => {
    const { seasonIndexAt, seasonInputs } = await import("../../src/core/altcoins/season-index.ts");
    const market = world.market();
    world.clock.set("2021-03-01T12:00:00Z");
    await market.getMarketOverview();
    world.clock.set("2021-03-01T18:00:00Z"); // the overview is fetched again, the day's ranking is not
    await market.getMarketOverview();
    expect(world.coingecko.topRequests()).toBe(1);
    world.clock.set("2021-05-30T12:00:00Z");
    await market.getMarketOverview();
    expect(world.coingecko.topRequests()).toBe(2);
    const recorded = (await (market.getRankings?.() ?? [])).filter((r) => r.source === "coingecko");
    expect(recorded.map((r) => r.date)).toEqual(["2021-03-01", "2021-05-30"]);
    const index = seasonIndexAt(seasonInputs(await (market.getRankings?.() ?? []), [], []), "2021-05-30");
    // By hand from data/snapshot closes (what the fake prices at): each alt's 2021-05-30 over 2021-03-01 close
    // against BTC's; the fake lists riskon's 20 alts, so the universe is 20.
    const close = (id: string, date: string) => history(id).find((b) => b.date === date)?.close as number;
    const btc = close("BTC", "2021-05-30") / close("BTC", "2021-03-01");
    const alts = recorded[0]?.entries.filter((e) => e.symbol !== "BTC").map((e) => e.symbol) ?? [];
    const beat = alts.filter((id) => close(id, "2021-05-30") / close(id, "2021-03-01") > btc);
    expect(index.method).toBe("coingecko-recorded");
    expect(index.windowDays).toBe(90);
    expect(index.universe).toBe(20);
    expect([...index.outperformers].sort()).toEqual(beat.sort());
    expect(index.value).toBe(Math.round((beat.length / 20) * 100));
  });

  it("offline there is nothing recorded: TOTAL3 is the bundled series alone", async () => {
    const { loadTotal3 } = await import("../../src/core/answers/market-views.ts");
    const offline = world.market({ offline: true });
    const series = await loadTotal3(offline);
    expect(series.source.segments?.map((x) => x.provider)).toEqual([
      "CoinMarketCap market-cap breakdown, weekly",
      "TradingView CRYPTOCAP TOTAL3",
    ]);
  });
});

describe("CoinGecko market overview", () => {
  it("computes the altcoin market cap ex BTC and ETH and dominance from /global, coins from /coins/markets", async () => {
    const market = world.market();
    const overview = await market.getMarketOverview();
    if (!overview.available) throw new Error(overview.reason);
    // fixtures/formats/global.json: total 2,142,953,338,976.96 USD, BTC 38.2591%, ETH 18.5559%.
    expect(overview.totalMarketCapUsd).toBeCloseTo(2142953338976.96, 1);
    expect(overview.btcDominancePct).toBeCloseTo(38.2591328, 6);
    expect(overview.altMarketCapExBtcEthUsd).toBeCloseTo(
      2142953338976.96 * (1 - (38.2591328 + 18.5558685) / 100),
      -3,
    );
    expect(overview.asOf).toBe("2025-09-30T12:00:00.000Z");
    const xrp = overview.coins.find((c) => c.id === "XRP");
    expect(xrp).toEqual({
      id: "XRP",
      priceUsd: 2.8826921,
      circulatingSupply: 59.8e9,
      marketCapUsd: Math.round(2.8826921 * 59.8e9),
    });
    expect(overview.note).toBe("CoinGecko public API without a key (COINGECKO_API_KEY unset)");
    // /global, /coins/markets for riskon's coins, and once a day the top 100 by market cap (recorded).
    expect(world.coingecko.server.requests.map((r) => r.path)).toEqual([
      "/api/v3/global",
      "/api/v3/coins/markets",
      "/api/v3/coins/markets",
    ]);
    expect(world.coingecko.topRequests()).toBe(1);
    // Reused for five minutes.
    await market.getMarketOverview();
    expect(world.coingecko.server.requests).toHaveLength(3);
  });

  it("sends the API key in the header of its tier", async () => {
    await world.market({ coingecko: { apiKey: "CG-demo", tier: "demo" } }).getMarketOverview();
    await world.market({ coingecko: { apiKey: "CG-pro", tier: "pro" } }).getMarketOverview();
    const [demo, , , pro] = world.coingecko.server.requests;
    expect(demo?.headers["x-cg-demo-api-key"]).toBe("CG-demo");
    expect(pro?.headers["x-cg-pro-api-key"]).toBe("CG-pro");
    expect(pro?.path).toBe("/api/v3/global");
  });

  it("a 429 degrades the answer with the reason, without retrying a two-minute Retry-After", async () => {
    world.coingecko.server.inject({
      fault: { kind: "status", status: 429, body: COINGECKO_429_BODY, headers: { "retry-after": "119" } },
    });
    const overview = await world.market().getMarketOverview();
    expect(overview).toEqual({
      available: false,
      provider: "CoinGecko",
      reason: "CoinGecko unavailable (HTTP 429)",
    });
    expect(world.coingecko.server.requests).toHaveLength(1);
  });

  it("after a good answer, a failure serves the stored figures with their time", async () => {
    const market = world.market();
    await market.getMarketOverview();
    world.clock.set("2025-09-30T12:10:00Z");
    world.coingecko.server.inject({ fault: { kind: "status", status: 500, body: COINGECKO_500_BODY } });
    const overview = await market.getMarketOverview();
    expect(overview).toMatchObject({
      available: true,
      freshness: "stored",
      asOf: "2025-09-30T12:00:00.000Z",
    });
    if (overview.available) {
      expect(overview.note).toBe("CoinGecko unavailable (HTTP 500); figures from 2025-09-30T12:00:00.000Z");
    }
  });

  it.each([
    ["schema-changed JSON", { kind: "schema" } as const, "unexpected response shape"],
    ["malformed JSON", { kind: "malformed" } as const, "malformed JSON"],
    ["a timeout", { kind: "hang" } as const, "timed out after 200 ms"],
  ])("%s degrades it too", async (_name, fault, reason) => {
    world.coingecko.server.inject({ fault });
    const overview = await world.market({ requestTimeoutMs: 200 }).getMarketOverview();
    expect(overview.available).toBe(false);
    if (!overview.available) expect(overview.reason).toContain(reason);
  });
});

describe("offline mode and /status", () => {
  it("RISKON_OFFLINE=1 serves the snapshot, labelled, and calls nothing", async () => {
    const market = createMarketData(liveConfig({ offline: true }), { clock: world.clock.now });
    const rut = await market.getSeries("RUT");
    expect(rut.source).toMatchObject({
      freshness: "snapshot",
      note: "bundled snapshot (offline mode, RISKON_OFFLINE=1)",
    });
    expect((await market.getMarketOverview()).available).toBe(false);
    const app = await createApp({ market, clock: world.clock.now });
    expect(renderPlainText(await app.run("status", []))).toContain("offline mode (RISKON_OFFLINE=1)");
    expect(world.totalRequests()).toBe(0);
  });

  it("/status on the live source: health, last success, last error, freshness per series", async () => {
    const market = world.market();
    const app = await createApp({ market, clock: world.clock.now });
    await app.run("russell", []);
    world.clock.set(`${addDays("2025-09-30", 1)}T12:00:00Z`);
    world.yahoo.server.inject({ fault: { kind: "status", status: 503, body: "" } });
    await market.getSeries("RUT");
    const reply = await app.run("status", []);
    const text = renderPlainText(reply);
    expect(reply.title).toBe("Data sources: 1 of 9 unhealthy");
    expect(text).toContain(
      "DOWN Yahoo Finance (equities (^RUT, IWM, IWN, ^GSPC)): failing: HTTP 503; last success 2025-09-30 12:00 UTC; last error 2025-10-01 12:00 UTC: HTTP 503.",
    );
    expect(text).toContain("OK Binance (crypto (primary)): ok; last success 2025-09-30 12:00 UTC.");
    expect(text).toContain("OK Bybit (crypto (fallback 1)): no calls yet.");
    expect(reply.table?.rows).toContainEqual([
      "RUT",
      "Yahoo Finance ^RUT",
      "2025-09-29",
      "stale",
      "2025-09-30 12:00 UTC",
    ]);
    expect(reply.table?.rows).toContainEqual(["IWM", "Yahoo Finance", "–", "empty", "never"]);
    expect(text).toContain("Stale (a newer bar may exist, refreshed on the next request): RUT, BTC, ETH.");
    expect(text).toContain("Not fetched yet: IWM, IWN, GSPC, XRP,");
    expect(reply.sources).toEqual([]);
  });

  it("/status on an offline source without health() says so", async () => {
    const app = await createApp({ market: createSnapshotSource(), clock: world.clock.now });
    const reply = await app.run("status", []);
    expect(reply.lines[0]).toBe(
      "Source: snapshot, offline history (bundled snapshot or CSV files); no live source is called.",
    );
  });
});
