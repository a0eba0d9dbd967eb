// What went wrong upstream, in one short phrase a reply can quote ("HTTP 429", "timed out after 10 s"),
// with what the retry and fallback logic needs: retryable or not, Retry-After, and the kind of failure.
import { SourceError } from "../../core/base/errors.ts";

export type UpstreamFailureKind =
  | "rate-limit"
  | "server"
  | "timeout"
  | "network"
  | "geo-block"
  | "not-found"
  | "no-market"
  | "malformed"
  | "empty"
  | "client";

const RETRYABLE: ReadonlySet<UpstreamFailureKind> = new Set(["rate-limit", "server", "timeout", "network"]);

export class UpstreamError extends SourceError {
  readonly kind: UpstreamFailureKind;
  readonly status: number | undefined;
  /** From a Retry-After header, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    provider: string,
    kind: UpstreamFailureKind,
    details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, provider, RETRYABLE.has(kind), { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The failure kind an HTTP status means. 451 is a legal (geographic) block: never retried, move on. */
export function kindOfStatus(status: number): UpstreamFailureKind {
  if (status === 429 || status === 418) return "rate-limit";
  if (status === 451) return "geo-block";
  if (status === 404) return "not-found";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 500) return "server";
  return "client";
}

export function httpStatusError(
  provider: string,
  status: number,
  retryAfterMs?: number,
  cause?: unknown,
): UpstreamError {
  const kind = kindOfStatus(status);
  const message = kind === "geo-block" ? `geo-blocked (HTTP ${status})` : `HTTP ${status}`;
  return new UpstreamError(message, provider, kind, {
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    cause,
  });
}

/** Retry-After is either delay-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export function describeMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}
