// Statistics benchmark: the time the baseline populations and permutation tests add to a /russell answer, cold
// (first answer on new data) and warm (the same data again), for ^RUT vs BTC, ETH and TOTAL3 on the snapshot.
import { createApp } from "../src/app/app.ts";
import { alignToEquitySessions } from "../src/core/analytics/alignment.ts";
import { leadLagReport } from "../src/core/analytics/lead-lag.ts";
import { analogsFor, recordReport } from "../src/core/analytics/russell.ts";
import { sensitivityRows } from "../src/core/analytics/sensitivity.ts";
import { loadMany } from "../src/core/answers/market-views.ts";

export async function runStatisticsBench(): Promise<void> {
  const { market } = await createApp();
  const rut = await market.getSeries("RUT");
  const { found: assets } = await loadMany(market, ["BTC", "ETH", "TOTAL3"]);
  const asOf = rut.bars.at(-1)?.date ?? "2026-08-21";
  const record = recordReport(rut, asOf);
  const btc = assets.find((a) => a.id === "BTC");
  const pair = alignToEquitySessions(rut.bars, btc?.bars ?? []);
  const sessions = pair.dates;
  const closes = { rut: pair.equity, btc: pair.other };
  const time = () => {
    const started = performance.now();
    analogsFor(record.events, assets, asOf, rut.bars);
    sensitivityRows([{ basis: "price", bars: rut.bars }], assets, asOf);
    leadLagReport(sessions, closes.rut, closes.btc);
    return performance.now() - started;
  };
  const cold = time();
  const warm = Array.from({ length: 20 }, time).sort((a, b) => a - b)[10] ?? Number.NaN;
  console.log(
    `added statistics per /russell answer: baselines and permutation tests (3 assets x 7 measures, 10,000 draws), cycle measures, rule sensitivity, lead/lag at 3 frequencies, as of ${asOf}`,
  );
  console.log(
    `  cold (new data): ${cold.toFixed(1)} ms; warm (cached per series and as-of date): ${warm.toFixed(2)} ms (target < 50 ms)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runStatisticsBench();
