// The Fed's liquidity series live from FRED, stored like the market series (SQLite, RISKON_DB: series
// "fred:<ID>") and refreshed at most once a day. A refresh that fails or is refused (HTML, empty, an error body,
// another unit) is logged with its reason once, keeps what is stored, and is tried again an hour later; the answer
// says where its figures came from: FRED today, the stored copy (with when it was fetched), or the bundled snapshot.
import { FRED_SERIES, type FredSeriesId, type Observation } from "../../core/liquidity/publication.ts";
import type {
  FredSeries,
  LiquidityData,
  SeriesFreshness,
  SourceHealth,
  SourceRef,
} from "../../core/ports.ts";
import type { SqliteBarStore } from "../../storage/sqlite-bar-store.ts";
import { OutageLog } from "../outage-log.ts";
import { checkAgainstKept, type FredClient } from "./fred-client.ts";
import { FRED_UNITS } from "./fred-csv.ts";

/** What a refresh keeps: the observations and when they were fetched. */
export interface KeptFred {
  readonly observations: readonly Observation[];
  readonly fetchedAt: Date;
}

/** Where fetched series are kept between runs. */
export interface FredStore {
  read(id: FredSeriesId): KeptFred | null;
  write(id: FredSeriesId, observations: readonly Observation[], at: Date): void;
  failed(id: FredSeriesId, reason: string, at: Date): void;
}

const DAY_MS = 86_400_000;

export interface LiveFredOptions {
  readonly client: Pick<FredClient, "observations" | "via">;
  readonly store: FredStore;
  /** The bundled copies: what is answered before the first refresh, or when none ever worked. */
  readonly snapshot: LiquidityData;
  readonly clock: () => Date;
  readonly log?: (message: string) => void;
  /** How long a fetched series is used before it is fetched again (a day). */
  readonly refreshMs?: number;
  /** After a failed refresh, how long until the next try (an hour). */
  readonly retryMs?: number;
}

export class LiveFredData implements LiquidityData {
  private readonly served = new Map<FredSeriesId, { series: FredSeries; fetchedAt: number }>();
  private readonly inflight = new Map<FredSeriesId, Promise<FredSeries>>();
  private readonly retryAt = new Map<FredSeriesId, { at: number; reason: string }>();
  private lastError: { readonly at: string; readonly message: string } | null = null;
  private readonly outages: OutageLog;

  constructor(private readonly options: LiveFredOptions) {
    this.outages = new OutageLog(options.log ?? (() => {}));
  }

  getFredSeries(id: FredSeriesId): Promise<FredSeries> {
    const now = this.options.clock().getTime();
    const kept = this.kept(id);
    if (kept && now - kept.fetchedAt < (this.options.refreshMs ?? DAY_MS))
      return Promise.resolve(kept.series);
    const failed = this.retryAt.get(id);
    if (failed && now < failed.at) return this.fallback(id, kept, failed.reason);
    let pending = this.inflight.get(id);
    if (!pending) {
      pending = this.refresh(id, kept, now).finally(() => this.inflight.delete(id));
      this.inflight.set(id, pending);
    }
    return pending;
  }

  /** For /status: FRED as a source, each series with its last observation and when it was fetched. */
  async health(): Promise<SourceHealth> {
    const now = this.options.clock().getTime();
    const refreshMs = this.options.refreshMs ?? DAY_MS;
    const series: SeriesFreshness[] = FRED_SERIES.map((id) => {
      const kept = this.kept(id);
      const failed = this.retryAt.get(id);
      return {
        series: id,
        provider: kept?.series.source.provider ?? null,
        lastDate: kept?.series.source.lastDate ?? null,
        state: !kept ? "empty" : now - kept.fetchedAt < refreshMs ? "fresh" : "stale",
        lastSuccess: kept ? new Date(kept.fetchedAt).toISOString() : null,
        lastError: failed?.reason ?? null,
      };
    });
    const failing = [...this.retryAt.values()];
    const successes = series
      .map((s) => s.lastSuccess)
      .filter((s): s is string => s !== null)
      .sort();
    return {
      name: "FRED",
      role: "liquidity (H.4.1, RRP, M2, fed funds)",
      healthy: failing.length === 0,
      status:
        failing.length > 0
          ? `${failing.length} of ${FRED_SERIES.length} series failing (${failing[0]?.reason}); next try ${new Date(Math.min(...failing.map((f) => f.at))).toISOString().slice(11, 16)} UTC`
          : successes.length === 0
            ? "no calls yet"
            : "ok",
      lastSuccess: successes.at(-1) ?? null,
      lastError: this.lastError,
      series,
    };
  }

