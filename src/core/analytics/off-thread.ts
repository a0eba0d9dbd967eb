// The core's heavy pure computations by name (the baseline populations and permutation tests behind the
// after-breakout figures, the lead/lag tests, the rule sensitivity, the figures by liquidity regime), so an
// adapter can run them off the main thread (src/app/compute-pool.ts) on copies of the same arguments. Each is
// memoised here as everywhere: a result computed elsewhere is put under the caller's own arguments (prime), and
// the caller's call then answers from memory. A computation that cannot run elsewhere runs here, as before.

import { type Memoized, memoized } from "../base/memo.ts";
import type { OffThread } from "../ports.ts";
import { analogsByLiquidity } from "./by-liquidity.ts";
import { analogsFor, correlationReport } from "./russell.ts";
import { sensitivityRows } from "./sensitivity.ts";

/** The figures by liquidity regime, kept per data version like the others. */
export const cachedAnalogsByLiquidity = memoized(analogsByLiquidity, 32);

export const OFF_THREAD_TASKS = {
  analogs: analogsFor,
  correlation: correlationReport,
  sensitivity: sensitivityRows,
  byLiquidity: cachedAnalogsByLiquidity,
} as const;

export type OffThreadTask = keyof typeof OFF_THREAD_TASKS;
type Task<K extends OffThreadTask> = (typeof OFF_THREAD_TASKS)[K];
type Args<K extends OffThreadTask> = Parameters<Task<K>>;
type Result<K extends OffThreadTask> = ReturnType<Task<K>>;

/** Runs a task by name on (cloned) arguments: what the off-thread worker does with a request. */
export function runTask(task: string, args: readonly unknown[]): unknown {
  const fn = OFF_THREAD_TASKS[task as OffThreadTask] as unknown as
    | ((...a: readonly unknown[]) => unknown)
    | undefined;
  if (!fn) throw new Error(`unknown off-thread task ${task}`);
  return fn(...args);
}

/** Computations sent off the thread and not back yet, by task and arguments: two answers share one. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * `task` on `args`: from memory when known; else computed off the main thread when `offThread` is given (and
 * kept under these arguments; the same computation already in flight is waited for, not sent again), else here.
 * A failure off the thread falls back to computing here.
 */
export async function offThreadFirst<K extends OffThreadTask>(
  offThread: OffThread | undefined,
  task: K,
  args: Args<K>,
): Promise<Result<K>> {
  const fn = OFF_THREAD_TASKS[task] as unknown as Memoized<Args<K>, Result<K>>;
  if (offThread && !fn.has(...args)) {
    const key = `${task}|${fn.keyOf(...args)}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = offThread
        .run(task, args)
        .catch(() => undefined)
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const result = await pending;
    if (result !== undefined && !fn.has(...args)) fn.prime(args, result as Result<K>);
  }
  return fn(...args);
}
