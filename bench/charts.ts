// Chart rendering benchmark: a 1200x675 RUT vs BTC chart over 10 years as of 2026-08-21, rendered
// sequentially through the shared, queued renderer (each render awaited, so coalescing never applies).
// Prints the median and p95 render time, throughput with both cores (one renderer per child process), and
// resident memory after 1,000 and 5,000 renders. This file is also the child processes' entry point.
import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { createChartRenderer } from "../src/charts/index.ts";
import { buildRussellChart, type ChartSpec } from "../src/core/answers/chart-spec.ts";
import { russellInput } from "../test/charts/chart-inputs.ts";

export interface ChartBenchOptions {
  /** Sequential renders on the main thread; memory is read after 1,000 and after this many. */
  readonly renders?: number;
  /** Renders per child process for the throughput run. */
  readonly rendersPerProcess?: number;
  readonly processes?: number;
}

export interface ChartBenchResult {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly sequentialPerSecond: number;
  readonly parallelPerSecond: number;
  readonly processes: number;
  readonly rssAfter1kMb: number;
  readonly rssAfterAllMb: number;
  readonly renders: number;
  readonly pngBytes: number;
}

const AS_OF = "2026-08-21";
const MEMORY_CHECKPOINT = 1000;
const MB = 1024 * 1024;
/** Set in a child process of the throughput run: how many charts it renders. */
const WORKER_ENV = "RISKON_CHART_BENCH_CHILD";
/** Set in the child process that times renders and samples memory: how many charts it renders. */
const SEQUENTIAL_ENV = "RISKON_CHART_BENCH_SEQUENTIAL";

interface SequentialResult {
  readonly times: number[];
  readonly pngBytes: number;
  readonly rssAfter1k: number;
  readonly rssAfterAll: number;
  readonly perSecond: number;
}

/** Resident memory after a full garbage collection: what the renderer keeps, not garbage not yet collected. */
function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function benchSpec(): Promise<ChartSpec> {
  return buildRussellChart(await russellInput("rut", "btc", AS_OF, 10));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

/** Renders `count` charts one after another on a fresh renderer; returns each render's milliseconds. */
async function renderSequentially(
  count: number,
  onProgress?: (done: number) => void,
): Promise<{ times: number[]; pngBytes: number }> {
  const spec = await benchSpec();
  const renderer = createChartRenderer();
  for (let i = 0; i < 10; i++) await renderer.render(spec, "dark");
  const times: number[] = [];
  let pngBytes = 0;
  for (let i = 1; i <= count; i++) {
    const start = performance.now();
    const png = await renderer.render(spec, "dark");
    times.push(performance.now() - start);
    pngBytes = png.byteLength;
    onProgress?.(i);
  }
  return { times, pngBytes };
}

/**
 * Child processes, not worker threads: canvas renders fine in worker threads but crashes the process when a
 * worker that used it exits.
 */
async function parallelThroughput(processes: number, perProcess: number): Promise<number> {
  const pool: ChildProcess[] = [];
  // Each child loads its data and warms up, then waits for "go" so the clock covers rendering only.
  for (let i = 0; i < processes; i++) {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, [WORKER_ENV]: String(perProcess) },
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    pool.push(child);
  }
  await Promise.all(pool.map((child) => nextMessage(child)));
  const start = performance.now();
  const done = pool.map((child) => nextMessage(child));
  for (const child of pool) child.send("go");
  await Promise.all(done);
  const seconds = (performance.now() - start) / 1000;
  for (const child of pool) if (child.connected) child.disconnect();
  return (processes * perProcess) / seconds;
}

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`chart bench child exited with ${code}`)));
  });
}

async function childMain(renders: number): Promise<void> {
  const spec = await benchSpec();
  const renderer = createChartRenderer();
  for (let i = 0; i < 5; i++) await renderer.render(spec, "dark");
  process.send?.("ready");
  await new Promise((resolve) => process.once("message", resolve));
  for (let i = 0; i < renders; i++) await renderer.render(spec, "dark");
  process.send?.("done");
}

export async function runChartBench(options: ChartBenchOptions = {}): Promise<ChartBenchResult> {
  const renders = options.renders ?? 5000;
  const processes = options.processes ?? Math.min(2, availableParallelism());
  const perProcess = options.rendersPerProcess ?? 200;
  console.log(`charts: RUT vs BTC, 10 years to ${AS_OF}, 1200x675 PNG, dark theme`);

  const parallelPerSecond = await parallelThroughput(processes, perProcess);
  console.log(
    `charts: ${processes} processes x ${perProcess} renders: ${parallelPerSecond.toFixed(1)} renders/s`,
  );

  // Timed and measured in a process of its own, so that nothing else the bench runner loaded moves the figures.
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [SEQUENTIAL_ENV]: String(renders) },
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const {
    times,
    pngBytes,
    rssAfter1k,
    rssAfterAll,
    perSecond: sequentialPerSecond,
  } = (await nextMessage(child)) as SequentialResult;
  if (child.connected) child.disconnect();
  const sorted = [...times].sort((a, b) => a - b);
  const result: ChartBenchResult = {
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    sequentialPerSecond,
    parallelPerSecond,
    processes,
    rssAfter1kMb: rssAfter1k / MB,
    rssAfterAllMb: rssAfterAll / MB,
    renders,
    pngBytes,
  };
  const ratio = result.rssAfterAllMb / result.rssAfter1kMb;
  console.log(
    [
      `charts: render median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms (target median < 80 ms)`,
      `charts: one process ${sequentialPerSecond.toFixed(1)} renders/s; ${processes} processes ${parallelPerSecond.toFixed(1)} renders/s`,
      `charts: rss (after a full GC) after ${MEMORY_CHECKPOINT} renders ${result.rssAfter1kMb.toFixed(0)} MB, after ${renders} ${result.rssAfterAllMb.toFixed(0)} MB (x${ratio.toFixed(3)}, target <= x1.10)`,
      `charts: png ${(pngBytes / 1024).toFixed(0)} KiB`,
    ].join("\n"),
  );
  return result;
}

async function sequentialMain(renders: number): Promise<void> {
  let rssAfter1k = Number.NaN;
  const started = performance.now();
  const { times, pngBytes } = await renderSequentially(renders, (done) => {
    if (done === MEMORY_CHECKPOINT) rssAfter1k = settledRss();
    if (done % 1000 === 0) console.log(`charts: ${done} renders, rss ${(settledRss() / MB).toFixed(0)} MB`);
  });
  const perSecond = renders / ((performance.now() - started) / 1000);
  const result: SequentialResult = { times, pngBytes, rssAfter1k, rssAfterAll: settledRss(), perSecond };
  process.send?.(result);
}

const childRenders = process.env[WORKER_ENV];
if (childRenders !== undefined && process.send) await childMain(Number(childRenders));
const sequentialRenders = process.env[SEQUENTIAL_ENV];
if (sequentialRenders !== undefined && process.send) await sequentialMain(Number(sequentialRenders));
