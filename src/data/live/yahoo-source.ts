// Equities from Yahoo Finance through yahoo-finance2's chart() (daily, explicit period1/period2; historical()
// is deprecated). Null bars are dropped; IWM/IWN take the dividend-adjusted close; every failure is an UpstreamError.
import YahooFinance from "yahoo-finance2";
import { type IsoDate, utcDateOf } from "../../core/base/dates.ts";
import type { FetchedBar } from "./fetched-bars.ts";
import { hasClose, normalizeBars } from "./fetched-bars.ts";
import type { EquitySeriesSpec } from "./live-series.ts";
import { observedFetch } from "./observed-fetch.ts";
import { describeMs, UpstreamError } from "./upstream-error.ts";

export const YAHOO = "Yahoo Finance";

export interface YahooSourceOptions {
  readonly timeoutMs: number;
  /** Tests: a local fake instead of https://query2.finance.yahoo.com. */
  readonly baseUrl?: string;
  readonly now: () => number;
  readonly log: (message: string) => void;
}

/** yahoo-finance2 logs schema mismatches itself; route them to our log instead of the console. */
function quietLogger(log: (message: string) => void) {
  const line = (...args: unknown[]) =>
    log(
      `yahoo-finance2: ${args
        .map((a) => (typeof a === "string" ? a : JSON.stringify(a)))
        .join(" ")
        .slice(0, 300)}`,
    );
  return { info: line, warn: line, error: line, debug: () => {}, dir: () => {} };
}

/** What yahoo-finance2 threw, as one of our upstream failures. */
export function classifyYahooError(error: unknown, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const e = error as { name?: string; message?: string };
  const name = e?.name ?? "";
  const message = e?.message ?? String(error);
  if (name === "TimeoutError" || name === "AbortError")
    return new UpstreamError(`timed out after ${describeMs(timeoutMs)}`, YAHOO, "timeout", { cause: error });
  if (name === "FailedYahooValidationError")
    return new UpstreamError("response failed schema validation", YAHOO, "malformed", { cause: error });
  if (name === "NotFoundError")
    return new UpstreamError(`not found (${message})`, YAHOO, "not-found", { cause: error });
  if (/not parsable|Unexpected result|No timestamp|Timestamp count mismatch/i.test(message))
    return new UpstreamError("malformed response", YAHOO, "malformed", { cause: error });
  return new UpstreamError(`unexpected response (${message.slice(0, 120)})`, YAHOO, "malformed", {
    cause: error,
  });
}

export class YahooChartSource {
  readonly key = "yahoo";
  readonly name = YAHOO;
  private readonly client: InstanceType<typeof YahooFinance>;

  constructor(private readonly options: YahooSourceOptions) {
    this.client = new YahooFinance({
      fetch: observedFetch({
        provider: YAHOO,
        timeoutMs: options.timeoutMs,
        throwOnHttpError: true,
        now: options.now,
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      }),
      // No call to the npm registry on errors, no survey notice, no console output.
      versionCheck: false,
      suppressNotices: ["yahooSurvey"],
      validation: { logErrors: false, logOptionsErrors: false },
      logger: quietLogger(options.log),
    });
  }

  providerLabel(spec: EquitySeriesSpec): string {
    return `${YAHOO} ${spec.label}`;
  }

  /** Daily bars dated `from` (inclusive) to `now`, the current session's forming bar included. */
  async fetchDaily(spec: EquitySeriesSpec, from: IsoDate, now: Date): Promise<FetchedBar[]> {
    const period1 = new Date(`${from}T00:00:00Z`);
    if (now.getTime() <= period1.getTime()) return [];
    let result: Awaited<ReturnType<typeof this.chart>>;
    try {
      result = await this.chart(spec.symbol, period1, now);
    } catch (error) {
      throw classifyYahooError(error, this.options.timeoutMs);
    }
    // Bars are stamped at the session open in UTC; shifting by the exchange offset gives the session date.
    const offsetMs = (typeof result.meta.gmtoffset === "number" ? result.meta.gmtoffset : 0) * 1000;
    const bars: FetchedBar[] = [];
    for (const quote of result.quotes) {
      const value = spec.field === "adjclose" ? quote.adjclose : quote.close;
      if (!hasClose(value)) continue;
      const factor =
        spec.field === "adjclose" && hasClose(quote.close) && quote.close > 0 ? value / quote.close : 1;
      const scale = (x: number | null | undefined) => (hasClose(x) ? x * factor : null);
      bars.push({
        date: utcDateOf(new Date(quote.date.getTime() + offsetMs)),
        open: scale(quote.open),
        high: scale(quote.high),
        low: scale(quote.low),
        close: value,
        volume: hasClose(quote.volume) ? quote.volume : null,
      });
    }
    // New York's date is never after UTC's, so nothing legitimately dated after the UTC date exists yet.
    return normalizeBars(YAHOO, bars, utcDateOf(now)).filter((b) => b.date >= from);
  }

  private chart(symbol: string, period1: Date, period2: Date) {
    return this.client.chart(symbol, {
      period1,
      period2,
      interval: "1d",
      events: "div|split",
      includePrePost: false,
      return: "array",
    });
  }
}
