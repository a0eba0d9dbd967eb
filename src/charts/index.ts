// The chart adapter's entry point: one shared renderer per process, reached through a bounded, coalescing queue.

import { availableParallelism } from "node:os";
import type { ChartRenderer } from "../core/answers/chart-spec.ts";
import { ChartJsRenderer, type ChartJsRendererOptions } from "./chartjs-renderer.ts";
import { CHARTS_IN_HAND, RenderPool } from "./render-pool.ts";
import { RenderQueue, type RenderQueueOptions, type RenderQueueStats } from "./render-queue.ts";

export { ChartJsRenderer, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from "./chartjs-renderer.ts";
export { RenderFailedError, RenderPool } from "./render-pool.ts";
export { ChartQueueFullError, RenderQueue, renderKey } from "./render-queue.ts";

export type ChartRendererOptions = ChartJsRendererOptions & RenderQueueOptions;

export interface QueuedChartRenderer extends ChartRenderer {
  stats(): RenderQueueStats;
}

/** Build one at start-up and share it: renders are serialised, identical requests share a render. */
export function createChartRenderer(options: ChartRendererOptions = {}): QueuedChartRenderer {
  return new RenderQueue(new ChartJsRenderer(options), options);
}

/**
 * For the bot: charts drawn in `processes` renderer processes (one per core by default) behind the same bounded,
 * coalescing queue, so the main thread stays free while they are drawn.
 */
export function createPooledChartRenderer(
  options: { processes?: number; log?: (message: string) => void } = {},
): QueuedChartRenderer & { close(): Promise<void>; measures(): Readonly<Record<string, number>> } {
  const size = options.processes ?? availableParallelism();
  const pool = new RenderPool({ size, ...(options.log ? { log: options.log } : {}) });
  // As many as the processes hold: each draws one while the one before is encoded and the next waits.
  const queue = new RenderQueue(pool, { concurrency: size * CHARTS_IN_HAND });
  return Object.assign(queue, {
    close: () => pool.close(),
    /** For /metrics: the queue's (pending, coalesced, rejected) and the pool's (queued, busy, replaced, retried). */
    measures: () => {
      const q = queue.stats();
      const p = pool.stats();
      return {
        ...q,
        queued: p.queued,
        busy: p.busy,
        replaced: p.replaced,
        retried: p.retried,
        processes: size,
      };
    },
  });
}
