// Source health for /status: one upstream's state (last success, last error, blocked or rate-limited) as the
// one-line status and the healthy flag, from what the store and the guards record.
import type { SeriesFreshness, SourceHealth } from "../../core/ports.ts";
import { COINGECKO } from "./coingecko-source.ts";

export interface RecordedState {
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

/** An upstream's health: "ok", "no calls yet", "failing: …", "rate-limited, next try in …", or why it is blocked. */
export function upstreamHealth(
  state: RecordedState | null,
  name: string,
  role: string,
  series: readonly SeriesFreshness[],
  blocked: string | null,
  cooldownMs: number,
): SourceHealth {
  const lastSuccess = state?.lastSuccessAt ?? null;
  const lastError =
    state?.lastError && state.lastErrorAt ? { at: state.lastErrorAt, message: state.lastError } : null;
  const failingNow = lastError !== null && (lastSuccess === null || lastError.at > lastSuccess);
  const status = blocked
    ? blocked
    : cooldownMs > 0
      ? `rate-limited, next try in ${Math.ceil(cooldownMs / 1000)} s`
      : failingNow
        ? `failing: ${lastError.message}`
        : lastSuccess
          ? "ok"
          : "no calls yet";
  return {
    name,
    role,
    healthy: !blocked && cooldownMs === 0 && !failingNow,
    status,
    lastSuccess: lastSuccess?.toISOString() ?? null,
    lastError: lastError ? { at: lastError.at.toISOString(), message: lastError.message } : null,
    series,
  };
}

/** CoinGecko's health from the market-caps service's own record of its calls. */
export function coingeckoHealth(
  state: { readonly lastSuccess: Date | null; readonly lastError: { at: Date; message: string } | null },
  access: string,
): SourceHealth {
  const failing =
    state.lastError !== null && (state.lastSuccess === null || state.lastError.at > state.lastSuccess);
  return {
    name: COINGECKO,
    role: `market caps and dominance (${access})`,
    healthy: !failing,
    status: failing ? `failing: ${state.lastError?.message}` : state.lastSuccess ? "ok" : "no calls yet",
    lastSuccess: state.lastSuccess?.toISOString() ?? null,
    lastError: state.lastError
      ? { at: state.lastError.at.toISOString(), message: state.lastError.message }
      : null,
    series: [],
  };
}
