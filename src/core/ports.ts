// Ports: what the core needs from the outside world, implemented by adapters in src/data, src/charts, ...
import type { IsoDate } from "./dates.ts";
import type { Bar } from "./series.ts";

/** Where a series' bars came from and how fresh they are. */
export interface SourceRef {
  readonly series: string;
  readonly provider: string;
  readonly lastDate: IsoDate;
  /** "live" when fetched now, "stored" when from a local store, "snapshot" for the bundled history. */
  readonly freshness: "live" | "stored" | "snapshot" | "file";
  /** Said to the user: why the data is not live, if it is not. */
  readonly note?: string;
}

export interface SeriesData {
  readonly id: string;
  readonly bars: readonly Bar[];
  readonly source: SourceRef;
}

/** The market-data port: one method for every source (snapshot, CSV directory, live with fallbacks). */
export interface MarketData {
  readonly name: string;
  /** Full daily history of a series; throws SourceError when it cannot be had. */
  getSeries(id: string): Promise<SeriesData>;
  /** Series this source can serve. */
  listSeries(): Promise<readonly string[]>;
}
