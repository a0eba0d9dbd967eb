// Every fault mode of every upstream: the commands still answer, from the store (saying the data is stale,
// with its date) or from the bundled snapshot (saying so); retries happen only where they can help; nothing
// stored is lost or overwritten with partial data; no promise is left rejected.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { renderPlainText } from "../../src/core/answers/format.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";
import { SqliteBarStore } from "../../src/storage/sqlite-bar-store.ts";
import {
  BINANCE_429_BODY,
  BINANCE_451_BODY,
  expectedCandles,
  FIRST_DATES,
  liveBars,
} from "../fakes/exchange-fakes.ts";
import type { Fault } from "../fakes/fake-http.ts";
import { type FakeWorld, startFakeWorld } from "../fakes/fake-world.ts";
import { YAHOO_429_BODY } from "../fakes/yahoo-fake.ts";

const T0 = "2025-09-30T12:00:00Z";
const T1 = "2025-10-01T12:00:00Z"; // a session later: every stored series wants a refresh
const RUSSELL_SERIES = ["RUT", "BTC", "ETH", "XRP", "SOL", "ADA", "AVAX", "DOGE", "LINK", "TRX", "XLM"];

let world: FakeWorld;
let dir: string;
let warmDb: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  world = await startFakeWorld({ at: T0 });
  dir = mkdtempSync(join(tmpdir(), "riskon-faults-"));
  // A store filled at T0 with what /russell needs, copied for each warm test.
  warmDb = join(dir, "warm.db");
  const market = world.market({ dbPath: warmDb });
  await Promise.all(RUSSELL_SERIES.map((id) => market.getSeries(id)));
  await market.close();
  world.resetLogs();
});

afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

afterEach(() => {
  world.clock.set(T0);
  world.clearFaults();
  world.resetLogs();
  for (const exchange of [world.binance, world.bybit, world.okx, world.kraken]) exchange.listAllBut();
});

let copies = 0;
function warmCopy(): string {
  const path = join(dir, `warm-${++copies}.db`);
  copyFileSync(warmDb, path);
  if (existsSync(`${warmDb}-wal`)) copyFileSync(`${warmDb}-wal`, `${path}-wal`);
  return path;
}

/** The raw stored rows of a series, read through a second connection. */
function storedRows(path: string, series: string) {
  const store = SqliteBarStore.open(path);
  try {
    return store.readBars(series);
  } finally {
    store.close();
  }
}

const snapshot = createSnapshotSource();

interface YahooCase {
  readonly name: string;
  readonly fault: Fault;
  /** What the answer names as the reason. */
  readonly reason: string;
  /** Requests for one series: 3 when the failure is retried twice, 1 when it is not retryable. */
  readonly requests: number;
  readonly timeoutMs?: number;
}

const YAHOO_CASES: readonly YahooCase[] = [
  {
    name: "429 whose Retry-After (119 s) is longer than the wait cap",
    fault: { kind: "status", status: 429, body: YAHOO_429_BODY, headers: { "retry-after": "119" } },
    reason: "HTTP 429",
    requests: 1,
  },
  {
    name: "429 without Retry-After",
    fault: { kind: "status", status: 429, body: YAHOO_429_BODY },
    reason: "HTTP 429",
    requests: 3,
  },
  { name: "HTTP 503", fault: { kind: "status", status: 503, body: "" }, reason: "HTTP 503", requests: 3 },
  { name: "timeout", fault: { kind: "hang" }, reason: "timed out after 200 ms", requests: 3, timeoutMs: 200 },
  { name: "malformed JSON", fault: { kind: "malformed" }, reason: "malformed response", requests: 1 },
  {
    name: "schema-changed JSON",
    fault: { kind: "schema" },
    reason: "response failed schema validation",
    requests: 1,
  },
];

