// RISKON_OFFLINE=1: the bundled snapshot behind the live layer's face, labelled as such; no network, no database.
import type { MarketData, MarketOverview, MonthlyRanking, SeriesData, SourceHealth } from "../core/ports.ts";
import { COINGECKO } from "./live/coingecko-source.ts";
import type { LiveMarketData } from "./live-market-data.ts";

/** RISKON_OFFLINE=1: the bundled snapshot, labelled as such; no network, no database. */
export class OfflineMarketData implements LiveMarketData {
  readonly name = "snapshot (offline)";

  constructor(private readonly snapshot: MarketData) {}

  listSeries(): Promise<readonly string[]> {
    return this.snapshot.listSeries();
  }

  getRankings(): Promise<readonly MonthlyRanking[]> {
    return this.snapshot.getRankings?.() ?? Promise.resolve([]);
  }

  async getSeries(id: string): Promise<SeriesData> {
    const data = await this.snapshot.getSeries(id);
    return {
      ...data,
      source: {
        ...data.source,
        freshness: "snapshot",
        note: "bundled snapshot (offline mode, RISKON_OFFLINE=1)",
      },
    };
  }

  async health(): Promise<readonly SourceHealth[]> {
    return [
      {
        name: "bundled snapshot",
        role: "every series (offline mode)",
        healthy: true,
        status: "offline mode (RISKON_OFFLINE=1): live sources are not called",
        lastSuccess: null,
        lastError: null,
        series: [],
      },
    ];
  }

  async getMarketOverview(): Promise<MarketOverview> {
    return { available: false, provider: COINGECKO, reason: "offline mode (RISKON_OFFLINE=1)" };
  }

  async refreshAll(_ids?: readonly string[]) {
    return { refreshed: 0, failed: [] };
  }

  async close(): Promise<void> {}
}
