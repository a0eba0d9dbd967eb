// The series a live answer is given: the stored bars (memoised until the next write), said stale when their
// market has a newer session than they do, joined after the bundled snapshot's older bars (core/history); after a
// failed refresh the stored bars saying why, else the bundled snapshot saying so.
import { SourceError } from "../../core/base/errors.ts";
import { prependHistory } from "../../core/history/stitch-daily.ts";
import type { MarketData, SeriesData, SourceRef } from "../../core/ports.ts";
import type { SqliteBarStore } from "../../storage/sqlite-bar-store.ts";
import type { FreshnessRule } from "../freshness.ts";
import { type CcxtExchangeSource, exchangePairLabel } from "./ccxt-exchanges.ts";
import type { LiveSeriesSpec } from "./live-series.ts";
import { YAHOO, type YahooChartSource } from "./yahoo-source.ts";

export interface ServedSeriesDeps {
  readonly store: SqliteBarStore;
  readonly snapshot: MarketData;
  readonly yahoo: YahooChartSource;
  readonly exchanges: readonly CcxtExchangeSource[];
  readonly clock: () => Date;
  readonly ruleOf: (spec: LiveSeriesSpec) => FreshnessRule;
  /** True for a series with a live source (its snapshot absence is then a live failure, not "no such series"). */
  readonly isLive: (id: string) => boolean;
  readonly log: (message: string) => void;
}

export class ServedSeries {
  private readonly assembled = new Map<string, SeriesData>();
  private readonly stitched = new Map<string, { key: string; data: SeriesData }>();

  constructor(private readonly deps: ServedSeriesDeps) {}

  /** Forgets the memoised series after a write. */
  invalidate(id: string): void {
    this.assembled.delete(id);
  }

  /**
   * The bundled snapshot's bars before the first live or stored bar, joined with a level check (see
   * core/history/stitch-daily.ts), so a live answer keeps every event since 1987; memoised per data update.
   */
  async withBundledHistory(data: SeriesData): Promise<SeriesData> {
    const bundled = await this.deps.snapshot.getSeries(data.id).catch(() => null);
    if (!bundled) return data;
    const last = data.bars.at(-1);
    const key = [
      data.bars.length,
      last?.date,
      last?.close,
      data.source.freshness,
      data.source.note,
      bundled.bars.length,
    ].join("|");
    const hit = this.stitched.get(data.id);
    if (hit?.key === key) return hit.data;
    const joined = prependHistory(
      { bars: bundled.bars, provider: bundled.source.provider, freshness: "snapshot" },
      { bars: data.bars, provider: data.source.provider, freshness: data.source.freshness },
      data.id,
    );
    for (const note of joined.notes) this.deps.log(note);
    const out: SeriesData =
      joined.segments.length > 1
        ? { ...data, bars: joined.bars, source: { ...data.source, segments: joined.segments } }
        : data;
    this.stitched.set(data.id, { key, data: out });
    return out;
  }

  /** "Yahoo Finance", "Binance", … for a store source key. */
  providerName(source: string): string {
    if (source === this.deps.yahoo.key) return YAHOO;
    return this.deps.exchanges.find((e) => e.key === source)?.name ?? source;
  }

  private providerLabel(spec: LiveSeriesSpec, source: string): string {
    if (spec.kind === "equity") return this.deps.yahoo.providerLabel(spec);
    return exchangePairLabel(source, spec);
  }

  /** The stored bars as a series; memoised until the next write. Null when nothing is stored. */
  assemble(spec: LiveSeriesSpec): SeriesData | null {
    const cached = this.assembled.get(spec.id);
    if (cached) return cached;
    const rows = this.deps.store.readBars(spec.id);
    const last = rows.at(-1);
    if (!last) return null;
    const earlier = [...new Set(rows.map((r) => r.source))].filter((s) => s !== last.source);
    const provider =
      this.providerLabel(spec, last.source) +
      (earlier.length > 0 ? ` (earlier bars: ${earlier.map((s) => this.providerName(s)).join(", ")})` : "");
    const data: SeriesData = {
      id: spec.id,
      bars: rows.map((r) => ({ date: r.date, close: r.close })),
      source: { series: spec.id, provider, lastDate: last.date, freshness: "live" },
    };
    this.assembled.set(spec.id, data);
    return data;
  }

  /** Lags its market: the last final bar is older than the market's last closed session. */
  private isBehind(spec: LiveSeriesSpec): boolean {
    const lastFinal = this.deps.store.extent(spec.id).lastFinalDate ?? "";
    return lastFinal < this.deps.ruleOf(spec).latestFinalDate(this.deps.clock());
  }

  fromStore(spec: LiveSeriesSpec, freshness: "live" | "stored", note: string | null): SeriesData {
    const data = this.assemble(spec);
    if (!data) throw new SourceError(`${spec.id}: nothing stored`, "store", false);
    if (freshness === "live" && note === null && this.isBehind(spec)) {
      // Fetched, but the upstream has nothing newer (a late publication, a delisted coin): say it is stale.
      const checked = this.deps.store.seriesState(spec.id)?.lastSuccessAt?.toISOString().slice(0, 16);
      const lastFinal = this.deps.store.extent(spec.id).lastFinalDate;
      return this.fromStore(
        spec,
        "stored",
        `stale: ${data.source.provider} had no bar after ${lastFinal}${checked ? ` when checked at ${checked}Z` : ""}`,
      );
    }
    if (freshness === "live" && note === null) return data;
    const source: SourceRef = { ...data.source, freshness, ...(note ? { note } : {}) };
    return { ...data, source };
  }

  /**
   * With a shared refresh (another instance may be the one fetching): the stored bars, said to be stale when
   * they are behind the market; the bundled snapshot until the first shared refresh has stored any.
   */
  async fromSharedStore(spec: LiveSeriesSpec): Promise<SeriesData> {
    const stored = this.assemble(spec);
    if (!stored) return this.fromSnapshot(spec.id, "the shared refresh has stored nothing yet");
    if (!this.isBehind(spec)) return this.fromStore(spec, "live", null);
    return this.fromStore(
      spec,
      "stored",
      `stale: stored bars to ${stored.source.lastDate}, the shared refresh has none newer yet`,
    );
  }

  /** Stored bars when there are any (saying they are stale), else the bundled snapshot (saying so). */
  async fallback(spec: LiveSeriesSpec, reason: string): Promise<SeriesData> {
    const stored = this.assemble(spec);
    if (stored) {
      const note = `${this.isBehind(spec) ? "stale" : "stored"}: ${reason}, stored bars to ${stored.source.lastDate}`;
      return this.fromStore(spec, "stored", note);
    }
    return this.fromSnapshot(spec.id, `live source failed (${reason})`);
  }

  async fromSnapshot(id: string, why: string): Promise<SeriesData> {
    let data: SeriesData;
    try {
      data = await this.deps.snapshot.getSeries(id);
    } catch (error) {
      if (!this.deps.isLive(id)) throw error;
      throw new SourceError(`${id}: ${why}, and the bundled snapshot does not have it`, "live", true, {
        cause: error,
      });
    }
    return { ...data, source: { ...data.source, freshness: "snapshot", note: `bundled snapshot: ${why}` } };
  }
}
