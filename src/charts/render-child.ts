// A renderer process of the pool (render-pool.ts): draws each chart spec it is sent and sends the PNG back.
import { ChartJsRenderer } from "./chartjs-renderer.ts";

interface Request {
  readonly id: number;
  readonly spec: Parameters<ChartJsRenderer["render"]>[0];
  readonly theme: Parameters<ChartJsRenderer["render"]>[1];
}

const renderer = new ChartJsRenderer();
/** An answer to a pool that has gone meanwhile (its process ended) is dropped, not an error here. */
const answer = (message: object) => {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
};
// Each chart as it comes (the pool sends at most CHARTS_IN_HAND at once): one is drawn on this thread while the
// one before is encoded off it, each on a canvas of its own.
process.on("message", (request: Request) => {
  renderer.render(request.spec, request.theme).then(
    (png) => answer({ id: request.id, png }),
    (error: unknown) => answer({ id: request.id, error: (error as Error).message }),
  );
});
// The pool going away (its process ended) leaves nothing to draw for.
process.on("disconnect", () => process.exit(0));
answer({ ready: true });
