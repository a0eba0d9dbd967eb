// Altcoin-market benchmark: building TOTAL3 from its market-cap pieces and the Altcoin Season Index inputs is done
// once per data update (memoised on the pieces), not per request. Measures that build, a memoised load, one
// index, ten years of weekly index points (the chart's lower panel), and a whole /altseason answer cold and warm.
import { createApp } from "../src/app/app.ts";
import { baseSeries, extend } from "../src/core/altcoins/market-cap.ts";
import { seasonIndexAt, seasonIndexHistory } from "../src/core/altcoins/season-index.ts";
import { loadSeasonInputs, loadTotal3 } from "../src/core/answers/market-views.ts";
import { addYears } from "../src/core/base/dates.ts";
import { createSnapshotSource } from "../src/data/snapshot.ts";

const ms = (started: number) => `${(performance.now() - started).toFixed(1)} ms`;

export async function runAltcoinsBench(): Promise<void> {
  const market = createSnapshotSource();
  let started = performance.now();
  const cmc = await market.getSeries("TOTAL3_CMC");
  const tv = await market.getSeries("TOTAL3_TV");
  const rankings = await market.getRankings();
  const read = ms(started);
  started = performance.now();
  const stitched = extend(
    baseSeries(cmc.bars, "CoinMarketCap", "CMC"),
    {
      bars: tv.bars,
      provider: "TradingView",
      frequency: "daily",
      freshness: "snapshot",
    },
    "TradingView",
  );
  const stitch = ms(started);
  started = performance.now();
  await loadTotal3(market);
  const firstLoad = ms(started);
  started = performance.now();
  await loadTotal3(market);
  const memoised = ms(started);
  const btc = await market.getSeries("BTC");
  started = performance.now();
  const { inputs } = await loadSeasonInputs(market, btc);
  const seasonBuild = ms(started);
  started = performance.now();
  seasonIndexAt(inputs, "2021-09-01");
  const one = ms(started);
  const asOf = btc.source.lastDate;
  started = performance.now();
  const points = seasonIndexHistory(inputs, addYears(asOf, -10), asOf, 7);
  const history = ms(started);
  const app = await createApp();
  started = performance.now();
  await app.run("altseason", []);
  const coldAnswer = ms(started);
  started = performance.now();
  await app.run("altseason", []);
  const warmAnswer = ms(started);
  console.log(
    `TOTAL3: ${stitched.bars.length} weekly values in ${stitched.segments.length} segments; rankings: ${rankings.length} months`,
  );
  console.log(
    `  read the bundled pieces ${read}; stitch ${stitch}; loadTotal3 first ${firstLoad}, memoised ${memoised}`,
  );
  console.log(
    `  season-index inputs ${seasonBuild}; one index ${one}; 10 years weekly (${points.length} points) ${history}`,
  );
  console.log(`  /altseason answer with chart spec: cold ${coldAnswer}, warm ${warmAnswer}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runAltcoinsBench();
