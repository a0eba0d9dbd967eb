// Serialises renders through one renderer: a bounded queue (a clear error when full), a pause for the event
// loop between renders, and coalescing, so identical requests in flight share one render.
import { createHash } from "node:crypto";
import type { ChartRenderer, ChartSpec, ChartTheme } from "../core/answers/chart-spec.ts";

/** The queue is full: retryable after a moment. */
export class ChartQueueFullError extends Error {
  override readonly name = "ChartQueueFullError";
  readonly code = "CHART_QUEUE_FULL";
  readonly retryable = true;
  constructor(readonly limit: number) {
    super(`chart renderer is busy: ${limit} charts are already waiting; try again in a few seconds`);
  }
}

export interface RenderQueueOptions {
  /** Distinct renders waiting or running at once; one more is refused. */
  readonly maxPending?: number;
  /** Renders run at once (a pool of renderer processes takes several). Default 1. */
  readonly concurrency?: number;
}

export const DEFAULT_MAX_PENDING = 32;

export interface RenderQueueStats {
  /** Renders actually performed by the inner renderer. */
  readonly rendered: number;
  /** Requests answered by joining an identical render in flight. */
  readonly coalesced: number;
  readonly rejected: number;
  readonly pending: number;
}

/** Same spec JSON and theme, same key. */
export function renderKey(spec: ChartSpec, theme: ChartTheme): string {
  return createHash("sha256").update(theme).update("\n").update(JSON.stringify(spec)).digest("hex");
}

export class RenderQueue implements ChartRenderer {
  private readonly maxPending: number;
  private readonly concurrency: number;
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();
  private running = 0;
  private readonly turns: Array<() => void> = [];
  private counts = { rendered: 0, coalesced: 0, rejected: 0 };

  constructor(
    private readonly inner: ChartRenderer,
    options: RenderQueueOptions = {},
  ) {
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Callers that coalesced share the same bytes: treat them as read-only. */
  render(spec: ChartSpec, theme: ChartTheme): Promise<Uint8Array> {
    const key = renderKey(spec, theme);
    const joined = this.inFlight.get(key);
    if (joined) {
      this.counts.coalesced++;
      return joined;
    }
    if (this.inFlight.size >= this.maxPending) {
      this.counts.rejected++;
      return Promise.reject(new ChartQueueFullError(this.maxPending));
    }
    const job = this.turn().then(async () => {
      try {
        // Let I/O and timers run between two renders: a render holds the thread for tens of milliseconds.
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.counts.rendered++;
        return await this.inner.render(spec, theme);
      } finally {
        this.release();
      }
    });
    const settled = job.finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, settled);
    return settled;
  }

  /** Waits until fewer than `concurrency` renders run, in order of arrival. */
  private turn(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.turns.push(resolve));
  }

  private release(): void {
    const next = this.turns.shift();
    if (next) next();
    else this.running--;
  }

  stats(): RenderQueueStats {
    return { ...this.counts, pending: this.inFlight.size };
  }
}
