// The live source against wire-level fakes of Yahoo and the exchanges: a cold start backfills ten years in
// the fewest requests the page sizes allow, a warm refresh costs one request per stale series, concurrent
// answers share one fetch, and each series refreshes on its own market's clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { addYears } from "../../src/core/base/dates.ts";
import { closeMap } from "../../src/core/base/series.ts";
import { usTradingDays } from "../../src/core/schedules/market-calendar.ts";
import { CRYPTO_SERIES, EQUITY_SERIES } from "../../src/data/live/live-series.ts";
import { candlesAt, exchangeClose, expectedCandles, liveBars } from "../fakes/exchange-fakes.ts";
import { type FakeWorld, startFakeWorld } from "../fakes/fake-world.ts";
import { history } from "../fakes/history.ts";

const T0 = "2025-09-30T12:00:00Z"; // a Tuesday, before the US open; crypto's 09-30 candle is forming
const FROM = addYears("2025-09-30", -10);
const BINANCE_PAGE = 1000;

let world: FakeWorld;
let dir: string;

beforeAll(async () => {
  world = await startFakeWorld({ at: T0 });
  dir = mkdtempSync(join(tmpdir(), "riskon-backfill-"));
});

afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  world.clock.set(T0);
  world.clearFaults();
  world.resetLogs();
});

const liveIds = [...EQUITY_SERIES, ...CRYPTO_SERIES].map((s) => s.id);

describe("cold start", () => {
  it("backfills ten years of every series in the fewest requests the page sizes allow", async () => {
    const market = world.market({ dbPath: join(dir, "cold.db") });
    const all = await Promise.all(liveIds.map((id) => market.getSeries(id)));

    // Yahoo's chart answers a whole period1..period2 range at once: one request per equity.
    expect(world.yahoo.chartRequests()).toBe(EQUITY_SERIES.length);
    for (const spec of EQUITY_SERIES) expect(world.yahoo.chartRequests(spec.symbol)).toBe(1);

    // Binance: one exchangeInfo, then 1,000 daily candles per klines request.
    expect(world.binance.marketRequests()).toBe(1);
    let expectedCandleRequests = 0;
    for (const spec of CRYPTO_SERIES) {
      const n = expectedCandles(spec.base, FROM, world.clock.now()).length;
      expect(n % BINANCE_PAGE, `${spec.id}: a multiple of the page size would need one more probe`).not.toBe(
        0,
      );
      expect(world.binance.candleRequestsFor(spec.base), spec.id).toBe(Math.ceil(n / BINANCE_PAGE));
      expectedCandleRequests += Math.ceil(n / BINANCE_PAGE);
    }
    expect(world.binance.candleRequests()).toBe(expectedCandleRequests);
    // 25 series, 50 requests (Binance serves from 2017-08-17: at most 3 pages a coin); nothing went to the fallbacks.
    expect(world.totalRequests()).toBe(EQUITY_SERIES.length + 1 + expectedCandleRequests);
    expect(world.bybit.server.requests.length + world.okx.server.requests.length).toBe(0);
    expect(world.kraken.server.requests.length + world.coingecko.server.requests.length).toBe(0);

    for (const data of all) {
      expect(data.source.freshness, data.id).toMatch(/^(live|stored)$/);
      expect(data.bars[0]?.date, data.id).toBeDefined();
      // What the provider served starts inside the backfill window; the bundled history comes before it.
      expect((liveBars(data)[0]?.date ?? "") >= FROM, data.id).toBe(true);
    }
  });

  it("stores every session of the window, with the close the series is defined by", async () => {
    const market = world.market();
    const rut = await market.getSeries("RUT");
    const iwm = await market.getSeries("IWM");
    // Every US session from 2015-09-30 to 2025-09-29 (the NYSE calendar), no more, no less.
    const sessions = usTradingDays(FROM, "2025-09-29");
    expect(liveBars(rut).map((b) => b.date)).toEqual(sessions);
    expect(rut.source).toMatchObject({
      provider: "Yahoo Finance ^RUT",
      lastDate: "2025-09-29",
      freshness: "live",
    });
    // ^RUT: the plain close as Yahoo sends it (float32): 2021-11-08 closed at 2442.74 (shared PROVENANCE.md).
    expect(closeMap(rut.bars).get("2021-11-08")).toBe(Math.fround(2442.74));
    // IWM: the dividend-adjusted close, 229.1581 on 2021-11-08 (data/snapshot/IWM.csv; PROVENANCE.md rounds it
    // to 229.16), not the 242.56 price the fake sends as `close` (fixtures/history/IWM_RAW.csv).
    expect(closeMap(history("IWM_RAW")).get("2021-11-08")).toBe(242.56);
    expect(closeMap(iwm.bars).get("2021-11-08")).toBe(Math.fround(229.1581));
    expect(iwm.source.provider).toBe("Yahoo Finance IWM adj. close");
  });

  it("stores Binance's candles as sent, with today's forming candle until the UTC day closes", async () => {
    const market = world.market();
    const btc = await market.getSeries("BTC");
    const candles = expectedCandles("BTC", FROM, world.clock.now());
    expect(liveBars(btc).length).toBe(candles.length);
    expect(
      liveBars(btc)
        .slice(0, -1)
        .map((b) => b.close),
    ).toEqual(candles.slice(0, -1).map((c) => exchangeClose(c.close)));
    // 2025-09-30 is still trading at 12:00 UTC: its close so far, not the day's final 113,xxx close.
    const forming = btc.bars.at(-1);
    const final = history("BTC").find((b) => b.date === "2025-09-30")?.close;
    expect(forming?.date).toBe("2025-09-30");
    expect(forming?.close).toBe(exchangeClose(candles.at(-1)?.close ?? 0));
    expect(forming?.close).not.toBe(final);
    expect(btc.source.provider).toBe("Binance BTC/USDT");
  });
});

