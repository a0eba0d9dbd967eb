// The live data layer's face: the market-data port plus health, the current market caps, warm-up and close.
import type { MarketData, MarketOverview, SourceHealth } from "../core/ports.ts";

export interface LiveMarketData extends MarketData {
  health(): Promise<readonly SourceHealth[]>;
  getMarketOverview(): Promise<MarketOverview>;
  /**
   * Brings the live series that need it (all, or those in `ids`) up to date, waiting for refreshes already
   * running; for a warm-up or a scheduler. Never throws.
   */
  refreshAll(
    ids?: readonly string[],
  ): Promise<{ readonly refreshed: number; readonly failed: readonly string[] }>;
  /**
   * For instances sharing one store: the series changed here since last asked (to publish), the others'
   * copies taken in, and a failed publish undone (all offered again). The snapshot source has none.
   */
  changedSeries?(): SharedSeries[];
  importSeries?(copies: readonly SharedSeries[]): void;
  forgetShared?(): void;
  /** Waits for refreshes still running, then closes the database and the exchange clients. */
  close(): Promise<void>;
}

/** One series as an instance stored it (its bars and fetch state), serialised for the shared store. */
export interface SharedSeries {
  readonly series: string;
  readonly body: string;
}