describe.each(YAHOO_CASES)("Yahoo fault: $name", ({ fault, reason, requests, timeoutMs }) => {
  const overrides = timeoutMs ? { requestTimeoutMs: timeoutMs } : {};

  it("cold: answers from the bundled snapshot and says why", async () => {
    world.yahoo.server.inject({ fault });
    const market = world.market(overrides);
    const rut = await market.getSeries("RUT");
    expect(rut.source.freshness).toBe("snapshot");
    expect(rut.source.note).toBe(
      `bundled snapshot: live source failed (Yahoo Finance unavailable (${reason}))`,
    );
    expect(rut.bars).toEqual((await snapshot.getSeries("RUT")).bars);
    expect(world.yahoo.chartRequests()).toBe(requests);
  });

  it("warm: /russell answers from the stored bars, says they are stale and since when, and keeps them", async () => {
    const path = warmCopy();
    const before = storedRows(path, "RUT");
    world.clock.set(T1);
    world.yahoo.server.inject({ fault });
    const app = await createApp({
      market: world.market({ ...overrides, dbPath: path }),
      clock: world.clock.now,
    });
    const reply = await app.run("russell", []);
    expect(reply.sources[0]).toMatchObject({ series: "RUT", freshness: "stored", lastDate: "2025-09-29" });
    expect(renderPlainText(reply)).toContain(
      `RUT: stale: Yahoo Finance unavailable (${reason}), stored bars to 2025-09-29.`,
    );
    // The crypto side was not affected.
    expect(reply.sources.find((s) => s.series === "BTC")?.freshness).toBe("live");
    expect(storedRows(path, "RUT")).toEqual(before);
  });
});

describe("Yahoo fault: an empty range", () => {
  it("cold: nothing to store, the snapshot answers", async () => {
    world.yahoo.server.inject({ fault: { kind: "empty" } });
    const rut = await world.market().getSeries("RUT");
    expect(rut.source.freshness).toBe("snapshot");
    expect(rut.source.note).toBe(
      "bundled snapshot: live source failed (Yahoo Finance unavailable (empty range))",
    );
  });

  it("warm: the stored bars stay, and the answer says no newer bar came", async () => {
    const path = warmCopy();
    const before = storedRows(path, "RUT");
    world.clock.set(T1);
    world.yahoo.server.inject({ fault: { kind: "empty" } });
    const rut = await world.market({ dbPath: path }).getSeries("RUT");
    expect(rut.source.freshness).toBe("stored");
    expect(rut.source.note).toMatch(/^stale: Yahoo Finance \^RUT had no bar after 2025-09-29/);
    expect(storedRows(path, "RUT")).toEqual(before);
  });
});

