// The live market-data source: decides when each series refreshes (by its market's calendar), fetches through
// live/bar-fetcher.ts (Yahoo for equities, the ccxt exchange chain for crypto), keeps the bars in SQLite, joins
// them to their bundled history (core/history), and answers live -> stored bars (stale, with their date) ->
// bundled snapshot, its SourceRef naming the provider actually used. Concurrent requests share one refresh.
// The answered series (stored bars, their join, the fallbacks) are live/served-series.ts, market caps
// live/market-caps.ts, /status's per-source lines live/source-health.ts.
import { addYears, utcDateOf } from "../core/base/dates.ts";
import type {
  MarketData,
  MarketOverview,
  MonthlyRanking,
  SeriesData,
  SeriesFreshness,
  SourceHealth,
} from "../core/ports.ts";
import { type SeriesCopy, SqliteBarStore } from "../storage/sqlite-bar-store.ts";
import { cryptoRule, decideRefresh, type FreshnessRule, usEquityRule } from "./freshness.ts";
import { BarFetcher } from "./live/bar-fetcher.ts";
import { CcxtExchangeSource, EXCHANGE_PROFILES } from "./live/ccxt-exchanges.ts";
import { COINGECKO, CoinGeckoSource } from "./live/coingecko-source.ts";
import { CRYPTO_SERIES, LIVE_SERIES, type LiveSeriesSpec } from "./live/live-series.ts";
import { MarketCaps } from "./live/market-caps.ts";
import { reasonOf } from "./live/reason.ts";
import { TOTAL3_LIVE } from "./live/recorded-caps.ts";
import { ServedSeries } from "./live/served-series.ts";
import { coingeckoHealth, upstreamHealth } from "./live/source-health.ts";
import { UpstreamError } from "./live/upstream-error.ts";
import { UpstreamGuard } from "./live/upstream-guard.ts";
import { YAHOO, YahooChartSource } from "./live/yahoo-source.ts";
import type { LiveDataConfig } from "./live-config.ts";
import type { LiveMarketData, SharedSeries } from "./live-market-data.ts";
import { OfflineMarketData } from "./offline-market-data.ts";
import { OutageLog } from "./outage-log.ts";
import { createSnapshotSource } from "./snapshot.ts";

export interface MarketDataDeps {
  /** Market time: decides sessions, freshness and cooldowns. */
  readonly clock: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly log?: (message: string) => void;
  /** Told of every upstream call that failed after its retries, by provider (metrics). */
  readonly onSourceError?: (provider: string) => void;
  /** The last-resort fallback; the bundled snapshot by default. */
  readonly snapshot?: MarketData;
}

export type { LiveMarketData };

type RefreshOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function createMarketData(config: LiveDataConfig, deps: MarketDataDeps): LiveMarketData {
  const snapshot = deps.snapshot ?? createSnapshotSource();
  if (config.offline) return new OfflineMarketData(snapshot);
  return new LiveMarketService(config, deps, snapshot);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class LiveMarketService implements LiveMarketData {
  readonly name = "live";
  private readonly store: SqliteBarStore;
  private readonly yahoo: YahooChartSource;
  private readonly yahooGuard: UpstreamGuard;
  private readonly exchanges: CcxtExchangeSource[];
  private readonly coingecko: CoinGeckoSource;
  private readonly specs = new Map<string, LiveSeriesSpec>(LIVE_SERIES.map((s) => [s.id, s]));
  private readonly rules = { equity: usEquityRule(), crypto: cryptoRule() };
  private readonly inflight = new Map<string, Promise<RefreshOutcome>>();
  private readonly failures = new Map<string, { reason: string; retryAt: number }>();
  private readonly caps: MarketCaps;
  private readonly fetcher: BarFetcher;
  private readonly served: ServedSeries;
  private readonly log: (message: string) => void;
  private readonly outages: OutageLog;
  private closed = false;
  /** Each series' signature when it was last published or imported. */
  private readonly shared = new Map<string, string>();

  constructor(
    private readonly config: LiveDataConfig,
    private readonly deps: MarketDataDeps,
    private readonly snapshot: MarketData,
  ) {
    this.log = deps.log ?? (() => {});
    this.outages = new OutageLog(this.log);
    this.store = SqliteBarStore.open(config.dbPath);
    const now = () => deps.clock().getTime();
    const guardDeps = {
      sleep: deps.sleep ?? realSleep,
      random: deps.random ?? Math.random,
      clock: deps.clock,
      monotonic: () => performance.now(),
      log: this.log,
      ...(deps.onSourceError ? { onError: deps.onSourceError } : {}),
    };
    this.yahooGuard = new UpstreamGuard(YAHOO, config.limits.yahoo, config.retry, guardDeps);
    this.yahoo = new YahooChartSource({
      timeoutMs: config.requestTimeoutMs,
      now,
      log: this.log,
      ...(config.baseUrls.yahoo ? { baseUrl: config.baseUrls.yahoo } : {}),
    });
    this.exchanges = config.exchanges.map((id) => {
      const baseUrl = config.baseUrls[id];
      const source = new CcxtExchangeSource(
        id,
        new UpstreamGuard(EXCHANGE_PROFILES[id].name, config.limits.exchange, config.retry, guardDeps),
        {
          timeoutMs: config.requestTimeoutMs,
          now,
          geoBlockMs: config.geoBlockMs,
          ...(baseUrl ? { baseUrl } : {}),
          ...(config.exchangeRateLimitMs !== undefined ? { rateLimitMs: config.exchangeRateLimitMs } : {}),
        },
      );
      return source;
    });
    this.coingecko = new CoinGeckoSource(
      new UpstreamGuard(COINGECKO, config.limits.coingecko, config.retry, guardDeps),
      {
        tier: config.coingecko.tier,
        timeoutMs: config.requestTimeoutMs,
        now,
        ...(config.coingecko.apiKey ? { apiKey: config.coingecko.apiKey } : {}),
        ...(config.baseUrls.coingecko ? { baseUrl: config.baseUrls.coingecko } : {}),
      },
    );
    this.served = new ServedSeries({
      store: this.store,
      snapshot,
      yahoo: this.yahoo,
      exchanges: this.exchanges,
      clock: deps.clock,
      ruleOf: (spec) => this.ruleOf(spec),
      isLive: (id) => this.specs.has(id),
      log: this.log,
    });
    this.fetcher = new BarFetcher({
      yahoo: this.yahoo,
      yahooGuard: this.yahooGuard,
      exchanges: this.exchanges,
      store: this.store,
      requestTimeoutMs: config.requestTimeoutMs,
      log: this.log,
      open: () => !this.closed,
    });
    this.caps = new MarketCaps({
      coingecko: this.coingecko,
      store: this.store,
      clock: deps.clock,
      ttlMs: config.overviewTtlMs,
      coinIds: CRYPTO_SERIES.map((s) => s.id),
      log: this.log,
      open: () => !this.closed,
    });
  }

  /** The bundled monthly rankings, then the daily top-100 rankings recorded from CoinGecko. */
  async getRankings(): Promise<readonly MonthlyRanking[]> {
    const bundled = (await this.snapshot.getRankings?.()) ?? [];
    return [...bundled, ...this.caps.recordedRankings()];
  }

  async listSeries(): Promise<readonly string[]> {
    const bundled = await this.snapshot.listSeries().catch(() => [] as readonly string[]);
    return [...new Set([...this.specs.keys(), ...bundled])].sort();
  }

  async getSeries(id: string): Promise<SeriesData> {
    if (id === TOTAL3_LIVE) {
      // One value a UTC day: once today's is recorded an answer does not wait on CoinGecko; before that the
      // overview is fetched (at most once per its TTL, shared), which records it.
      if (this.closed) return this.caps.recordedTotal3();
      const recorded = this.caps.recordedTotal3OrNull();
      if (recorded?.bars.at(-1)?.date === utcDateOf(this.deps.clock())) return recorded;
      await this.getMarketOverview();
      return this.caps.recordedTotal3();
    }
    const spec = this.specs.get(id);
    if (!spec) return this.served.fromSnapshot(id, "no live source for this series");
    if (this.closed) return this.served.fromSnapshot(id, "the live source is closed");
    const data = await this.liveOrStored(spec);
    return data.source.freshness === "snapshot" ? data : this.served.withBundledHistory(data);
  }

  private async liveOrStored(spec: LiveSeriesSpec): Promise<SeriesData> {
    // Shared: an answer never fetches; the instance that holds the refresh job does (refreshAll), for all.
    if (this.config.sharedRefresh) return this.served.fromSharedStore(spec);
    const id = spec.id;
    const now = this.deps.clock();
    const failure = this.failures.get(id);
    if (failure && now.getTime() < failure.retryAt && !this.inflight.has(id))
      return this.served.fallback(spec, failure.reason);
    const decision = decideRefresh(this.ruleOf(spec), this.storedState(id), now, this.config);
    if (!decision.refresh) return this.served.fromStore(spec, "live", null);
    const outcome = await this.awaitRefresh(spec);
    if (outcome.ok) return this.served.fromStore(spec, "live", null);
    return this.served.fallback(spec, outcome.reason);
  }

  async refreshAll(ids?: readonly string[]): Promise<{ refreshed: number; failed: string[] }> {
    const failed: string[] = [];
    let refreshed = 0;
    if (this.closed) return { refreshed, failed };
    await Promise.all(
      LIVE_SERIES.filter((spec) => !ids || ids.includes(spec.id)).map(async (spec) => {
        const decision = decideRefresh(
          this.ruleOf(spec),
          this.storedState(spec.id),
          this.deps.clock(),
          this.config,
        );
        if (!decision.refresh && !this.inflight.has(spec.id)) return;
        const outcome = await this.refreshCoalesced(spec);
        if (outcome.ok) refreshed += 1;
        else failed.push(`${spec.id}: ${outcome.reason}`);
      }),
    );
    return { refreshed, failed };
  }

  // --- sharing with other instances (src/app/market-share.ts) -----------------------------------------------

  /** The live series whose bars or fetch state changed here since they were last taken, to publish. */
  changedSeries(): SharedSeries[] {
    const changed: SharedSeries[] = [];
    for (const spec of LIVE_SERIES) {
      // Nothing stored here (never fetched, or failed): never published over another instance's copy.
      if (this.store.extent(spec.id).count === 0) continue;
      const signature = this.store.signature(spec.id);
      if (this.shared.get(spec.id) === signature) continue;
      this.shared.set(spec.id, signature);
      changed.push({ series: spec.id, body: JSON.stringify(this.store.exportSeries(spec.id)) });
    }
    return changed;
  }

  /** Takes other instances' copies of series: stored here as they stored them, served from now on. */
  importSeries(copies: readonly SharedSeries[]): void {
    for (const copy of copies) {
      if (!this.specs.has(copy.series) || this.closed) continue;
      this.store.importSeries(JSON.parse(copy.body) as SeriesCopy);
      // Already what the others have: not published back.
      this.shared.set(copy.series, this.store.signature(copy.series));
      this.served.invalidate(copy.series);
    }
  }

  /** Publishing failed: everything is offered again next time. */
  forgetShared(): void {
    this.shared.clear();
  }

  // --- refresh -------------------------------------------------------------------------------------------

  private ruleOf(spec: LiveSeriesSpec): FreshnessRule {
    return spec.kind === "equity" ? this.rules.equity : this.rules.crypto;
  }

  private storedState(id: string) {
    const extent = this.store.extent(id);
    const state = this.store.seriesState(id);
    return {
      lastDate: extent.lastDate,
      lastFinalDate: extent.lastFinalDate,
      lastSuccessAt: state?.lastSuccessAt ?? null,
    };
  }

  /** Every caller of a series shares one refresh; the promise never rejects. */
  private refreshCoalesced(spec: LiveSeriesSpec): Promise<RefreshOutcome> {
    let pending = this.inflight.get(spec.id);
    if (!pending) {
      pending = this.refresh(spec).finally(() => this.inflight.delete(spec.id));
      this.inflight.set(spec.id, pending);
    }
    return pending;
  }

  /** Waits for the refresh up to the answer deadline; a slow refresh keeps going and fills the store later. */
  private async awaitRefresh(spec: LiveSeriesSpec): Promise<RefreshOutcome> {
    const pending = this.refreshCoalesced(spec);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<RefreshOutcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            reason: `live refresh still running after ${this.config.answerDeadlineMs} ms`,
          }),
        this.config.answerDeadlineMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([pending, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async refresh(spec: LiveSeriesSpec): Promise<RefreshOutcome> {
    const now = this.deps.clock();
    try {
      const extent = this.store.extent(spec.id);
      const backfillFrom = addYears(utcDateOf(now), -this.config.backfillYears);
      // Re-fetch the last final bar too: it shows whether the upstream re-adjusted its history.
      const from = extent.lastFinalDate ?? backfillFrom;
      const fetched =
        spec.kind === "equity"
          ? await this.fetcher.equity(spec, from, backfillFrom, extent.lastFinalDate, now)
          : await this.fetcher.crypto(spec, from, now, extent.count === 0);
      if (fetched.bars.length === 0 && extent.count === 0) {
        throw new UpstreamError("empty range", this.served.providerName(fetched.source), "empty");
      }
      if (this.closed) return { ok: false, reason: "live source closed" };
      const rule = this.ruleOf(spec);
      const bars = fetched.bars.map((bar) => ({
        ...bar,
        final: rule.finalAt(bar.date).getTime() <= now.getTime(),
      }));
      this.store.writeBars(spec.id, fetched.source, bars, fetched.mode, now);
      this.store.recordSeriesSuccess(spec.id, fetched.source, now);
      this.store.recordSourceSuccess(fetched.source, now);
      this.served.invalidate(spec.id);
      this.failures.delete(spec.id);
      this.outages.recovered(`refresh works again (${spec.id} from ${fetched.source})`);
      return { ok: true };
    } catch (error) {
      const reason = reasonOf(error);
      this.outages.failed(reason, `refresh ${spec.id} failed: ${reason}`);
      if (!this.closed) {
        this.store.recordSeriesFailure(spec.id, reason, now);
        this.failures.set(spec.id, { reason, retryAt: now.getTime() + this.config.failureBackoffMs });
      }
      return { ok: false, reason };
    }
  }

  // --- market caps (CoinGecko, recorded TOTAL3 and rankings): src/data/live/market-caps.ts -----------------

  getMarketOverview(): Promise<MarketOverview> {
    return this.caps.overview();
  }

  // --- status --------------------------------------------------------------------------------------------

  private seriesFreshness(spec: LiveSeriesSpec, now: Date): SeriesFreshness {
    const extent = this.store.extent(spec.id);
    const state = this.store.seriesState(spec.id);
    const decision = decideRefresh(this.ruleOf(spec), this.storedState(spec.id), now, this.config);
    const lastError =
      state?.lastError &&
      state.lastErrorAt &&
      (!state.lastSuccessAt || state.lastErrorAt > state.lastSuccessAt)
        ? state.lastError
        : null;
    return {
      series: spec.id,
      provider: extent.lastDate ? (this.served.assemble(spec)?.source.provider ?? null) : null,
      lastDate: extent.lastDate,
      state: extent.lastDate === null ? "empty" : decision.refresh || decision.behind ? "stale" : "fresh",
      lastSuccess: state?.lastSuccessAt?.toISOString() ?? null,
      lastError,
    };
  }

  async health(): Promise<readonly SourceHealth[]> {
    const now = this.deps.clock();
    const equities = LIVE_SERIES.filter((s) => s.kind === "equity").map((s) => this.seriesFreshness(s, now));
    const crypto = CRYPTO_SERIES.map((spec) => ({
      spec,
      freshness: this.seriesFreshness(spec, now),
      source: this.store.seriesState(spec.id)?.lastSource ?? null,
    }));
    const primary = this.exchanges[0]?.key;
    const result: SourceHealth[] = [
      upstreamHealth(
        this.store.sourceState(this.yahoo.key),
        YAHOO,
        "equities (^RUT, IWM, IWN, ^GSPC)",
        equities,
        null,
        this.yahooGuard.limiter.cooldownRemaining(),
      ),
    ];
    this.exchanges.forEach((exchange, i) => {
      const series = crypto
        .filter((c) => c.source === exchange.key || (c.source === null && exchange.key === primary))
        .map((c) => c.freshness);
      result.push(
        upstreamHealth(
          this.store.sourceState(exchange.key),
          exchange.name,
          i === 0 ? "crypto (primary)" : `crypto (fallback ${i})`,
          series,
          exchange.blocked(),
          0,
        ),
      );
    });
    result.push(
      coingeckoHealth(
        this.caps.state,
        this.coingecko.keyed ? `API key, ${this.config.coingecko.tier}` : "keyless public API",
      ),
    );
    const stored = LIVE_SERIES.filter((s) => this.store.extent(s.id).count > 0).length;
    result.push({
      name: "SQLite store",
      role: `stored bars (${this.store.path}), the first fallback`,
      healthy: !this.closed,
      status: this.closed ? "closed" : `${stored} of ${LIVE_SERIES.length} series stored`,
      lastSuccess: null,
      lastError: null,
      series: [],
    });
    result.push({
      name: "bundled snapshot",
      role: "the last fallback (data/snapshot)",
      healthy: true,
      status: "available",
      lastSuccess: null,
      lastError: null,
      series: [],
    });
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.inflight.values(), this.caps.pending()]);
    this.closed = true;
    await Promise.allSettled(this.exchanges.map((e) => e.close()));
    this.store.close();
  }
}
