// Test doubles for the market-data port, built on the real bundled history.

import { barsUntil } from "../../src/core/base/series.ts";
import type { MarketData, SeriesData } from "../../src/core/ports.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";

export const snapshot = createSnapshotSource();

/** The snapshot as the world looked on `cutoff`: no bar after it exists. */
export function truncatedMarket(cutoff: string): MarketData {
  return {
    name: `snapshot-until-${cutoff}`,
    listSeries: () => snapshot.listSeries(),
    async getRankings() {
      return (await snapshot.getRankings()).filter((r) => r.date <= cutoff);
    },
    async getSeries(id: string): Promise<SeriesData> {
      const full = await snapshot.getSeries(id);
      const bars = barsUntil(full.bars, cutoff);
      return { id, bars, source: { ...full.source, lastDate: bars.at(-1)?.date ?? full.source.lastDate } };
    },
  };
}
