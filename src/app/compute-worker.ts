// A worker thread of the compute pool (compute-pool.ts): runs the core's heavy pure computations by name on the
// arguments it is sent (structured clones of the main thread's) and sends the result back.
import { parentPort } from "node:worker_threads";
import { runTask } from "../core/analytics/off-thread.ts";

interface Request {
  readonly id: number;
  readonly task: string;
  readonly args: readonly unknown[];
}

parentPort?.on("message", (request: Request) => {
  try {
    parentPort?.postMessage({ id: request.id, result: runTask(request.task, request.args) });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error).message });
  }
});
parentPort?.postMessage({ ready: true });
