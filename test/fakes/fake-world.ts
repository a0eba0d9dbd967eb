// Every upstream riskon talks to, faked on 127.0.0.1 with one shared clock, and a live-data config pointing
// at them. Other suites can use it to run commands against "live" data offline.

import type { ExchangeId } from "../../src/data/live/ccxt-exchanges.ts";
import type { LiveDataConfig } from "../../src/data/live-config.ts";
import { liveConfig } from "../../src/data/live-config.ts";
import { createMarketData, type LiveMarketData, type MarketDataDeps } from "../../src/data/market-service.ts";
import { CoinGeckoFake } from "./coingecko-fake.ts";
import { BinanceFake, BybitFake, CoinbaseFake, KrakenFake, OkxFake } from "./exchange-fakes.ts";
import { YahooFake } from "./yahoo-fake.ts";

/** A settable clock for market time. */
export class TestClock {
  private t: number;

  constructor(iso: string) {
    this.t = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.t);

  set(iso: string): void {
    this.t = Date.parse(iso);
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

export interface FakeWorld {
  readonly clock: TestClock;
  readonly yahoo: YahooFake;
  readonly binance: BinanceFake;
  readonly bybit: BybitFake;
  readonly okx: OkxFake;
  readonly coinbase: CoinbaseFake;
  readonly kraken: KrakenFake;
  readonly coingecko: CoinGeckoFake;
  /** Waits the services asked for (retry backoff, Retry-After), in ms; they return at once. */
  readonly sleeps: number[];
  /** Lines the services logged. */
  readonly logs: string[];
  /** Fast settings pointing at the fakes; `overrides` replace whole settings. */
  config(overrides?: Partial<LiveDataConfig>): LiveDataConfig;
  deps(overrides?: Partial<MarketDataDeps>): MarketDataDeps;
  /** A live market-data service on these fakes; closed with the world. */
  market(overrides?: Partial<LiveDataConfig>, deps?: Partial<MarketDataDeps>): LiveMarketData;
  /** Requests every fake has received. */
  totalRequests(): number;
  resetLogs(): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface FakeWorldOptions {
  /** Market time, ISO instant. */
  readonly at: string;
  /** Bases each exchange lists (all coins with history when absent). */
  readonly listed?: Partial<Record<ExchangeId, readonly string[]>>;
}

export async function startFakeWorld(options: FakeWorldOptions): Promise<FakeWorld> {
  const clock = new TestClock(options.at);
  const now = clock.now;
  const listed = (id: ExchangeId) => (options.listed?.[id] ? { listed: options.listed[id] } : {});
  const [yahoo, binance, bybit, okx, coinbase, kraken, coingecko] = await Promise.all([
    YahooFake.start(now),
    BinanceFake.start({ now, ...listed("binance") }),
    BybitFake.start({ now, ...listed("bybit") }),
    OkxFake.start({ now, ...listed("okx") }),
    CoinbaseFake.start({ now, ...listed("coinbase") }),
    KrakenFake.start({ now, ...listed("kraken") }),
    CoinGeckoFake.start(now),
  ]);
  const servers = [
    yahoo.server,
    binance.server,
    bybit.server,
    okx.server,
    coinbase.server,
    kraken.server,
    coingecko.server,
  ];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const markets: LiveMarketData[] = [];
  const world: FakeWorld = {
    clock,
    yahoo,
    binance,
    bybit,
    okx,
    coinbase,
    kraken,
    coingecko,
    sleeps,
    logs,
    config: (overrides = {}) =>
      liveConfig({
        dbPath: ":memory:",
        requestTimeoutMs: 2_000,
        answerDeadlineMs: 60_000,
        retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 },
        limits: {
          yahoo: { concurrency: 4, minIntervalMs: 0 },
          exchange: { concurrency: 4, minIntervalMs: 0 },
          coingecko: { concurrency: 1, minIntervalMs: 0 },
        },
        exchangeRateLimitMs: 2,
        baseUrls: {
          yahoo: yahoo.url,
          binance: binance.url,
          bybit: bybit.url,
          okx: okx.url,
          coinbase: coinbase.url,
          kraken: kraken.url,
          coingecko: coingecko.url,
        },
        ...overrides,
      }),
    deps: (overrides = {}) => ({
      clock: now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      log: (line: string) => {
        logs.push(line);
      },
      ...overrides,
    }),
    market(overrides = {}, deps = {}) {
      const market = createMarketData(world.config(overrides), world.deps(deps));
      markets.push(market);
      return market;
    },
    totalRequests: () => servers.reduce((n, s) => n + s.requests.length, 0),
    resetLogs() {
      for (const server of servers) server.resetLog();
      sleeps.length = 0;
      logs.length = 0;
    },
    clearFaults() {
      for (const server of servers) server.clearFaults();
    },
    async close() {
      await Promise.allSettled(markets.map((m) => m.close()));
      await Promise.all(servers.map((s) => s.close()));
    },
  };
  return world;
}
