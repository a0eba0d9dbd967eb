// Loads the series a command needs through the market-data port, including series riskon derives itself.
import { baseSeries, extend } from "../altcoins/market-cap.ts";
import { type SeasonInputs, seasonInputs } from "../altcoins/season-index.ts";
import { SourceError, UserError } from "../base/errors.ts";
import type { MarketData, SeriesData, SourceRef } from "../ports.ts";
import { CLOSE_UNIVERSE, TOTAL3 } from "./catalog.ts";

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
    const data = id === TOTAL3.id ? await loadTotal3(market) : await market.getSeries(id);
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

/** The bundled and live pieces TOTAL3 is built from, oldest first (see src/core/altcoins/market-cap.ts). */
export const TOTAL3_PARTS = {
  base: "TOTAL3_CMC",
  extensions: [
    { id: "TOTAL3_TV", label: "TradingView CRYPTOCAP TOTAL3" },
    { id: "TOTAL3_LIVE", label: "CoinGecko /global TOTAL3 recorded live" },
  ],
} as const;

const built = new Map<string, SeriesData>();

/** The stitched series ends where its last joined piece ends, for that piece's reason. */
function endReason(pieces: readonly SeriesData[], provider: string): { endsBecause?: string } {
  const why = pieces.find((p) => provider.startsWith(p.source.provider))?.source.endsBecause;
  return why ? { endsBecause: why } : {};
}

/**
 * TOTAL3, weekly: CoinMarketCap's breakdown, extended by each later piece whose level checks out on the overlap.
 * Built once per data update (memoised on the pieces' length and last values), not per request.
 */
export async function loadTotal3(market: MarketData): Promise<SeriesData> {
  const base = await market.getSeries(TOTAL3_PARTS.base);
  const extensions = await Promise.all(TOTAL3_PARTS.extensions.map((e) => tryLoad(market, e.id)));
  const pieces = [base, ...extensions.flatMap((e) => (e.ok ? [e.data] : []))];
  const key = pieces
    .map((p) => `${p.id}:${p.bars.length}:${p.source.lastDate}:${p.bars.at(-1)?.close}:${p.source.freshness}`)
    .join("|");
  const cached = built.get(key);
  if (cached) return cached;
  let stitched = baseSeries(base.bars, `${base.source.provider}, weekly`, "CoinMarketCap TOTAL3");
  TOTAL3_PARTS.extensions.forEach((part, i) => {
    const loaded = extensions[i];
    if (!loaded?.ok) return;
    const d = loaded.data;
    stitched = extend(
      stitched,
      {
        bars: d.bars,
        provider: d.source.provider,
        frequency: d.frequency ?? "daily",
        freshness: d.source.freshness,
      },
      part.label,
    );
  });
  const last = stitched.segments.at(-1);
  if (!last) throw new SourceError("no TOTAL3 values to build the altcoin series from", market.name, false);
  const source: SourceRef = {
    series: TOTAL3.id,
    provider: stitched.segments
      .map((s) => `${s.provider}${s.scale !== undefined ? " (rescaled)" : ""}`)
      .join(" + "),
    lastDate: last.to,
    freshness: last.freshness,
    segments: stitched.segments,
    ...(base.source.note ? { note: base.source.note } : {}),
    ...endReason(pieces, last.provider),
  };
  const data: SeriesData = {
    id: TOTAL3.id,
    bars: stitched.bars,
    source,
    frequency: "weekly",
    notes: stitched.notes,
  };
  if (built.size > 8) built.clear();
  built.set(key, data);
  return data;
}

const seasonBuilt = new Map<string, SeasonInputs>();

/**
 * Everything the Altcoin Season Index reads: the rankings, BTC and the daily closes riskon has. The inputs are
 * built once per data update (memoised on the rankings and each series' length and last bar).
 */
export async function loadSeasonInputs(
  market: MarketData,
  btc: SeriesData,
): Promise<{ inputs: SeasonInputs; coins: SeriesData[] }> {
  const [rankings, { found }] = await Promise.all([
    market.getRankings?.() ?? Promise.resolve([]),
    loadMany(market, CLOSE_UNIVERSE),
  ]);
  const key = [
    market.name,
    rankings.length,
    rankings.at(-1)?.date,
    ...[btc, ...found].map((s) => `${s.id}:${s.bars.length}:${s.bars.at(-1)?.date}:${s.bars.at(-1)?.close}`),
  ].join("|");
  let inputs = seasonBuilt.get(key);
  if (!inputs) {
    inputs = seasonInputs(rankings, found, btc.bars);
    if (seasonBuilt.size > 8) seasonBuilt.clear();
    seasonBuilt.set(key, inputs);
  }
  return { inputs, coins: found };
}
