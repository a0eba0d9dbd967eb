// What every Telegram update handler is given by the bot file that wires them.
import type { App } from "../../../app/app.ts";
import type { Log } from "../../adapter.ts";
import type { Responder } from "../responder.ts";
import type { SendQueue } from "../send-queue.ts";
import type { Where } from "../where.ts";

export interface HandlerDeps {
  readonly app: App;
  readonly queue: SendQueue;
  readonly responder: Responder;
  readonly log: Log;
  /** Cooldown gate: true when `where` may run a command now; a held-back user is notified once (wait in s). */
  readonly admit: (where: Where, notify: (seconds: number) => void) => boolean;
  /** Keeps work in flight so stop() can wait for it. */
  readonly track: (work: Promise<void>) => void;
}

export function noop(): void {}
