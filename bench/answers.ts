// The answer cache, each figure beside the bare render floor of the same chart, in one run on the bundled
// snapshot: the floor (the /russell chart drawn and encoded, nothing else); the first answer at a new data version
// (a new bar in every series: the snapshot cut one session later each round, new arrays, new as-of date, so every
// statistic is computed again), with the data-only work prepared as the runtime does when data change
// (App.prepare) and without; and a repeated identical answer (served from the cache: text and PNG). Then the
// renderer processes' throughput against one thread's, a burst of 100 /russell over 5 variants and the memory.

import { fork } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createApp } from "../src/app/app.ts";
import { ComputePool } from "../src/app/compute-pool.ts";
import { cachedCharts, replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer, createPooledChartRenderer, RenderPool } from "../src/charts/index.ts";
import type { ChartRenderer, ChartSpec } from "../src/core/answers/chart-spec.ts";
import type { IsoDate } from "../src/core/base/dates.ts";
import type { MarketData, SeriesData } from "../src/core/ports.ts";
import { createSnapshotSource } from "../src/data/snapshot.ts";
import { boundHeapGrowth } from "../src/heap-growth.ts";

const ROUNDS = 15;
/** New data versions answered before the measured ones: the code warm, as in a bot that has run for a while. */
const WARM_VERSIONS = 40;
const clock = () => new Date("2026-11-21T00:00:00Z");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

