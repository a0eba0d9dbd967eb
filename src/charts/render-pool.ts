// Charts drawn in child processes, one per core, so the main thread stays free for pings, interactions and button
// presses while charts are drawn, and a 2-core machine draws two at once. Processes rather than worker threads:
// canvas (a native module) draws in a worker thread but crashed the process when the thread ended (seen here).
// A renderer process that dies or hangs is replaced, and its chart is drawn again once on another; a second
// failure is the caller's error (answered with a clear line, never a silent drop).
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChartRenderer, ChartSpec, ChartTheme } from "../core/answers/chart-spec.ts";

export interface RenderPoolOptions {
  /** Renderer processes. */
  readonly size: number;
  /** A render taking longer than this kills its process (a hang). Default 20 s. */
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
}

interface Job {
  readonly spec: ChartSpec;
  readonly theme: ChartTheme;
  readonly resolve: (png: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  tries: number;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  /** Sent and not answered, by request id, in the order sent. */
  readonly jobs: Map<number, Job>;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Charts sent to a process before its last is back: one is drawn while the one before is encoded (off the
 * thread) and the next waits in the process, so it never idles for the round trip (measured: npm run bench,
 * "render throughput": 3 drew 5-10% more a second than 2 on this machine's 2 cores).
 */
export const CHARTS_IN_HAND = 3;

/** Raised when a chart could not be drawn even on a fresh renderer process. */
export class RenderFailedError extends Error {
  override readonly name = "RenderFailedError";
}

const here = fileURLToPath(import.meta.url);
// Run from the sources (tsx) or compiled (dist/): the child is the sibling file of the same kind.
const CHILD = here.replace(/render-pool\.(ts|js)$/, (_m, ext: string) => `render-child.${ext}`);
const CHILD_ARGS = here.endsWith(".ts")
  ? ["--import", "tsx", "--disable-warning=ExperimentalWarning"]
  : ["--disable-warning=ExperimentalWarning"];

export class RenderPool implements ChartRenderer {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 0;
  private closed = false;
  private counts = { rendered: 0, replaced: 0, retried: 0 };

  constructor(private readonly options: RenderPoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.spawn());
  }

  stats() {
    return {
      ...this.counts,
      queued: this.waiting.length,
      busy: this.slots.filter((s) => s.jobs.size > 0).length,
    };
  }

  /** The renderer processes' ids, and which are drawing now (for tests and operators). */
  processes(): Array<{ pid: number | undefined; busy: boolean }> {
    return this.slots.map((slot) => ({ pid: slot.child.pid, busy: slot.jobs.size > 0 }));
  }

  render(spec: ChartSpec, theme: ChartTheme): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new RenderFailedError("the chart renderer is closed"));
    return new Promise((resolve, reject) => {
      this.waiting.push({ spec, theme, resolve, reject, tries: 0 });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0))
      job.reject(new RenderFailedError("the chart renderer is closed"));
    for (const slot of this.slots) slot.child.kill();
  }

  private spawn(): Slot {
    const child = fork(CHILD, [], { execArgv: CHILD_ARGS, serialization: "advanced", stdio: "inherit" });
    const slot: Slot = { child, ready: Promise.resolve(), jobs: new Map(), timer: null };
    slot.ready = new Promise((resolve) => {
      const onReady = (message: { ready?: boolean }) => {
        if (message.ready) {
          child.off("message", onReady);
          resolve();
        }
      };
      child.on("message", onReady);
    });
    child.on("message", (message: { id?: number; png?: Uint8Array; error?: string }) => {
      const job = message.id === undefined ? undefined : slot.jobs.get(message.id);
      if (!job) return;
      slot.jobs.delete(message.id as number);
      this.settle(slot);
      if (message.png) {
        this.counts.rendered++;
        job.resolve(new Uint8Array(message.png));
      } else job.reject(new RenderFailedError(message.error ?? "the chart could not be drawn"));
      this.dispatch();
    });
    child.on("exit", (code, signal) => this.replace(slot, `exited (${signal ?? code})`));
    child.on("error", () => {}); // followed by "exit"
    // An idle pool never keeps the process alive by itself (a run ends when its answers are written); a chart
    // being drawn does, until it is back.
    child.unref();
    child.channel?.unref();
    return slot;
  }

  /** A renderer process that died: its charts are drawn again once on another, the process replaced. */
  private replace(slot: Slot, why: string): void {
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    this.settle(slot);
    if (this.closed) {
      for (const job of jobs) job.reject(new RenderFailedError("the chart renderer is closed"));
      return;
    }
    this.counts.replaced++;
    this.options.log?.(`charts: a renderer process ${why}; starting another`);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    const again = jobs.filter((job) => job.tries < 2);
    for (const job of jobs)
      if (job.tries >= 2)
        job.reject(new RenderFailedError(`the chart could not be drawn: its renderer ${why} twice`));
    this.counts.retried += again.length;
    this.waiting.unshift(...again);
    this.dispatch();
  }

  /**
   * After an answer (or a death): the hang timer starts again for the chart now being drawn, or stops, and an
   * idle process no longer keeps the program alive.
   */
  private settle(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.jobs.size > 0) this.watch(slot);
    else slot.child.channel?.unref();
  }

  /** A process that answers nothing for the timeout while it has charts to draw hangs: it is killed. */
  private watch(slot: Slot): void {
    slot.timer = setTimeout(() => slot.child.kill("SIGKILL"), this.options.timeoutMs ?? 20_000);
  }

  /** Each waiting chart goes to the process with the fewest in hand (an idle one first), up to CHARTS_IN_HAND each. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      if (slot.jobs.size >= CHARTS_IN_HAND) return;
      const job = this.waiting.shift() as Job;
      const id = this.nextId++;
      slot.jobs.set(id, job);
      job.tries++;
      slot.child.channel?.ref();
      void slot.ready.then(() => {
        if (slot.jobs.get(id) !== job) return;
        slot.child.send({ id, spec: job.spec, theme: job.theme });
        if (!slot.timer) this.watch(slot);
      });
    }
  }
}
