// The answer cache, each figure beside the bare render floor of the same chart, in one run on the bundled
// snapshot: the floor (the /russell chart drawn and encoded, nothing else), the first answer at a new data
// version (command work and the render), and a repeated identical answer (served from the cache: text and PNG).
// "A new data version" is played by a fresh app (an empty cache) each time, on the same warm data layer.
import { createApp } from "../src/app/app.ts";
import { cachedCharts, replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer } from "../src/charts/index.ts";
import { createSnapshotSource } from "../src/data/snapshot.ts";

const ROUNDS = 15;
const clock = () => new Date("2026-11-21T00:00:00Z");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

export async function runAnswersBench(): Promise<void> {
  const market = createSnapshotSource();
  const renderer = createChartRenderer();
  const render = replyChartRenderer(renderer);
  const warm = await createApp({ clock, market, cacheBytes: 0 });
  const reply = await warm.run("russell", []);
  if (!reply.chart) throw new Error("/russell has no chart");
  await render(reply, "light"); // fonts and canvas warmed
  const floor: number[] = [];
  for (let i = 0; i < ROUNDS; i++)
    floor.push(await timed(() => renderer.render(reply.chart as never, "light")));

  const first: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const app = await createApp({ clock, market });
    const charts = cachedCharts(render, app.answers);
    first.push(await timed(async () => charts(await app.run("russell", []), "light")));
  }

  const app = await createApp({ clock, market });
  const charts = cachedCharts(render, app.answers);
  await charts(await app.run("russell", []), "light");
  const repeated: number[] = [];
  for (let i = 0; i < ROUNDS * 10; i++) {
    repeated.push(await timed(async () => charts(await app.run("russell", []), "light")));
  }
  const f = median(floor);
  const stats = app.answers?.stats();
  console.log(
    `answers (/russell, light theme, bundled snapshot): bare render floor p50 ${f.toFixed(1)} ms; ` +
      `first answer at a new data version p50 ${median(first).toFixed(1)} ms (${(median(first) / f).toFixed(2)}x the floor); ` +
      `repeated identical answer p50 ${median(repeated).toFixed(2)} ms (${(median(repeated) / f).toFixed(3)}x); ` +
      `cache ${stats?.entries} entries, ${((stats?.bytes ?? 0) / 1024).toFixed(0)} kB`,
  );
}
