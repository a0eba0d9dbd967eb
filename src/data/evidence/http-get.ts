// One GET with a timeout, turning transport failures into SourceErrors; callers judge the status themselves.
import { SourceError } from "../../core/base/errors.ts";

export interface HttpGetOptions {
  readonly provider: string;
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly text: string;
}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpAnswer> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 20_000;
  try {
    const response = await doFetch(url, {
      headers: { ...options.headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      retryAfter: response.headers.get("retry-after"),
      text: await response.text(),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new SourceError(
      timedOut ? `timed out after ${timeoutMs} ms` : "network error",
      options.provider,
      true,
      { cause: error },
    );
  }
}

/** Seconds or an HTTP date in Retry-After, as milliseconds from `nowMs`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
