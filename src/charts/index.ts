// The chart adapter's entry point: one shared renderer per process, reached through a bounded, coalescing queue.
import type { ChartRenderer } from "../core/answers/chart-spec.ts";
import { ChartJsRenderer, type ChartJsRendererOptions } from "./chartjs-renderer.ts";
import { RenderQueue, type RenderQueueOptions, type RenderQueueStats } from "./render-queue.ts";

export { ChartJsRenderer, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from "./chartjs-renderer.ts";
export { ChartQueueFullError, RenderQueue, renderKey } from "./render-queue.ts";

export type ChartRendererOptions = ChartJsRendererOptions & RenderQueueOptions;

export interface QueuedChartRenderer extends ChartRenderer {
  stats(): RenderQueueStats;
}

/** Build one at start-up and share it: renders are serialised, identical requests share a render. */
export function createChartRenderer(options: ChartRendererOptions = {}): QueuedChartRenderer {
  return new RenderQueue(new ChartJsRenderer(options), options);
}
