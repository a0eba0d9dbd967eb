// `npm run bench`: runs every benchmark in turn. A new benchmark is one module with a run function, listed here.
import { replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer } from "../src/charts/index.ts";
import { runAltcoinsBench } from "./altcoins.ts";
import { runAnswersBench } from "./answers.ts";
import { runButtonsBench } from "./buttons.ts";
import { runChartBench } from "./charts.ts";
import { runDigestCrashBench } from "./digest-crash.ts";
import { runDigestFanoutBench } from "./digest-fanout.ts";
import { runLiquidityBench } from "./liquidity.ts";
import { runLiveColdStartBench } from "./live-cold-start.ts";
import { runSchedulerTickBench } from "./scheduler-tick.ts";
import { runStartupBench } from "./startup.ts";
import { runStatisticsBench } from "./statistics.ts";

const BENCHES: ReadonlyArray<{ readonly name: string; readonly run: () => Promise<unknown> }> = [
  { name: "charts", run: () => runChartBench() },
  { name: "answer cache", run: () => runAnswersBench() },
  {
    name: "digest fan-out",
    run: () => runDigestFanoutBench({ chats: 1000, renderChart: replyChartRenderer(createChartRenderer()) }),
  },
  { name: "digest crash", run: () => runDigestCrashBench() },
  { name: "scheduler tick", run: () => runSchedulerTickBench() },
  { name: "start-up", run: () => runStartupBench() },
  { name: "statistics", run: () => runStatisticsBench() },
  { name: "liquidity", run: () => runLiquidityBench() },
  { name: "altcoin market", run: () => runAltcoinsBench() },
  { name: "live cold start", run: () => runLiveColdStartBench() },
  { name: "buttons", run: () => runButtonsBench() },
];

for (const bench of BENCHES) {
  console.log(`== ${bench.name}`);
  await bench.run();
}
