// Loads the series a command needs through the market-data port, including series riskon derives itself.
import { type Component, equalWeightBasket } from "./altseason.ts";
import { ALT_BASKET, OTHERS } from "./catalog.ts";
import { SourceError, UserError } from "./errors.ts";
import type { MarketData, SeriesData, SourceRef } from "./ports.ts";

export interface Missing {
  readonly id: string;
  readonly reason: string;
}

export type Loaded =
  | { readonly ok: true; readonly data: SeriesData }
  | { readonly ok: false; readonly missing: Missing };

/** Loads a series; a source failure becomes a `Missing` the answer can mention, a bug still throws. */
export async function tryLoad(market: MarketData, id: string): Promise<Loaded> {
  try {
    const data = id === OTHERS.id ? await loadOthers(market) : await market.getSeries(id);
    if (data.bars.length === 0) return { ok: false, missing: { id, reason: "no data" } };
    return { ok: true, data };
  } catch (error) {
    if (error instanceof SourceError || error instanceof UserError) {
      return { ok: false, missing: { id, reason: error.message } };
    }
    throw error;
  }
}

/** Loads a series the answer cannot do without; its absence is the user's one-line error. */
export async function loadRequired(market: MarketData, id: string): Promise<SeriesData> {
  const loaded = await tryLoad(market, id);
  if (!loaded.ok) throw new UserError(`${id} data is not available: ${loaded.missing.reason}`);
  return loaded.data;
}

export async function loadMany(
  market: MarketData,
  ids: readonly string[],
): Promise<{ found: SeriesData[]; missing: Missing[] }> {
  const results = await Promise.all(ids.map((id) => tryLoad(market, id)));
  return {
    found: results.flatMap((r) => (r.ok ? [r.data] : [])),
    missing: results.flatMap((r) => (r.ok ? [] : [r.missing])),
  };
}

/** The OTHERS proxy, rebuilt from the closes of the alt basket (see catalog). */
export async function loadOthers(market: MarketData): Promise<SeriesData> {
  const { found } = await loadMany(market, ALT_BASKET);
  const components: Component[] = found.map((s) => ({ id: s.id, bars: s.bars }));
  const { bars, periods } = equalWeightBasket(components);
  const lastDate = bars.at(-1)?.date;
  if (!lastDate)
    throw new SourceError("no altcoin closes to build the OTHERS proxy from", market.name, false);
  const providers = [...new Set(found.map((s) => s.source.provider))].join(", ");
  const freshness = found.every((s) => s.source.freshness === "live")
    ? "live"
    : (found[0] as SeriesData).source.freshness;
  const source: SourceRef = {
    series: OTHERS.id,
    // Not the coin list: which coins count depends on the date (see the catalog's definition).
    provider: `derived from ALT8 basket closes (${providers})`,
    lastDate,
    freshness,
    ...(found[0]?.source.note ? { note: found[0].source.note } : {}),
  };
  return { id: OTHERS.id, bars, source, composition: periods };
}
