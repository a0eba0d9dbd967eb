// The OffThread port on worker threads: the heavy statistics of an answer (core/analytics/off-thread.ts) run in
// `size` workers, so the main thread answers pings, interactions and button presses meanwhile, and a cold answer's
// tests run beside the renderer processes. A worker that dies or hangs is replaced and its request run once more
// on another; a second failure rejects (the caller then computes on the main thread, as without the pool).
import { Worker } from "node:worker_threads";
import type { OffThread } from "../core/ports.ts";
import { SentArrays } from "./shared-arrays.ts";

export interface ComputePoolOptions {
  readonly size: number;
  /** A request taking longer than this ends its worker (a hang). Default 60 s. */
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
  /** Another worker script (tests: one that cannot start). */
  readonly worker?: URL;
}

interface Job {
  readonly task: string;
  readonly args: readonly unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  tries: number;
}

interface Slot {
  worker: Worker;
  /** The long arrays this worker holds (shared-arrays.ts). */
  sent: SentArrays;
  job: { readonly id: number; readonly job: Job } | null;
  timer: ReturnType<typeof setTimeout> | null;
  ready: boolean;
}

const MAX_START_FAILURES = 3;
const here = import.meta.url;
// From the sources (tsx) or compiled (dist/): the worker is the sibling file of the same kind.
const WORKER = new URL(here.endsWith(".ts") ? "./compute-worker.ts" : "./compute-worker.js", here);
const WORKER_ARGV = here.endsWith(".ts") ? ["--import", "tsx"] : [];

export class ComputePool implements OffThread {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers in a row that ended before they were ready: past MAX_START_FAILURES the pool gives up. */
  private startFailures = 0;
  private counts = { ran: 0, replaced: 0, retried: 0, arraysSent: 0 };

  constructor(private readonly options: ComputePoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.spawn());
  }

  /** Long arrays each worker holds (sent once, referred to afterwards). */
  held(): number[] {
    return this.slots.map((slot) => slot.sent.size);
  }

  stats() {
    return { ...this.counts, queued: this.waiting.length, busy: this.slots.filter((s) => s.job).length };
  }

  /** The workers, which are computing now, and a way to end one (for tests and operators). */
  workers(): Array<{ threadId: number; busy: boolean; terminate: () => Promise<number> }> {
    return this.slots.map((slot) => ({
      threadId: slot.worker.threadId,
      busy: slot.job !== null,
      terminate: () => slot.worker.terminate(),
    }));
  }

  run(task: string, args: readonly unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the compute pool is closed"));
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, args, resolve, reject, tries: 0 });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new Error("the compute pool is closed"));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.worker ?? WORKER, { execArgv: WORKER_ARGV });
    const slot: Slot = { worker, sent: new SentArrays(), job: null, timer: null, ready: false };
    worker.on("message", (message: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) {
        slot.ready = true;
        this.startFailures = 0;
        this.dispatch();
        return;
      }
      const current = slot.job;
      if (!current || current.id !== message.id) return;
      this.free(slot);
      this.counts.ran++;
      if (message.error !== undefined) current.job.reject(new Error(message.error));
      else current.job.resolve(message.result);
      this.dispatch();
    });
    worker.on("error", () => {}); // followed by "exit"
    worker.on("exit", (code) => this.replace(slot, `exited (${code})`));
    // An idle pool never keeps the process alive by itself; a request in progress does, until it is back.
    worker.unref();
    return slot;
  }

  private free(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /**
   * Requests waiting or in progress keep the program alive (a worker still starting included), an idle pool
   * does not: a run ends when its answers are written.
   */
  private hold(): void {
    const wanted = this.waiting.length > 0;
    for (const slot of this.slots) {
      if (slot.job || (wanted && !this.closed)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  /** A worker that died: its request runs once more on another (a second failure rejects), the worker replaced. */
  private replace(slot: Slot, why: string): void {
    const current = slot.job;
    this.free(slot);
    const index = this.slots.indexOf(slot);
    if (this.closed || index < 0) {
      current?.job.reject(new Error("the compute pool is closed"));
      return;
    }
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      // Workers that cannot start (a broken install): no more are started; answers compute on the main thread.
      this.closed = true;
      this.options.log?.(
        `compute: ${this.startFailures} worker threads ${why} before they started; computing on the main thread`,
      );
      current?.job.reject(new Error("the compute pool could not start its workers"));
      for (const job of this.waiting.splice(0))
        job.reject(new Error("the compute pool could not start its workers"));
      return;
    }
    this.counts.replaced++;
    this.options.log?.(`compute: a worker thread ${why}; starting another`);
    this.slots[index] = this.spawn();
    if (current) {
      if (current.job.tries >= 2)
        current.job.reject(new Error(`computation failed: its worker ${why} twice`));
      else {
        this.counts.retried++;
        this.waiting.unshift(current.job);
      }
    }
    this.dispatch();
  }

  private dispatch(): void {
    this.assign();
    this.hold();
  }

  private assign(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.job === null);
      if (!slot) return;
      const job = this.waiting.shift() as Job;
      const id = this.nextId++;
      job.tries++;
      slot.job = { id, job };
      slot.timer = setTimeout(() => void slot.worker.terminate(), this.options.timeoutMs ?? 60_000);
      try {
        const shared = slot.sent.encode(job.args);
        slot.worker.postMessage({ id, task: job.task, ...shared });
        this.counts.arraysSent += shared.arrays.length;
      } catch (error) {
        // Arguments that cannot be cloned: not the worker's fault, not retried. What the worker holds is no longer
        // known here: the next message tells it to start again.
        slot.sent = new SentArrays();
        this.free(slot);
        job.reject(error as Error);
      }
    }
  }
}