  /** What is served now: from memory, else from the store (a restart), as live data of when it was fetched. */
  private kept(id: FredSeriesId): { series: FredSeries; fetchedAt: number } | undefined {
    const inMemory = this.served.get(id);
    if (inMemory) return inMemory;
    const stored = this.options.store.read(id);
    if (!stored || stored.observations.length === 0) return undefined;
    const entry = { series: this.seriesOf(id, stored.observations), fetchedAt: stored.fetchedAt.getTime() };
    this.served.set(id, entry);
    return entry;
  }

  private async refresh(
    id: FredSeriesId,
    kept: { series: FredSeries; fetchedAt: number } | undefined,
    now: number,
  ): Promise<FredSeries> {
    try {
      const fetched = await this.options.client.observations(id);
      const reference = kept?.series ?? (await this.options.snapshot.getFredSeries(id).catch(() => null));
      if (reference) checkAgainstKept(id, fetched, reference.observations);
      this.retryAt.delete(id);
      this.outages.recovered(`FRED answers again (${id})`);
      this.options.store.write(id, fetched, new Date(now));
      // Unchanged figures keep their arrays: what was computed from them (net liquidity's weeks) stays valid.
      const series =
        kept && sameObservations(kept.series.observations, fetched)
          ? kept.series
          : this.seriesOf(id, fetched);
      this.served.set(id, { series, fetchedAt: now });
      return series;
    } catch (error) {
      const reason = (error as Error).message;
      this.retryAt.set(id, { at: now + (this.options.retryMs ?? 3600_000), reason });
      this.lastError = { at: new Date(now).toISOString(), message: reason };
      this.options.store.failed(id, reason, new Date(now));
      const from = kept
        ? `the copy fetched ${new Date(kept.fetchedAt).toISOString().slice(0, 10)}`
        : "the bundled snapshot";
      // One line per reason, whichever series met it first (a network outage is one line, not six).
      const why = reason.replace(/^FRED \w+:? ?/, "");
      this.outages.failed(`fred:${why}`, `FRED ${id} refused or failed: ${why}; answering from ${from}`);
      return this.fallback(id, kept, reason);
    }
  }

  private async fallback(
    id: FredSeriesId,
    kept: { series: FredSeries; fetchedAt: number } | undefined,
    reason: string,
  ): Promise<FredSeries> {
    if (kept) {
      const fetched = new Date(kept.fetchedAt).toISOString().slice(0, 10);
      const source: SourceRef = {
        ...kept.series.source,
        freshness: "stored",
        note: `FRED did not answer (${reason}); the copy fetched ${fetched}`,
      };
      return { ...kept.series, source };
    }
    const bundled = await this.options.snapshot.getFredSeries(id);
    return {
      ...bundled,
      source: { ...bundled.source, note: `bundled snapshot; FRED did not answer (${reason})` },
    };
  }

  private seriesOf(id: FredSeriesId, observations: readonly Observation[]): FredSeries {
    const source: SourceRef = {
      series: id,
      provider: `FRED ${id} (${FRED_UNITS[id]}), ${this.options.client.via}`,
      lastDate: (observations.at(-1) as Observation).date,
      freshness: "live",
    };
    return { id, observations, source };
  }
}

function sameObservations(a: readonly Observation[], b: readonly Observation[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Observation;
    const y = b[i] as Observation;
    if (x.date !== y.date || x.value !== y.value) return false;
  }
  return true;
}

/** Series "fred:<ID>" in the bar store, one row per observation (the value as the close), source "fred". */
export function sqliteFredStore(bars: SqliteBarStore): FredStore {
  const series = (id: FredSeriesId) => `fred:${id}`;
  return {
    read(id) {
      const rows = bars.readBars(series(id));
      const at = bars.seriesState(series(id))?.lastSuccessAt;
      if (rows.length === 0 || !at) return null;
      return { observations: rows.map((r) => ({ date: r.date, value: r.close })), fetchedAt: at };
    },
    write(id, observations, at) {
      const rows = observations.map((o) => ({
        date: o.date,
        open: null,
        high: null,
        low: null,
        close: o.value,
        volume: null,
        final: true,
      }));
      // The whole history each time (FRED revises M2 and, now and then, an H.4.1 week): replaced, not merged.
      bars.writeBars(series(id), "fred", rows, "replace-source", at);
      bars.recordSeriesSuccess(series(id), "fred", at);
    },
    failed(id, reason, at) {
      bars.recordSeriesFailure(series(id), reason, at);
    },
  };
}

/** Kept for the process only (RISKON_DB=":memory:" keeps nothing either; tests). */
export function memoryFredStore(): FredStore {
  const kept = new Map<FredSeriesId, KeptFred>();
  return {
    read: (id) => kept.get(id) ?? null,
    write: (id, observations, at) => kept.set(id, { observations, fetchedAt: at }),
    failed: () => {},
  };
}
