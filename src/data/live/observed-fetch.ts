// The fetch every adapter (and the libraries inside them) uses: a timeout on each request, an optional
// base-URL rewrite (tests point the real libraries at local fakes), and a per-call trace of statuses.
import { AsyncLocalStorage } from "node:async_hooks";
import { describeMs, httpStatusError, parseRetryAfter, UpstreamError } from "./upstream-error.ts";

/** What the requests made inside one traced call saw: the libraries hide statuses and Retry-After. */
export interface CallTrace {
  requests: number;
  lastStatus?: number;
  retryAfterMs?: number;
}

const traces = new AsyncLocalStorage<CallTrace>();

/** Runs `fn`, collecting what its requests saw; the trace is filled in even when `fn` throws. */
export function traced<T>(trace: CallTrace, fn: () => Promise<T>): Promise<T> {
  return traces.run(trace, fn);
}

export interface ObservedFetchOptions {
  readonly provider: string;
  readonly timeoutMs: number;
  /** Send every request to this origin (and path prefix) instead of the real host; tests use local fakes. */
  readonly baseUrl?: string;
  /** Throw an UpstreamError for non-2xx answers and transport failures (Yahoo); ccxt maps them itself. */
  readonly throwOnHttpError: boolean;
  readonly baseFetch?: typeof fetch;
  readonly now: () => number;
  /**
   * Checks a 2xx body before the library parses it, throwing an UpstreamError when it is not what the
   * endpoint sends (ccxt turns unparsable or reshaped JSON into an empty list instead of an error).
   */
  readonly inspect?: (url: URL, body: string) => void;
}

export function rebaseUrl(url: string, baseUrl: string): string {
  const original = new URL(url);
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, "");
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

export function observedFetch(options: ObservedFetchOptions): typeof fetch {
  const inner = options.baseFetch ?? globalThis.fetch;
  const observed = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const original = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = options.baseUrl ? rebaseUrl(original, options.baseUrl) : original;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const trace = traces.getStore();
    if (trace) trace.requests += 1;
    let response: Response;
    try {
      // Only the parts of init that a GET needs: libraries add their own extras (ccxt: timeout, agent).
      response = await inner(url, {
        method: init?.method ?? "GET",
        ...(init?.headers ? { headers: init.headers } : {}),
        ...(init?.body !== undefined && init?.body !== null ? { body: init.body } : {}),
        signal,
      });
    } catch (error) {
      if (!options.throwOnHttpError) throw error;
      if (timeout.aborted) {
        throw new UpstreamError(
          `timed out after ${describeMs(options.timeoutMs)}`,
          options.provider,
          "timeout",
          {
            cause: error,
          },
        );
      }
      throw new UpstreamError("network error", options.provider, "network", { cause: error });
    }
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), options.now());
    if (trace) {
      trace.lastStatus = response.status;
      if (retryAfterMs !== undefined) trace.retryAfterMs = retryAfterMs;
      else delete trace.retryAfterMs;
    }
    if (options.inspect && response.ok) {
      options.inspect(new URL(url), await response.clone().text());
    }
    if (options.throwOnHttpError && !response.ok) {
      // Drain the body so the connection is reused; the text is kept only as the error's cause.
      const body = await response.text().catch(() => "");
      throw httpStatusError(options.provider, response.status, retryAfterMs, new Error(body.slice(0, 200)));
    }
    return response;
  };
  return observed as typeof fetch;
}