/** The data as they stood at the close of `session`: every series cut there, as new arrays (a new version). */
function atSession(base: MarketData, session: IsoDate): MarketData {
  const cut = new Map<string, Promise<SeriesData>>();
  const getSeries = (id: string) => {
    let data = cut.get(id);
    if (!data) {
      data = base.getSeries(id).then((d) => {
        const bars = d.bars.filter((b) => b.date <= session);
        return { ...d, bars, source: { ...d.source, lastDate: bars.at(-1)?.date ?? d.source.lastDate } };
      });
      cut.set(id, data);
    }
    return data;
  };
  return new Proxy(base, {
    get: (target, key) => {
      if (key === "getSeries") return getSeries;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The first answers at new data versions, each with its chart drawn in `theme`: `question` after App.prepare
 * (untimed, as the runtime runs it when data change) or with nothing prepared.
 */
async function firstAnswers(
  market: MarketData,
  sessions: readonly IsoDate[],
  floorSessions: readonly IsoDate[],
  renderer: ChartRenderer,
  question: readonly string[],
  prepared: boolean,
): Promise<{ answers: number[]; floors: number[] }> {
  const render = replyChartRenderer(renderer);
  const times: number[] = [];
  const floors: number[] = [];
  for (const [i, session] of sessions.entries()) {
    const data = atSession(market, session);
    const app = await createApp({ clock: () => new Date(`${session}T23:00:00Z`), market: data });
    for (const id of ["RUT", "RUT_PRICE", "IWM", "IWM_PRICE", "IWN", "IWN_PRICE", "BTC", "ETH", "TOTAL3"])
      await data.getSeries(id).catch(() => null); // the refresh's work, not the answer's
    await app.run("caveats", []);
    if (prepared) await app.prepare();
    // Each timed from a collected heap: a member asks minutes after the data came (and were prepared), not in
    // the same millisecond, and the garbage of the preparation is not the answer's.
    globalThis.gc?.();
    const charts = cachedCharts(render, app.answers);
    const took = await timed(async () => charts(await app.run("russell", [...question]), "light"));
    if (i < WARM_VERSIONS) continue;
    times.push(took);
    // Its floor: the bare render of the same question's chart at a session nothing else draws (a chart drawn for
    // the first time, as the answer's was: a chart drawn again finds its text laid out already).
    floors.push(await floorOf(market, floorSessions[i] as IsoDate, question, renderer));
  }
  return { answers: times, floors };
}

async function floorOf(
  market: MarketData,
  session: IsoDate,
  question: readonly string[],
  renderer: ChartRenderer,
) {
  const other = await createApp({
    clock: () => new Date(`${session}T23:00:00Z`),
    market: atSession(market, session),
  });
  const spec = (await other.run("russell", [...question])).chart as ChartSpec;
  globalThis.gc?.();
  return timed(() => renderer.render(spec, "light"));
}

export async function runAnswersBench(): Promise<void> {
  const market = createSnapshotSource();
  const renderer = createChartRenderer();
  const render = replyChartRenderer(renderer);
  const warm = await createApp({ clock, market, cacheBytes: 0 });
  const reply = await warm.run("russell", []);
  if (!reply.chart) throw new Error("/russell has no chart");
  // The floor: measured warm (30 renders first), before and after the first answers, all its samples together.
  for (let i = 0; i < 30; i++) await render(reply, "light");
  const floor: number[] = [];
  const measureFloor = async () => {
    for (let i = 0; i < ROUNDS; i++)
      floor.push(await timed(() => renderer.render(reply.chart as never, "light")));
  };
  await measureFloor();

  // Sessions from the snapshot's end backwards, a different one for each measure (the statistics are kept per
  // data version, so no measure finds another's work).
  const span = WARM_VERSIONS + ROUNDS;
  const sessions = (await market.getSeries("RUT")).bars.map((b) => b.date).slice(-6 * span);
  const part = (k: number) => sessions.slice(k * span, (k + 1) * span);
  const unprepared = await firstAnswers(market, part(0), part(3), renderer, [], false);
  const preparedSame = await firstAnswers(market, part(1), part(4), renderer, [], true);
  const preparedOther = await firstAnswers(market, part(2), part(5), renderer, ["range:1y"], true);
  await measureFloor();

  const app = await createApp({ clock, market });
  const charts = cachedCharts(render, app.answers);
  await charts(await app.run("russell", []), "light");
  const repeated: number[] = [];
  for (let i = 0; i < ROUNDS * 10; i++) {
    repeated.push(await timed(async () => charts(await app.run("russell", []), "light")));
  }
  const f = median(floor);
  const vsFloor = (m: { answers: number[]; floors: number[] }) =>
    `p50 ${median(m.answers).toFixed(1)} ms against its floor ${median(m.floors).toFixed(1)} ms ` +
    `(${(median(m.answers) / median(m.floors)).toFixed(2)}x)`;
  const stats = app.answers?.stats();
  console.log(
    `answers (/russell, light theme, bundled snapshot): bare render of one chart drawn again and again p50 ${f.toFixed(1)} ms; ` +
      `first answer at a new data version (${ROUNDS} versions after ${WARM_VERSIONS}), its data work prepared: ` +
      `/russell ${vsFloor(preparedSame)}, another question (/russell range:1y) ${vsFloor(preparedOther)}; ` +
      `nothing prepared (the statistics computed in the answer) ${vsFloor(unprepared)}; ` +
      `repeated identical answer p50 ${median(repeated).toFixed(2)} ms (${(median(repeated) / f).toFixed(3)}x that); ` +
      `cache ${stats?.entries} entries, ${((stats?.bytes ?? 0) / 1024).toFixed(0)} kB`,
  );
  console.log(await inChild<string>("throughput", []));
  await runBurst();
  await runColdAnswers();
  await runCacheMemory();
}

/**
 * Questions nothing prepared (a date of their own, so every statistic is computed in the answer), asked one
 * after another while the event loop's delay is watched: the statistics on this thread, and in 2 worker threads.
 */
export async function runColdAnswers(count = 12): Promise<void> {
  const dates = (await createSnapshotSource().getSeries("RUT")).bars.map((b) => b.date).slice(-400);
  const measure = async (offThread: ComputePool | undefined, offset: number) => {
    const app = await createApp({
      clock,
      market: createSnapshotSource(),
      cacheBytes: 0,
      ...(offThread ? { offThread } : {}),
    });
    await app.run("russell", [`date:${dates[0]}`]); // the code warm, the series read
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const times: number[] = [];
    delay.enable();
    for (let i = 0; i < count; i++)
      times.push(await timed(() => app.run("russell", [`date:${dates[offset + i * 7]}`])));
    delay.disable();
    return { answer: median(times), p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  };
  const here = await measure(undefined, 10);
  const pool = new ComputePool({ size: 2 });
  const off = await measure(pool, 13);
  await pool.close();
  const line = (m: typeof here) =>
    `answer p50 ${m.answer.toFixed(0)} ms, event-loop delay p99 ${m.p99.toFixed(1)} ms, max ${m.max.toFixed(1)} ms`;
  console.log(
    `cold answers (${count} /russell at dates nothing prepared, one after another, no chart): statistics on the main thread: ${line(here)}; in 2 worker threads: ${line(off)}`,
  );
}

/**
 * Renders per second: one thread drawing in turn, against the pool's processes given the same charts at once.
 * This machine's speed drifts between seconds, so the two are measured in pairs of rounds next to each other
 * (which goes first alternates) and the figure is the median of the pairs' ratios, beside each side's median.
 */
export async function renderThroughput(
  specs: readonly ChartSpec[],
  renders = 24,
  rounds = 15,
): Promise<string> {
  const one = createChartRenderer();
  const size = 2;
  const pool = new RenderPool({ size });
  const spec = (i: number) => specs[i % specs.length] as ChartSpec;
  const theme = (i: number) => (i % 2 ? "dark" : "light");
  await one.render(spec(0), "light");
  await Promise.all([0, 1].map(() => pool.render(spec(0), "light")));
  const perSecond = async (work: () => Promise<unknown>) => renders / ((await timed(work)) / 1000);
  const alone = () =>
    perSecond(async () => {
      for (let i = 0; i < renders; i++) await one.render(spec(i), theme(i));
    });
  // All asked at once (a burst's charts): the pool keeps each process busy with the next one in hand.
  const together = () =>
    perSecond(() => Promise.all(Array.from({ length: renders }, (_, i) => pool.render(spec(i), theme(i)))));
  const single: number[] = [];
  const pooled: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2) {
      pooled.push(await together());
      single.push(await alone());
    } else {
      single.push(await alone());
      pooled.push(await together());
    }
  }
  await pool.close();
  const ratios = pooled.map((x, i) => x / (single[i] as number)).sort((a, b) => a - b);
  const quartile = (q: number) => (ratios[Math.round(q * (ratios.length - 1))] ?? 0).toFixed(2);
  return (
    `render throughput (${rounds} pairs of rounds of ${renders} charts): ${size} renderer processes ` +
    `${median(ratios).toFixed(2)}x one thread drawing in turn (median of the pairs; quartiles ${quartile(0.25)}-` +
    `${quartile(0.75)}); one thread ${median(single).toFixed(1)}/s, processes ${median(pooled).toFixed(1)}/s ` +
    "(medians); in a process of its own"
  );
}

/** The throughput run in a fresh process: the earlier measures' heap and garbage do not weigh on either side. */
async function throughputChild(): Promise<string> {
  const app = await createApp({ clock, market: createSnapshotSource(), cacheBytes: 0 });
  const specs: ChartSpec[] = [];
  for (const date of ["2020-11-20", "2021-11-05", "2024-11-25", "2025-09-18"])
    specs.push((await app.run("russell", [`date:${date}`])).chart as ChartSpec);
  return renderThroughput(specs);
}

/** 100 /russell asked at once over 5 variants, each answered once before (warm data), with charts: all answered when. */
export async function runBurst(): Promise<void> {
  const market = createSnapshotSource();
  const renderer = createPooledChartRenderer({ processes: 2 });
  const variants = [[], ["index:iwm"], ["index:value"], ["vs:others"], ["range:1y"]];
  const app = await createApp({ clock, market });
  const charts = cachedCharts(replyChartRenderer(renderer), app.answers);
  // Warm the data layer (every variant's series read once) and the processes with another date: the burst's
  // answers, their statistics and charts are new.
  for (const variant of variants)
    await charts(await app.run("russell", [...variant, "date:2025-06-02"]), "light");
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

/**
 * Resident memory after 10,000 answers over 500 distinct questions (500 as-of dates): every question once (the
 * cache fills, then evicts), then 9,500 among the 50 asked last. Each run in a fresh process of its own, beside
 * the baseline: the same process answering the same questions with no cache (its first 1,000: its resident set
 * has reached its high-water mark by then, and the rest would take minutes). The bound: the baseline's resident
 * set plus the cache's size.
 */
export async function runCacheMemory(): Promise<void> {
  const bound = 64;
  const cached = await inChild<MemoryResult>("memory", [bound, 10_000]);
  const baseline = await inChild<MemoryResult>("memory", [0, 1_000]);
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  const limit = baseline.rss + bound * 1048576;
  console.log(
    `cache memory: 10,000 /russell over 500 as-of dates, cache bound ${bound} MB (${cached.entries} answers, ` +
      `${mb(cached.bytes)} MB held; ${cached.hits} hits, ${cached.misses} misses, ${cached.evictions} evictions): ` +
      `resident ${mb(cached.rssBefore)} MB at start, ${mb(cached.rss)} MB after; without a cache ` +
      `${mb(baseline.rssBefore)} MB at start, ${mb(baseline.rss)} MB after 1,000; bound (baseline + cache) ` +
      `${mb(limit)} MB: ${cached.rss <= limit ? "within" : "over"}. JS heap in use after: ${mb(cached.heap)} MB ` +
      `with the cache, ${mb(baseline.heap)} MB without`,
  );
}

interface MemoryResult {
  rssBefore: number;
  rss: number;
  heap: number;
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

/** Runs one measure of this module in a fresh process (see the end of the file) and resolves with its result. */
function inChild<T>(measure: string, args: readonly number[]): Promise<T> {
  const child = fork(fileURLToPath(import.meta.url), ["bench-child", measure, ...args.map(String)], {
    execArgv: ["--expose-gc", "--disable-warning=ExperimentalWarning", "--import", "tsx"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (result) => resolve(result as T));
    child.once("exit", (code) => reject(new Error(`the ${measure} run exited (${code})`)));
  });
}

async function memoryChild(cacheMb: number, answers: number): Promise<MemoryResult> {
  const app = await createApp({ clock, market: createSnapshotSource(), cacheBytes: cacheMb * 1048576 });
  await app.run("russell", ["date:2019-01-02"]);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const start = Date.parse("2012-01-02T00:00:00Z");
  const dates = Array.from({ length: 500 }, (_, i) =>
    new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  for (let i = 0; i < answers; i++) {
    const key = i < 500 ? i : 450 + ((i * 7919) % 50);
    await app.run("russell", [`date:${dates[key]}`]);
  }
  globalThis.gc?.();
  const stats = app.answers?.stats();
  const { rss, heapUsed } = process.memoryUsage();
  return {
    rssBefore,
    rss,
    heap: heapUsed,
    entries: stats?.entries ?? 0,
    bytes: stats?.bytes ?? 0,
    hits: stats?.hits ?? 0,
    misses: stats?.misses ?? 0,
    evictions: stats?.evictions ?? 0,
  };
}

if (process.argv[2] === "bench-child") {
  boundHeapGrowth(); // as the bot runs (src/main.ts)
  const [measure, a, b] = process.argv.slice(3);
  const result = measure === "memory" ? await memoryChild(Number(a), Number(b)) : await throughputChild();
  process.send?.(result, () => process.exit(0));
}
