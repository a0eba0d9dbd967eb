// Long polling with telegraf, started, watched and stopped. launch() resolves when stop() ends polling and
// rejects when polling fails. Inside its polling loop telegraf retries network errors, 429 and 5xx itself; the
// deleteWebhook that launch() sends first it does not, so those answers are retried here with backoff. Only an
// answer the operator must act on (401/404: the token; 409: another poller or a webhook) or any other 4xx is
// final, and settles `failed` so the owner can stop rather than run deaf.
import type { Telegraf } from "telegraf";
import { retry } from "../../core/base/retry.ts";
import type { Log } from "../adapter.ts";

/** Polling ended without stop(): `code` is Telegram's error code when it answered one (409, 401). */
export class TelegramPollingError extends Error {
  override readonly name = "TelegramPollingError";
  constructor(
    message: string,
    readonly code: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One line on why polling stopped. telegraf itself retries network errors, 429 and 5xx while polling (see its
 * Polling class), so whatever reaches here is permanent and retrying it here would only repeat the failure.
 */
export function describePollingFailure(
  error: unknown,
  redact: (text: string) => string = (text) => text,
): TelegramPollingError {
  const code = (error as { code?: unknown } | null)?.code;
  const description = String((error as { description?: unknown } | null)?.description ?? "");
  const numeric = typeof code === "number" ? code : undefined;
  const answer = `${numeric} ${description}`;
  const why =
    numeric === 409
      ? /webhook/i.test(description)
        ? `a webhook was set for this token, so it cannot be polled (${answer})`
        : `another process is polling with this token; only one may run (${answer})`
      : numeric === 401
        ? `Telegram no longer accepts this token; was it revoked? (${answer})`
        : numeric !== undefined
          ? `Telegram answered ${answer}`
          : error instanceof Error
            ? `${error.name}: ${error.message}`
            : String(error);
  return new TelegramPollingError(redact(`telegram: polling stopped: ${why}`), numeric, { cause: error });
}

/** Waits between attempts to start polling after a transient failure; the last repeats. */
const POLLING_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

export interface Polling {
  /** Settles with the reason when polling ends by itself; never after stop(). */
  readonly failed: Promise<TelegramPollingError>;
  /** Ends polling and resolves when the polling task is over. */
  stop(): Promise<void>;
}

class Stopped extends Error {}

export function startPolling(bot: Telegraf, log: Log, redact: (text: string) => string): Polling {
  let stopping = false;
  let reportFailure: (failure: TelegramPollingError) => void = () => {};
  const failed = new Promise<TelegramPollingError>((resolve) => {
    reportFailure = resolve;
  });
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const transient = (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code !== "number" || code === 429 || code >= 500;
  };
  const task = retry(
    async () => {
      if (stopping) throw new Stopped();
      await bot.launch();
    },
    {
      sleep: pause,
      delayMs: (error, attempt) =>
        stopping || error instanceof Stopped || !transient(error)
          ? null
          : (POLLING_RETRY_MS[Math.min(attempt, POLLING_RETRY_MS.length - 1)] ?? 60_000),
      onRetry: (error, delayMs) =>
        log(
          `telegram: could not start polling (${redact(String((error as Error).message))}); retrying in ${delayMs / 1000} s`,
        ),
    },
  ).then(
    () => {
      if (stopping) return;
      const failure = new TelegramPollingError("telegram: polling stopped by itself", undefined);
      log(failure.message);
      reportFailure(failure);
    },
    (error: unknown) => {
      if (error instanceof Stopped) return;
      if (stopping) return log("telegram: polling failed while stopping", error);
      const failure = describePollingFailure(error, redact);
      log(failure.message);
      reportFailure(failure);
    },
  );
  return {
    failed,
    async stop() {
      stopping = true;
      wake();
      // Until telegraf's first request (deleteWebhook) answers, it has no polling to stop and throws "not
      // running"; it would then start polling anyway. So keep asking until the polling task has ended.
      const stopPolling = () => {
        try {
          bot.stop("shutdown");
        } catch {
          // not polling (yet, or any more)
        }
      };
      stopPolling();
      const again = setInterval(stopPolling, 50);
      await task.finally(() => clearInterval(again));
    },
  };
}