describe("warm refresh", () => {
  it("makes one request per stale series, and none while nothing is stale", async () => {
    const path = join(dir, "warm.db");
    const market = world.market({ dbPath: path });
    await Promise.all(liveIds.map((id) => market.getSeries(id)));
    world.resetLogs();

    world.clock.set("2025-10-01T12:00:00Z"); // a new session closed for every series
    const refreshed = await Promise.all(liveIds.map((id) => market.getSeries(id)));
    expect(world.yahoo.chartRequests()).toBe(EQUITY_SERIES.length);
    expect(world.binance.candleRequests()).toBe(CRYPTO_SERIES.length);
    expect(world.binance.marketRequests()).toBe(0);
    expect(world.totalRequests()).toBe(liveIds.length);

    // 2025-09-30 is final now: the forming candle was replaced by the day's close.
    const btc = refreshed.find((s) => s.id === "BTC");
    const final = candlesAt("BTC", world.clock.now()).find((c) => c.date === "2025-09-30");
    expect(btc?.bars.find((b) => b.date === "2025-09-30")?.close).toBe(exchangeClose(final?.close ?? 0));
    const rut = refreshed.find((s) => s.id === "RUT");
    expect(rut?.source.lastDate).toBe("2025-09-30");

    // The shared history of the alt basket ends 2025-09-29: fetched, nothing newer, and said so.
    const xrp = refreshed.find((s) => s.id === "XRP");
    expect(xrp?.source.freshness).toBe("stored");
    expect(xrp?.source.note).toMatch(/^stale: Binance XRP\/USDT had no bar after 2025-09-29/);

    world.resetLogs();
    await Promise.all(liveIds.map((id) => market.getSeries(id)));
    expect(world.totalRequests()).toBe(0);
  });

  it("after a restart on the same database: one request per stale series plus each exchange's market list", async () => {
    const path = join(dir, "restart.db");
    const first = world.market({ dbPath: path });
    await Promise.all(liveIds.map((id) => first.getSeries(id)));
    await first.close();
    world.resetLogs();

    world.clock.set("2025-10-02T12:00:00Z");
    const second = world.market({ dbPath: path });
    const answers = await Promise.all(liveIds.map((id) => second.getSeries(id)));
    expect(world.yahoo.chartRequests()).toBe(EQUITY_SERIES.length);
    expect(world.binance.candleRequests()).toBe(CRYPTO_SERIES.length);
    expect(world.binance.marketRequests()).toBe(1);
    const rut = answers.find((s) => s.id === "RUT");
    expect(rut?.source.lastDate).toBe("2025-10-01");
    expect(rut && liveBars(rut)[0]?.date).toBe("2015-09-30");
  });
});

