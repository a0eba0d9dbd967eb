// Liquidity benchmark: what /russell's conditioning on the Fed's net liquidity adds to an answer (the weeks from
// the FRED series, the regime known on each event day, the baseline of every session per regime and its
// permutation tests), cold (new FRED data: fresh arrays, so nothing is reused) and warm (the same data again, as
// every answer between two FRED refreshes), on the bundled snapshot; and the whole /russell answer computed with
// and without the port (answer cache off), the difference being the added time members see.
import { createApp } from "../src/app/app.ts";
import { analogsFor, recordReport } from "../src/core/analytics/russell.ts";
import { liquidityCondition } from "../src/core/answers/liquidity-condition.ts";
import { loadMany } from "../src/core/answers/market-views.ts";
import type { FredSeriesId } from "../src/core/liquidity/publication.ts";
import type { FredSeries, LiquidityData } from "../src/core/ports.ts";
import { createFredSnapshot } from "../src/data/fred/fred-csv.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

/** The bundled series, copied anew on every read: each answer meets "new data" (the cold case). */
function freshCopies(base: LiquidityData): LiquidityData {
  return {
    async getFredSeries(id: FredSeriesId): Promise<FredSeries> {
      const s = await base.getFredSeries(id);
      return { ...s, observations: s.observations.map((o) => ({ ...o })) };
    },
  };
}

/** No liquidity series at all: /russell answers without its conditioning. */
const NONE: LiquidityData = {
  getFredSeries: () => Promise.reject(new Error("no liquidity data in this measurement")),
};

export async function runLiquidityBench(): Promise<void> {
  const fred = createFredSnapshot();
  const clock = () => new Date("2026-11-21T00:00:00Z");
  const app = await createApp({ clock, cacheBytes: 0, liquidity: fred });
  const rut = await app.market.getSeries("RUT");
  const { found: assets } = await loadMany(app.market, ["BTC", "ETH", "TOTAL3"]);
  const asOf = rut.bars.at(-1)?.date ?? "2026-08-21";
  const { analogs } = analogsFor(recordReport(rut, asOf).events, assets, asOf, rut.bars);
  const condition = (data: LiquidityData) => () => liquidityCondition(data, analogs, assets, rut.bars, asOf);
  await condition(fred)();
  const warm = median(await sequence(30, condition(fred)));
  const cold = median(await sequence(7, condition(freshCopies(fred))));
  console.log(
    `/russell's liquidity conditioning (net liquidity's weeks, the regime on each event day, 3 regimes x 3 assets x 5 measures with their baselines and permutation tests), as of ${asOf}:`,
  );
  console.log(
    `  warm (the same FRED data, as between two daily refreshes): p50 ${warm.toFixed(3)} ms (target < 5 ms); cold (new FRED arrays, the market's baselines already computed): p50 ${cold.toFixed(1)} ms`,
  );
  // The whole answer, computed each time (cache off), with and without the port, alternated.
  const without = await createApp({ clock, cacheBytes: 0, liquidity: NONE });
  await without.run("russell", []);
  await app.run("russell", []);
  const withTimes: number[] = [];
  const withoutTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    withTimes.push(await timed(() => app.run("russell", [])));
    withoutTimes.push(await timed(() => without.run("russell", [])));
  }
  const [a, b] = [median(withTimes), median(withoutTimes)];
  console.log(
    `  a whole /russell answer, warm, cache off: ${a.toFixed(1)} ms with the conditioning, ${b.toFixed(1)} ms without (added ${(a - b).toFixed(1)} ms, medians of 15 alternated)`,
  );
}

async function sequence(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await timed(work));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await runLiquidityBench();
