// What a host graphs and alerts on, in Prometheus's text format (prom-client): commands by name and outcome,
// reply latency, chart render time, data-source errors by source, digests and alerts by outcome, and the depth
// of the send queues, the answer cache and the chart renderer's queue. One registry per process (not prom-client's global one), so tests can have their own.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { CacheStats } from "./answer-cache.ts";
import { describeFailure } from "./failure.ts";

export type CommandOutcome = "ok" | "user_error" | "internal_error";

export interface BotMetrics {
  readonly registry: Registry;
  command(name: string, outcome: CommandOutcome, seconds: number): void;
  chartRendered(seconds: number): void;
  sourceError(source: string): void;
  deliveries(kind: "digest" | "alert", counts: Readonly<Record<string, number>>): void;
  /** Reads the queue depths when /metrics is asked. */
  watchQueues(depths: () => Readonly<Record<string, number>>): void;
  /** Reads the answer cache's counts when /metrics is asked. */
  watchCache(stats: () => CacheStats): void;
  /** Reads the chart renderer's queue and processes when /metrics is asked (riskon_chart_renderer{measure}). */
  watchRenderer(measures: () => Readonly<Record<string, number>>): void;
  /** Reads the compute threads' queue and counts when /metrics is asked (riskon_compute_threads{measure}). */
  watchCompute(measures: () => Readonly<Record<string, number>>): void;
  /** A shared job settled: completed, retry (tried again with backoff), or failed (given up: the dead letter). */
  job(queue: string, outcome: JobOutcome): void;
}

export type JobOutcome = "completed" | "retry" | "failed";

export function createMetrics(options: { defaultMetrics?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "riskon_" });
  const commands = new Counter({
    name: "riskon_commands_total",
    help: "Commands answered, by command and outcome (ok, user_error: a one-line refusal, internal_error)",
    labelNames: ["command", "outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "riskon_reply_seconds",
    help: "Time from a command's arrival to its reply being ready (before the platform upload)",
    labelNames: ["command"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const renders = new Histogram({
    name: "riskon_chart_render_seconds",
    help: "Time to render one chart to PNG",
    buckets: [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
    registers: [registry],
  });
  const sourceErrors = new Counter({
    name: "riskon_source_errors_total",
    help: "Failed calls to an upstream data source (after its own retries), by source",
    labelNames: ["source"],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "riskon_deliveries_total",
    help: "Scheduled digests and alerts by outcome (sent, failed, skipped, deferred, dead: given up after repeated retries)",
    labelNames: ["kind", "outcome"],
    registers: [registry],
  });
  const jobs = new Counter({
    name: "riskon_jobs_total",
    help: "Shared jobs (Postgres) by queue and outcome (completed, retry: tried again with backoff, failed: given up)",
    labelNames: ["queue", "outcome"],
    registers: [registry],
  });
  const { watchCache, watchRenderer, watchCompute, watchQueues } = watchedGauges(registry);
  return {
    registry,
    command: (name, outcome, seconds) => {
      commands.inc({ command: name, outcome });
      latency.observe({ command: name }, seconds);
    },
    chartRendered: (seconds) => renders.observe(seconds),
    sourceError: (source) => sourceErrors.inc({ source }),
    deliveries: (kind, counts) => {
      for (const [outcome, n] of Object.entries(counts)) if (n > 0) deliveries.inc({ kind, outcome }, n);
    },
    watchQueues,
    job: (queue, outcome) => jobs.inc({ queue, outcome }),
    watchCache,
    watchRenderer,
    watchCompute,
  };
}

/** The gauges read when /metrics is asked: the cache, the renderer, the compute threads, the send queues. */
function watchedGauges(registry: Registry) {
  let depths: () => Readonly<Record<string, number>> = () => ({});
  new Gauge({
    name: "riskon_send_queue_depth",
    help: "Messages waiting in a platform's paced send queue",
    labelNames: ["platform"],
    registers: [registry],
    collect() {
      for (const [platform, depth] of Object.entries(depths())) this.set({ platform }, depth);
    },
  });
  return {
    watchCache: cacheGauge(registry),
    watchRenderer: measureGauge(
      registry,
      "riskon_chart_renderer",
      "The chart renderer: pending (distinct charts waiting or drawn), queued (waiting for a renderer process), busy processes, processes; coalesced, rejected, replaced and retried since start",
    ),
    watchCompute: measureGauge(
      registry,
      "riskon_compute_threads",
      "The worker threads of the answers' statistics: queued requests, busy threads; ran, replaced and retried since start",
    ),
    watchQueues: (read: () => Readonly<Record<string, number>>) => {
      depths = read;
    },
  };
}

/** A gauge of named measures read when /metrics is asked. */
function measureGauge(registry: Registry, name: string, help: string) {
  let read: (() => Readonly<Record<string, number>>) | null = null;
  new Gauge({
    name,
    help,
    labelNames: ["measure"],
    registers: [registry],
    collect() {
      for (const [measure, value] of Object.entries(read?.() ?? {})) this.set({ measure }, value);
    },
  });
  return (reader: () => Readonly<Record<string, number>>) => {
    read = reader;
  };
}

/** riskon_answer_cache{measure}: the answer cache's counts, read when /metrics is asked. */
function cacheGauge(registry: Registry): (read: () => CacheStats) => void {
  let cacheStats: (() => CacheStats) | null = null;
  new Gauge({
    name: "riskon_answer_cache",
    help: "The answer cache (answers and their charts): hits, misses and evictions since start, bytes and entries held, the bound",
    labelNames: ["measure"],
    registers: [registry],
    collect() {
      const stats = cacheStats?.();
      if (!stats) return;
      for (const [measure, value] of Object.entries(stats)) this.set({ measure }, value);
    },
  });
  return (read) => {
    cacheStats = read;
  };
}

/** The outcome label of a command that threw. */
export function outcomeOf(error: unknown): CommandOutcome {
  return describeFailure(error).internal ? "internal_error" : "user_error";
}
