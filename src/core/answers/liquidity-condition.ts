// /russell's liquidity condition: the regime known at the as-of date and the after-breakout figures by the regime
// known on each event's date (core/analytics/by-liquidity.ts), for the JSON, and one line for the chat: the
// regime now and whether the figures differ by regime beyond chance (most often, n is too small to tell).
import { type AnalogsByLiquidity, REGIMES } from "../analytics/by-liquidity.ts";
import { offThreadFirst } from "../analytics/off-thread.ts";
import type { Analog } from "../analytics/russell.ts";
import type { IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";
import { liquidityWeeks, type NetLiquidityNow, netLiquidityAsOf } from "../liquidity/net-liquidity.ts";
import type { LiquidityData, OffThread, SeriesData } from "../ports.ts";
import { SIGNIFICANCE } from "./analog-text.ts";
import type { Locale } from "./locale.ts";

export interface LiquidityCondition {
  readonly liquidity: {
    readonly date: IsoDate;
    readonly change13wPct: number | null;
    readonly regime: NetLiquidityNow["regime"];
  } | null;
  readonly analogsByLiquidity: AnalogsByLiquidity;
}

/** Where net liquidity comes from, said with every figure of it. */
export const NET_LIQUIDITY_SOURCE = "FRED (H.4.1: WALCL, WTREGEN; RRPONTSYD)";

/** Net liquidity's weeks from the port (computed once per data version: liquidityWeeks is memoised). */
export async function netLiquidityWeeks(data: LiquidityData): Promise<readonly NetLiquidityNow[]> {
  const [walcl, tga, rrp] = await Promise.all(
    (["WALCL", "WTREGEN", "RRPONTSYD"] as const).map(
      async (id) => (await data.getFredSeries(id)).observations,
    ),
  );
  return liquidityWeeks(walcl ?? [], tga ?? [], rrp ?? []);
}

/** The caveat: net liquidity as published by the as-of date, its 13-week change and regime, source and date. */
export async function liquidityCaveat(
  data: LiquidityData,
  asOf: IsoDate,
): Promise<{ readonly now: NetLiquidityNow; readonly json: Record<string, unknown> } | null> {
  const now = netLiquidityAsOf(await netLiquidityWeeks(data), asOf);
  if (!now) return null;
  return {
    now,
    json: {
      date: now.week.date,
      usd: now.week.usd,
      change13wPct: now.change13wPct,
      regime: now.regime,
      source: NET_LIQUIDITY_SOURCE,
    },
  };
}

/** A regime in the chat's words; "–" where there is none (too few weeks for a 13-week change). */
export function regimeWord(regime: NetLiquidityNow["regime"], l: Locale): string {
  return regime ? l.t(`liquidity.regime.${regime}`) : "–";
}

/** The caveat's line in the chat's language. */
export function liquidityCaveatLine(now: NetLiquidityNow, l: Locale): string {
  return l.t("liquidity.caveatLine", {
    date: l.date(now.week.date),
    usd: l.usd(now.week.usd),
    change: l.pct(now.change13wPct),
    regime: regimeWord(now.regime, l),
    source: NET_LIQUIDITY_SOURCE,
  });
}

export async function liquidityCondition(
  data: LiquidityData,
  analogs: readonly Analog[],
  assets: readonly SeriesData[],
  index: readonly Bar[],
  asOf: IsoDate,
  offThread?: OffThread,
): Promise<LiquidityCondition> {
  const weeks = await netLiquidityWeeks(data);
  const now = netLiquidityAsOf(weeks, asOf);
  return {
    liquidity: now && { date: now.week.date, change13wPct: now.change13wPct, regime: now.regime },
    analogsByLiquidity: await offThreadFirst(offThread, "byLiquidity", [analogs, assets, index, asOf, weeks]),
  };
}

/** The chat's line: the regime at the as-of date, and the vs asset's 365-day figures by regime with a verdict. */
export function liquidityLine(c: LiquidityCondition, vsId: string, l: Locale): string | null {
  if (!c.liquidity) return null;
  const cells = REGIMES.map((regime) => {
    const cell = c.analogsByLiquidity[regime][vsId]?.d365;
    return {
      regime,
      text: l.t("liquidity.cell", {
        regime: regimeWord(regime, l),
        median: l.pct(cell?.median ?? null),
        n: cell?.n ?? 0,
        baseline: l.pct(cell?.baseline.median ?? null),
      }),
      tested: cell?.pValue !== null && cell?.pValue !== undefined,
      significant: cell?.pValue !== null && cell?.pValue !== undefined && cell.pValue < SIGNIFICANCE,
    };
  });
  const significant = cells.filter((x) => x.significant).map((x) => regimeWord(x.regime, l));
  const verdict =
    significant.length > 0
      ? l.t("liquidity.verdictDiffers", { regimes: significant.join(", ") })
      : cells.some((x) => x.tested)
        ? l.t("liquidity.verdictNone")
        : l.t("liquidity.verdictTooFew");
  return l.t("liquidity.russellLine", {
    date: l.date(c.liquidity.date),
    change: l.pct(c.liquidity.change13wPct),
    regime: regimeWord(c.liquidity.regime, l),
    vs: vsId,
    cells: cells.map((x) => x.text).join("; "),
    verdict,
  });
}