describe("coalescing", () => {
  it("200 concurrent /russell answers on a cold cache cause exactly one upstream fetch per series", async () => {
    const market = world.market();
    const app = await createApp({ market, clock: world.clock.now });
    const replies = await Promise.all(Array.from({ length: 200 }, () => app.run("russell", [])));

    expect(replies).toHaveLength(200);
    expect(new Set(replies.map((r) => r.lines.join("\n"))).size).toBe(1);
    // /russell needs ^RUT, BTC and ETH live; TOTAL3 comes from market caps (bundled), no coin closes.
    expect(world.yahoo.chartRequests()).toBe(1);
    expect(world.yahoo.chartRequests("^RUT")).toBe(1);
    expect(world.binance.marketRequests()).toBe(1);
    for (const id of ["BTC", "ETH"]) {
      const n = expectedCandles(id, FROM, world.clock.now()).length;
      // One fetch: the pages a single backfill needs, not 200 times that.
      expect(world.binance.candleRequestsFor(id), id).toBe(Math.ceil(n / BINANCE_PAGE));
    }
    for (const id of ["XRP", "BNB"]) expect(world.binance.candleRequestsFor(id)).toBe(0);
    expect(replies[0]?.sources.map((s) => `${s.series}:${s.freshness}`)).toEqual([
      "RUT:live",
      "BTC:live",
      "ETH:live",
      "TOTAL3:snapshot",
    ]);
  }, 60_000);
});

describe("freshness follows each market", () => {
  it("US equities: no request on Thanksgiving, the forming bar during the early close, final after it", async () => {
    world.clock.set("2025-11-26T22:00:00Z"); // Wednesday, after the 16:00 EST close and its settling time
    const market = world.market();
    expect((await market.getSeries("RUT")).source.lastDate).toBe("2025-11-26");
    world.resetLogs();

    world.clock.set("2025-11-27T22:00:00Z"); // Thanksgiving: the market is shut, nothing can be newer
    const holiday = await market.getSeries("RUT");
    expect(world.totalRequests()).toBe(0);
    expect(holiday.source.freshness).toBe("live");

    world.clock.set("2025-11-28T17:00:00Z"); // Friday, trading until the 13:00 EST early close
    const during = await market.getSeries("RUT");
    expect(world.yahoo.chartRequests()).toBe(1);
    expect(during.source.lastDate).toBe("2025-11-28");
    const formingClose = during.bars.at(-1)?.close;

    world.clock.set("2025-11-28T17:10:00Z"); // within the 15-minute reuse of a forming bar
    await market.getSeries("RUT");
    expect(world.yahoo.chartRequests()).toBe(1);

    world.clock.set("2025-11-28T18:30:00Z"); // 13:00 EST early close + 20 min settle = 18:20 UTC
    const after = await market.getSeries("RUT");
    expect(world.yahoo.chartRequests()).toBe(2);
    const final = history("RUT").find((b) => b.date === "2025-11-28")?.close ?? 0;
    expect(after.bars.at(-1)).toEqual({ date: "2025-11-28", close: Math.fround(final) });
    expect(formingClose).not.toBe(Math.fround(final));
  });

  it("crypto: the UTC day's candle is refetched after 15 minutes and becomes final after 00:05 UTC", async () => {
    const market = world.market();
    await market.getSeries("BTC");
    world.resetLogs();

    world.clock.set("2025-09-30T12:10:00Z");
    await market.getSeries("BTC");
    expect(world.binance.candleRequests()).toBe(0);

    world.clock.set("2025-09-30T12:16:00Z");
    await market.getSeries("BTC");
    expect(world.binance.candleRequests()).toBe(1);

    world.clock.set("2025-10-01T00:06:00Z");
    const next = await market.getSeries("BTC");
    expect(world.binance.candleRequests()).toBe(2);
    const final = candlesAt("BTC", world.clock.now()).find((c) => c.date === "2025-09-30")?.close ?? 0;
    expect(next.bars.find((b) => b.date === "2025-09-30")?.close).toBe(exchangeClose(final));
  });

  it("a dividend that re-adjusts Yahoo's history replaces the stored IWM bars instead of splicing them", async () => {
    const market = world.market();
    const before = await market.getSeries("IWM");
    world.yahoo.reAdjust("IWM", "2025-09-30", 0.99);
    try {
      world.resetLogs();
      world.clock.set("2025-10-01T12:00:00Z");
      const after = await market.getSeries("IWM");
      // One incremental request saw the overlap bar change, one refetched the whole window.
      expect(world.yahoo.chartRequests("IWM")).toBe(2);
      const old = closeMap(before.bars);
      for (const bar of after.bars.filter((b) => b.date < "2025-09-30")) {
        expect(bar.close / (old.get(bar.date) ?? Number.NaN)).toBeCloseTo(0.99, 6);
      }
      expect(after.bars.at(-1)?.date).toBe("2025-09-30");
      expect(after.bars.length).toBe(before.bars.length + 1);
    } finally {
      world.yahoo.reAdjust("IWM", "1900-01-01", 1);
    }
  });
});
