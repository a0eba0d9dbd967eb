// A worker thread of the compute pool (compute-pool.ts): runs the core's heavy pure computations by name on the
// arguments it is sent (structured clones of the main thread's) and sends the result back.
import { parentPort } from "node:worker_threads";
import { runTask } from "../core/analytics/off-thread.ts";
import { ReceivedArrays, type SharedArgs } from "./shared-arrays.ts";

interface Request extends SharedArgs {
  readonly id: number;
  readonly task: string;
}

// The long arrays (series' bars) sent once and kept: the same bars are the same array here from one request to
// the next, so the work memoised by their identity (the baseline populations) is reused.
const arrays = new ReceivedArrays();
parentPort?.on("message", (request: Request) => {
  try {
    parentPort?.postMessage({ id: request.id, result: runTask(request.task, arrays.decode(request)) });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error).message });
  }
});
parentPort?.postMessage({ ready: true });
