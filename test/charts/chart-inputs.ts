// Chart inputs built from the real bundled history, as the commands build them: shared by the chart tests,
// the golden pictures and the benchmark.

import { WEEKLY_RULE } from "../../commands/russell.ts";
import { createApp } from "../../src/app/app.ts";
import { seasonIndexHistory } from "../../src/core/altcoins/season-index.ts";
import { findBreakoutEvents } from "../../src/core/analytics/breakouts.ts";
import {
  ASSET_CHOICES,
  type AssetChoice,
  INDEX_CHOICES,
  type IndexChoice,
  TOTAL3,
} from "../../src/core/answers/catalog.ts";
import type { AltseasonChartInput, ChartSpec, RussellChartInput } from "../../src/core/answers/chart-spec.ts";
import { loadSeasonInputs, loadTotal3 } from "../../src/core/answers/market-views.ts";
import { addYears, type IsoDate } from "../../src/core/base/dates.ts";
import { barsUntil } from "../../src/core/base/series.ts";
import type { MarketData, SeriesData } from "../../src/core/ports.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";

const market = createSnapshotSource();
const cache = new Map<string, Promise<SeriesData>>();

function load(source: MarketData, id: string): Promise<SeriesData> {
  let series = cache.get(id);
  if (!series) {
    series = id === TOTAL3.id ? loadTotal3(source) : source.getSeries(id);
    cache.set(id, series);
  }
  return series;
}

function sourceLine(series: SeriesData, asOf: IsoDate): string {
  const last = barsUntil(series.bars, asOf).at(-1)?.date ?? series.source.lastDate;
  return `${series.source.provider}, to ${last}`;
}

const NOTES = ["Bundled offline snapshot, not live. Not financial advice."];

export async function russellInput(
  index: IndexChoice,
  asset: AssetChoice,
  asOf: IsoDate,
  years: number,
): Promise<RussellChartInput> {
  const indexInfo = INDEX_CHOICES[index];
  const assetInfo = ASSET_CHOICES[asset];
  const indexSeries = await load(market, indexInfo.id);
  const assetSeries = await load(market, assetInfo.id);
  return {
    index: { id: indexInfo.id, label: indexInfo.label, bars: indexSeries.bars },
    asset: {
      id: assetInfo.id,
      label: assetInfo.label,
      bars: assetSeries.bars,
      frequency: assetSeries.frequency ?? "daily",
    },
    from: addYears(asOf, -years),
    asOf,
    events: findBreakoutEvents(barsUntil(indexSeries.bars, asOf)),
    sources: [sourceLine(indexSeries, asOf), sourceLine(assetSeries, asOf)],
    notes: NOTES,
  };
}

export async function altseasonInput(asOf: IsoDate, years: number): Promise<AltseasonChartInput> {
  const from = addYears(asOf, -years);
  const others = await load(market, TOTAL3.id);
  const iwm = await load(market, "IWM");
  const btc = await load(market, "BTC");
  const { inputs } = await loadSeasonInputs(market, btc);
  return {
    altcoin: { id: TOTAL3.id, label: TOTAL3.label, bars: others.bars, frequency: "weekly", unit: "usd" },
    equity: { id: "IWM", label: INDEX_CHOICES.iwm.label, bars: iwm.bars },
    from,
    asOf,
    altcoinEvents: findBreakoutEvents(barsUntil(others.bars, asOf), WEEKLY_RULE),
    seasonIndex: seasonIndexHistory(inputs, from, asOf, 7),
    sources: [
      sourceLine(others, asOf),
      sourceLine(iwm, asOf),
      `Altcoin Season Index: top-50 altcoins vs ${btc.source.provider}`,
    ],
    notes: NOTES,
  };
}

/** The pictures the golden tests pin down, by file name: the charts the commands themselves attach. */
export const GOLDEN_CHARTS: ReadonlyArray<{
  readonly name: string;
  readonly build: () => Promise<ChartSpec>;
}> = [
  {
    name: "russell-rut-btc-10y-2026-08-21",
    build: () => commandChart("russell", ["rut", "vs:btc", "10y", "date:2026-08-21"]),
  },
  {
    name: "russell-iwm-others-5y-2025-10-15",
    build: () => commandChart("russell", ["iwm", "vs:others", "5y", "date:2025-10-15"]),
  },
  { name: "altseason-5y-2025-09-29", build: () => commandChart("altseason", ["5y", "date:2025-09-29"]) },
];

async function commandChart(command: string, tokens: string[]): Promise<ChartSpec> {
  const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
  const reply = await app.run(command, tokens);
  if (!reply.chart) throw new Error(`/${command} ${tokens.join(" ")} attached no chart`);
  return reply.chart;
}
