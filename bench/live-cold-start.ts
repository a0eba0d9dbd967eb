// Live cold start against the wire-level fakes (test/fakes: Yahoo's chart, Binance's klines from 2017-08-17,
// Bybit, OKX, Coinbase, Kraken and CoinGecko in their real formats and page sizes): the requests an empty store needs to
// backfill every live series, and the requests a warm /russell then makes (none while the data is fresh).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../src/app/app.ts";
import { CRYPTO_SERIES, EQUITY_SERIES } from "../src/data/live/live-series.ts";
import { startFakeWorld } from "../test/fakes/fake-world.ts";

export async function runLiveColdStartBench(): Promise<void> {
  const world = await startFakeWorld({ at: "2025-09-30T12:00:00Z" });
  const dir = mkdtempSync(join(tmpdir(), "riskon-bench-"));
  try {
    const market = world.market({ dbPath: join(dir, "cold.db") });
    const ids = [...EQUITY_SERIES, ...CRYPTO_SERIES].map((s) => s.id);
    let started = performance.now();
    await Promise.all(ids.map((id) => market.getSeries(id)));
    const coldMs = performance.now() - started;
    const cold = world.totalRequests();
    const app = await createApp({ market, clock: world.clock.now });
    await app.run("russell", []); // the first answer fetches the market caps once (CoinGecko)
    world.resetLogs();
    started = performance.now();
    await app.run("russell", []);
    const warmMs = performance.now() - started;
    console.log(
      `cold live start, empty store, ${ids.length} series (10 years; Binance from 2017-08-17): ${cold} requests in ${coldMs.toFixed(0)} ms`,
    );
    console.log(`  warm /russell right after: ${world.totalRequests()} requests, ${warmMs.toFixed(0)} ms`);
    await market.close();
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runLiveColdStartBench();
