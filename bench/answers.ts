// The answer cache, each figure beside the bare render floor of the same chart, in one run on the bundled
// snapshot: the floor (the /russell chart drawn and encoded, nothing else), the first answer at a new data
// version (command work and the render), and a repeated identical answer (served from the cache: text and PNG).
// "A new data version" is played by a fresh app (an empty cache) each time, on the same warm data layer. Then the
// renderer processes' throughput against one thread's, and a burst of 100 /russell over 5 variants.

import { monitorEventLoopDelay } from "node:perf_hooks";
import { createApp } from "../src/app/app.ts";
import { cachedCharts, replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer, createPooledChartRenderer, RenderPool } from "../src/charts/index.ts";
import type { ChartSpec } from "../src/core/answers/chart-spec.ts";
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
  const specs: ChartSpec[] = [];
  for (const date of ["2020-11-20", "2021-11-05", "2024-11-25", "2025-09-18"])
    specs.push((await warm.run("russell", [`date:${date}`])).chart as ChartSpec);
  await runRenderThroughput(specs);
  await runBurst();
  await runCacheMemory();
}

/** Renders per second: one thread drawing in turn, against the pool's processes each drawing in turn. */
export async function runRenderThroughput(specs: readonly ChartSpec[], renders = 40): Promise<void> {
  const one = createChartRenderer();
  await one.render(specs[0] as ChartSpec, "light");
  let began = performance.now();
  for (let i = 0; i < renders; i++)
    await one.render(specs[i % specs.length] as ChartSpec, i % 2 ? "dark" : "light");
  const single = renders / ((performance.now() - began) / 1000);
  const size = 2;
  const pool = new RenderPool({ size });
  await Promise.all([0, 1].map(() => pool.render(specs[0] as ChartSpec, "light")));
  began = performance.now();
  await Promise.all(
    Array.from({ length: size }, async (_, lane) => {
      for (let i = lane; i < renders; i += size)
        await pool.render(specs[i % specs.length] as ChartSpec, i % 2 ? "dark" : "light");
    }),
  );
  const pooled = renders / ((performance.now() - began) / 1000);
  await pool.close();
  console.log(
    `render throughput: one thread ${single.toFixed(1)}/s, ${size} renderer processes ${pooled.toFixed(1)}/s (${(pooled / single).toFixed(2)}x)`,
  );
}

/** 100 /russell asked at once over 5 variants, each answered once before (warm data), with charts: all answered when. */
export async function runBurst(): Promise<void> {
  const market = createSnapshotSource();
  const renderer = createPooledChartRenderer({ processes: 2 });
  const variants = [[], ["index:iwm"], ["index:value"], ["vs:others"], ["range:1y"]];
  const app = await createApp({ clock, market });
  const charts = cachedCharts(replyChartRenderer(renderer), app.answers);
  // Warm the data layer (and the processes) with other dates: the burst's answers are new to the cache.
  await charts(await app.run("russell", ["date:2025-06-02"]), "light");
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const began = performance.now();
  const done: number[] = [];
  await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      await charts(await app.run("russell", variants[i % variants.length] as string[]), "light");
      done.push(performance.now() - began);
    }),
  );
  delay.disable();
  await renderer.close();
  done.sort((a, b) => a - b);
  console.log(
    `burst: 100 /russell at once over ${variants.length} variants: last answered after ${(done.at(-1) ?? 0).toFixed(0)} ms ` +
      `(p50 ${(done[49] ?? 0).toFixed(0)} ms); event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, ` +
      `max ${(delay.max / 1e6).toFixed(1)} ms; ${(app.answers?.stats().misses ?? 0) - 2} answers and charts computed`,
  );
}

/** Resident memory after 10,000 answers over 500 distinct questions (500 as-of dates), the cache at its default 64 MB. */
export async function runCacheMemory(): Promise<void> {
  const market = createSnapshotSource();
  const bound = 64 * 1024 * 1024;
  const app = await createApp({ clock, market, cacheBytes: bound });
  await app.run("russell", ["date:2019-01-02"]);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const start = Date.parse("2012-01-02T00:00:00Z");
  const dates = Array.from({ length: 500 }, (_, i) =>
    new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  let peak = 0;
  // Every question once (the cache fills, then evicts), then 9,500 more among the 50 asked last.
  for (let i = 0; i < 10_000; i++) {
    const key = i < 500 ? i : 450 + ((i * 7919) % 50);
    await app.run("russell", [`date:${dates[key]}`]);
    if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  globalThis.gc?.();
  const after = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const stats = app.answers?.stats();
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  console.log(
    `cache memory: 10,000 /russell over 500 as-of dates, cache bound ${mb(bound)} MB: resident ${mb(baseline)} MB before, ` +
      `${mb(after)} MB after (peak ${mb(peak)} MB); JS heap in use ${mb(heapBefore)} MB before, ${mb(heapAfter)} MB after` +
      `${globalThis.gc ? "" : " (no --expose-gc: garbage may remain)"}; cache held ${mb(stats?.bytes ?? 0)} MB in ${stats?.entries} answers, ` +
      `${stats?.hits} hits, ${stats?.misses} misses, ${stats?.evictions} evictions`,
  );
}