describe("Yahoo: retries only where they help", () => {
  it("waits out a short Retry-After, then answers live", async () => {
    world.yahoo.server.inject({
      fault: { kind: "status", status: 429, body: YAHOO_429_BODY, headers: { "retry-after": "1" } },
      times: 1,
    });
    const rut = await world.market().getSeries("RUT");
    expect(rut.source.freshness).toBe("live");
    expect(world.yahoo.chartRequests()).toBe(2);
    expect(Math.max(...world.sleeps)).toBeGreaterThanOrEqual(1000);
  });

  it("backs off with jitter after a 503, then answers live", async () => {
    world.yahoo.server.inject({ fault: { kind: "status", status: 503, body: "" }, times: 1 });
    const rut = await world.market().getSeries("RUT");
    expect(rut.source.freshness).toBe("live");
    expect(world.yahoo.chartRequests()).toBe(2);
    // random() = 0.5 of min(50, 10 * 2^0) ms.
    expect(world.sleeps).toEqual([5]);
  });

  it("after a long Retry-After, the other Yahoo series do not call until it has passed", async () => {
    world.yahoo.server.inject({
      fault: { kind: "status", status: 429, body: YAHOO_429_BODY, headers: { "retry-after": "119" } },
      times: 1,
    });
    const market = world.market();
    expect((await market.getSeries("RUT")).source.freshness).toBe("snapshot");
    const iwm = await market.getSeries("IWM");
    expect(iwm.source.note).toMatch(
      /^bundled snapshot: live source failed \(Yahoo Finance unavailable \(rate-limited/,
    );
    expect(world.yahoo.chartRequests()).toBe(1);
    const yahoo = (await market.health()).find((s) => s.name === "Yahoo Finance");
    expect(yahoo?.healthy).toBe(false);
    expect(yahoo?.status).toBe("rate-limited, next try in 119 s");

    world.clock.set("2025-09-30T12:02:01Z"); // 121 s later: past the Retry-After and the failure backoff
    expect((await market.getSeries("IWM")).source.freshness).toBe("live");
    expect(world.yahoo.chartRequests()).toBe(2);
  });

  it("an answer does not wait past its deadline; the refresh finishes in the background", async () => {
    world.yahoo.server.inject({ fault: { kind: "hang" }, times: 1 });
    const market = world.market({ requestTimeoutMs: 1_500, answerDeadlineMs: 50 });
    const started = performance.now();
    const rut = await market.getSeries("RUT");
    // The refresh cannot end before the 1.5 s timeout: answering sooner proves the answer did not wait for it.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(rut.source.freshness).toBe("snapshot");
    expect(rut.source.note).toContain("live refresh still running after 50 ms");
    // The hung request times out, the retry succeeds, and the store is filled for the next answer.
    expect(await market.refreshAll(["RUT"])).toEqual({ refreshed: 1, failed: [] });
    expect((await market.getSeries("RUT")).source.freshness).toBe("live");
    expect(world.yahoo.chartRequests()).toBe(2);
  });
});

interface ExchangeCase {
  readonly name: string;
  readonly fault: Fault;
  readonly binanceRequests: number;
}

const EXCHANGE_CASES: readonly ExchangeCase[] = [
  {
    name: "429 with a long Retry-After",
    fault: { kind: "status", status: 429, body: BINANCE_429_BODY, headers: { "retry-after": "60" } },
    binanceRequests: 1,
  },
  {
    name: "429 without Retry-After",
    fault: { kind: "status", status: 429, body: BINANCE_429_BODY },
    binanceRequests: 3,
  },
  {
    name: "HTTP 502",
    fault: { kind: "status", status: 502, body: "<html>Bad Gateway</html>" },
    binanceRequests: 3,
  },
  { name: "timeout", fault: { kind: "hang" }, binanceRequests: 3 },
  { name: "malformed JSON", fault: { kind: "malformed" }, binanceRequests: 1 },
  { name: "schema-changed JSON", fault: { kind: "schema" }, binanceRequests: 1 },
  { name: "an empty range", fault: { kind: "empty" }, binanceRequests: 1 },
  {
    name: "geo-block (451)",
    fault: { kind: "status", status: 451, body: BINANCE_451_BODY },
    binanceRequests: 1,
  },
];

describe.each(EXCHANGE_CASES)("Binance fault: $name", ({ fault, binanceRequests }) => {
  it("moves on to Bybit, which serves its history from its first candle, and names it", async () => {
    world.binance.server.inject({ fault, path: world.binance.candlePath });
    const market = world.market({ requestTimeoutMs: 200 });
    const btc = await market.getSeries("BTC");
    expect(btc.source).toMatchObject({ provider: "Bybit BTC/USDT", freshness: "live" });
    expect(liveBars(btc).length).toBe(
      expectedCandles("BTC", "2015-09-30", world.clock.now(), FIRST_DATES.bybit["*"]).length,
    );
    expect(world.binance.candleRequests()).toBe(binanceRequests);
    expect(world.bybit.candleRequestsFor("BTC")).toBe(4);
  });
});

describe("exchange fallback chain", () => {
  it("a geo-blocked exchange is skipped for every series until the block expires", async () => {
    world.binance.server.inject({ fault: { kind: "status", status: 451, body: BINANCE_451_BODY } });
    const market = world.market();
    await market.getSeries("BTC");
    const eth = await market.getSeries("ETH");
    expect(eth.source.provider).toBe("Bybit ETH/USDT");
    expect(world.binance.candleRequestsFor("ETH")).toBe(0);
    const binance = (await market.health()).find((s) => s.name === "Binance");
    expect(binance).toMatchObject({ healthy: false, status: "geo-blocked (HTTP 451)" });
  });

  it("a coin an exchange does not list is fetched from the next one, with no candle request to the first", async () => {
    world.binance.listAllBut("XMR");
    const xmr = await world.market().getSeries("XMR");
    expect(xmr.source.provider).toBe("Bybit XMR/USDT");
    expect(world.binance.candleRequests()).toBe(0);
    expect(world.bybit.candleRequestsFor("XMR")).toBe(4);
  });

  it("a failure half-way through the pages stores nothing from that exchange", async () => {
    const path = join(dir, "half-way.db");
    // Binance answers BTC's first page, then fails every later one.
    world.binance.server.inject({
      fault: { kind: "status", status: 500, body: { code: -1000, msg: "An unknown error occurred." } },
      match: (r) =>
        r.path === world.binance.candlePath &&
        r.query.get("symbol") === "BTCUSDT" &&
        Number(r.query.get("startTime")) > Date.parse("2016-01-01"),
    });
    const btc = await world.market({ dbPath: path }).getSeries("BTC");
    expect(btc.source.provider).toBe("Bybit BTC/USDT");
    const rows = storedRows(path, "BTC");
    expect(rows.every((r) => r.source === "bybit")).toBe(true);
    expect(rows.length).toBe(
      expectedCandles("BTC", "2015-09-30", world.clock.now(), FIRST_DATES.bybit["*"]).length,
    );
  });

  it("when every exchange fails: cold from the snapshot, warm from the unchanged store, each exchange named", async () => {
    for (const exchange of [world.binance, world.bybit, world.okx, world.coinbase, world.kraken]) {
      exchange.server.inject({ fault: { kind: "status", status: 503, body: "" }, path: exchange.candlePath });
    }
    const cold = await world.market().getSeries("BTC");
    expect(cold.source.freshness).toBe("snapshot");
    expect(cold.source.note).toBe(
      "bundled snapshot: live source failed (crypto exchanges unavailable (Binance HTTP 503; Bybit HTTP 503; OKX HTTP 503; Coinbase HTTP 503; Kraken HTTP 503))",
    );

    const path = warmCopy();
    const before = storedRows(path, "BTC");
    world.clock.set(T1);
    const app = await createApp({ market: world.market({ dbPath: path }), clock: world.clock.now });
    const text = renderPlainText(await app.run("russell", []));
    expect(text).toMatch(
      /\bBTC(, [A-Z]+)*: stale: crypto exchanges unavailable \(Binance HTTP 503; Bybit HTTP 503;/,
    );
    expect(text).toContain("stored bars to 2025-09-30.");
    expect(storedRows(path, "BTC")).toEqual(before);
  });

  it("nothing is stored when every exchange fails part-way (Kraken has no deep history and is down)", async () => {
    const path = join(dir, "all-partial.db");
    const late = Date.parse("2019-01-01");
    world.binance.server.inject({
      fault: { kind: "status", status: 500, body: "" },
      match: (r) => r.path === world.binance.candlePath && Number(r.query.get("startTime")) > late,
    });
    world.bybit.server.inject({
      fault: { kind: "status", status: 500, body: "" },
      match: (r) => r.path === world.bybit.candlePath && Number(r.query.get("start")) > late,
    });
    world.okx.server.inject({
      fault: { kind: "status", status: 500, body: "" },
      match: (r) => r.path.startsWith(world.okx.candlePath) && Number(r.query.get("before")) > late,
    });
    world.coinbase.server.inject({
      fault: { kind: "status", status: 500, body: { message: "Internal server error" } },
      match: (r) => r.path.endsWith("/candles") && Date.parse(r.query.get("start") ?? "") > late,
    });
    world.kraken.server.inject({
      fault: { kind: "status", status: 503, body: "" },
      path: world.kraken.candlePath,
    });
    const btc = await world.market({ dbPath: path }).getSeries("BTC");
    expect(btc.source.freshness).toBe("snapshot");
    expect(storedRows(path, "BTC")).toEqual([]);
  }, 30_000);
});

describe("every command answers under faults", () => {
  it("/russell, /altseason and /status all answer while Yahoo and Binance fail on a cold store", async () => {
    world.yahoo.server.inject({ fault: { kind: "status", status: 503, body: "" } });
    world.binance.server.inject({ fault: { kind: "status", status: 451, body: BINANCE_451_BODY } });
    world.bybit.server.inject({ fault: { kind: "malformed" } });
    world.okx.server.inject({ fault: { kind: "hang" } });
    world.coinbase.server.inject({
      fault: { kind: "status", status: 429, body: { message: "Public rate limit exceeded" } },
    });
    world.kraken.server.inject({ fault: { kind: "schema" } });
    const app = await createApp({
      market: world.market({ requestTimeoutMs: 100 }),
      clock: world.clock.now,
    });
    for (const command of app.commands.filter((c) => ["russell", "altseason", "status"].includes(c.name))) {
      const reply = await app.run(command.name, []);
      const text = renderPlainText(reply);
      if (command.name === "status") {
        expect(text).toContain("DOWN Yahoo Finance");
        expect(text).toContain("geo-blocked (HTTP 451)");
      } else {
        expect(reply.sources.length).toBeGreaterThan(0);
        expect(reply.sources.every((s) => s.freshness === "snapshot")).toBe(true);
        expect(text).toContain("bundled snapshot: live source failed");
      }
    }
  }, 30_000);
});
