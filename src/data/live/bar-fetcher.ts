// Fetching daily bars from the live providers: Yahoo's chart for equities (refetched whole when Yahoo re-adjusts
// its history, so two adjustments never mix) and the exchange chain for crypto (a geo-block, a missing market or
// any failure moves to the next exchange). Each provider's failure is recorded for /status.
import type { IsoDate } from "../../core/base/dates.ts";
import { SourceError } from "../../core/base/errors.ts";
import type { SqliteBarStore } from "../../storage/sqlite-bar-store.ts";
import type { CcxtExchangeSource } from "./ccxt-exchanges.ts";
import type { FetchedBar } from "./fetched-bars.ts";
import type { CryptoSeriesSpec, EquitySeriesSpec } from "./live-series.ts";
import { UpstreamError } from "./upstream-error.ts";
import type { UpstreamGuard } from "./upstream-guard.ts";
import { classifyYahooError, YAHOO, type YahooChartSource } from "./yahoo-source.ts";

export interface Fetched {
  readonly source: string;
  readonly bars: readonly FetchedBar[];
  readonly mode: "merge" | "replace-source";
}

const MAX_ADJUSTMENT_DRIFT = 1e-6;

export interface BarFetcherDeps {
  readonly yahoo: YahooChartSource;
  readonly yahooGuard: UpstreamGuard;
  readonly exchanges: readonly CcxtExchangeSource[];
  readonly store: SqliteBarStore;
  readonly requestTimeoutMs: number;
  readonly log: (message: string) => void;
  /** False once the data layer is closed: nothing more is recorded. */
  readonly open: () => boolean;
}

export class BarFetcher {
  constructor(private readonly deps: BarFetcherDeps) {}

  async equity(
    spec: EquitySeriesSpec,
    from: IsoDate,
    backfillFrom: IsoDate,
    lastFinalDate: IsoDate | null,
    now: Date,
  ): Promise<Fetched> {
    const source = this.deps.yahoo.key;
    try {
      const bars = await this.deps.yahooGuard.call(
        `${spec.symbol} chart`,
        () => this.deps.yahoo.fetchDaily(spec, from, now),
        (error) => classifyYahooError(error, this.deps.requestTimeoutMs),
      );
      const stored = lastFinalDate ? this.deps.store.closeOn(spec.id, source, lastFinalDate) : null;
      const overlap = bars.find((b) => b.date === lastFinalDate);
      if (stored === null || !overlap || Math.abs(overlap.close / stored - 1) <= MAX_ADJUSTMENT_DRIFT) {
        return { source, bars, mode: "merge" };
      }
      // Yahoo re-adjusted the history (a dividend, a split, a correction): fetch it all again and replace ours,
      // so old and new closes never mix two adjustments.
      const first = this.deps.store.firstDate(spec.id, source) ?? backfillFrom;
      const start = first < backfillFrom ? first : backfillFrom;
      this.deps.log(
        `${spec.id}: ${YAHOO} re-adjusted its history (${lastFinalDate}: ${stored} -> ${overlap.close}); refetching`,
      );
      const full = await this.deps.yahooGuard.call(
        `${spec.symbol} chart (full)`,
        () => this.deps.yahoo.fetchDaily(spec, start, now),
        (error) => classifyYahooError(error, this.deps.requestTimeoutMs),
      );
      const storedCount = this.deps.store.readBars(spec.id).filter((b) => b.source === source).length;
      const fullFirst = full[0]?.date;
      if (!fullFirst || fullFirst > first || full.length < storedCount) {
        throw new UpstreamError("re-adjusted history came back shorter than stored", YAHOO, "malformed");
      }
      return { source, bars: full, mode: "replace-source" };
    } catch (error) {
      this.noteFailure(source, error, now);
      throw error;
    }
  }

  private noteFailure(source: string, error: unknown, at: Date): void {
    if (!this.deps.open()) return;
    this.deps.store.recordSourceFailure(
      source,
      error instanceof SourceError ? error.message : String(error),
      at,
    );
  }

  /** Tries each exchange in order; a geo-block, a missing market or any failure moves to the next one. */
  async crypto(spec: CryptoSeriesSpec, from: IsoDate, now: Date, cold: boolean): Promise<Fetched> {
    const failures: string[] = [];
    for (const exchange of this.deps.exchanges) {
      try {
        const bars = await exchange.fetchDaily(spec, from, now);
        // Nothing at all on a cold start is not an answer: another exchange may have the history.
        if (cold && bars.length === 0) throw new UpstreamError("empty range", exchange.name, "empty");
        return { source: exchange.key, bars, mode: "merge" };
      } catch (error) {
        failures.push(`${exchange.name} ${error instanceof SourceError ? error.message : String(error)}`);
        // A coin the exchange does not list says nothing about the exchange's health.
        if (!(error instanceof UpstreamError && error.kind === "no-market"))
          this.noteFailure(exchange.key, error, now);
        if (error instanceof SourceError) continue;
        throw error;
      }
    }
    throw new UpstreamError(
      failures.length > 0 ? failures.join("; ") : "no exchange configured",
      "crypto exchanges",
      "server",
    );
  }
}
