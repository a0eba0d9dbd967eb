// What every platform adapter shares: its log, the injected chart renderer, and how a failed chart degrades.
import type { Reply } from "../core/answers/command.ts";

export type Log = (message: string, error?: unknown) => void;
export type RenderChart = (reply: Reply) => Promise<Uint8Array | null>;

/** A chart that cannot be drawn never costs the answer: it is logged and the reply goes out as text. */
export function chartOrNothing(render: RenderChart | undefined, log: Log, what: string): RenderChart {
  return async (reply) => {
    if (!render) return null;
    try {
      return await render(reply);
    } catch (error) {
      log(`${what}: chart rendering failed; sending text only`, error);
      return null;
    }
  };
}
