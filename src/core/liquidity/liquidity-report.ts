// What the `liquidity` command reports as of a date, from the FRED series as published by then: net liquidity
// with its changes and regime, its components each with its own date, reserves, M2 (with its year-on-year
// change) and the effective fed funds rate (with its change over 90 days).
import { addDays, addYears, type IsoDate } from "../base/dates.ts";
import {
  type Dated,
  type LiquidityRegime,
  liquidityWeeks,
  netLiquidityAsOf,
  weekKnownFrom,
} from "./net-liquidity.ts";
import { type FredSeriesId, knownBy, type Observation } from "./publication.ts";

export type LiquiditySeries = Readonly<Record<FredSeriesId, readonly Observation[]>>;

export interface LiquidityReport {
  readonly asOf: IsoDate;
  readonly netLiquidity: {
    readonly date: IsoDate;
    readonly usd: number;
    readonly change4wPct: number | null;
    readonly change13wPct: number | null;
    readonly regime: LiquidityRegime | null;
  };
  readonly components: { readonly walcl: Dated; readonly tga: Dated; readonly rrp: Dated };
  readonly reserves: Dated | null;
  readonly m2: (Dated & { readonly yoyPct: number | null }) | null;
  readonly fedFunds: {
    readonly date: IsoDate;
    readonly ratePct: number;
    readonly change90dBp: number | null;
  } | null;
  /** Components and companions dated before the net liquidity's Wednesday (M2 is monthly and late). */
  readonly older: readonly string[];
}

const MILLION = 1e6;
const BILLION = 1e9;

const lastOf = (observations: readonly Observation[]) => observations.at(-1) ?? null;

/** The last observation dated on or before `date` among those given (ascending). */
function onOrBefore(observations: readonly Observation[], date: IsoDate): Observation | null {
  let found: Observation | null = null;
  for (const o of observations) {
    if (o.date > date) break;
    found = o;
  }
  return found;
}

function m2Of(series: LiquiditySeries, asOf: IsoDate): LiquidityReport["m2"] {
  const known = knownBy("M2SL", series.M2SL, asOf);
  const last = lastOf(known);
  if (!last) return null;
  const yearBefore = known.find((o) => o.date === addYears(last.date, -1));
  return {
    date: last.date,
    usd: last.value * BILLION,
    yoyPct: yearBefore ? (last.value / yearBefore.value - 1) * 100 : null,
  };
}

function fedFundsOf(series: LiquiditySeries, asOf: IsoDate): LiquidityReport["fedFunds"] {
  const known = knownBy("DFF", series.DFF, asOf);
  const last = lastOf(known);
  if (!last) return null;
  const before = onOrBefore(known, addDays(last.date, -90));
  return {
    date: last.date,
    ratePct: last.value,
    change90dBp: before ? Math.round((last.value - before.value) * 100) : null,
  };
}

/** The report as of `asOf` (after that day's US close); null before net liquidity's first publication. */
export function liquidityReport(series: LiquiditySeries, asOf: IsoDate): LiquidityReport | null {
  const weeks = liquidityWeeks(series.WALCL, series.WTREGEN, series.RRPONTSYD);
  const now = netLiquidityAsOf(weeks, asOf);
  if (!now) return null;
  const reservesLast = lastOf(knownBy("WRESBAL", series.WRESBAL, asOf));
  const reserves = reservesLast ? { date: reservesLast.date, usd: reservesLast.value * MILLION } : null;
  const m2 = m2Of(series, asOf);
  const fedFunds = fedFundsOf(series, asOf);
  const { week } = now;
  const dated: Array<[string, IsoDate | undefined]> = [
    ["RRPONTSYD", week.rrp.date],
    ["WRESBAL", reserves?.date],
    ["M2SL", m2?.date],
    ["DFF", fedFunds?.date],
  ];
  return {
    asOf,
    netLiquidity: {
      date: week.date,
      usd: week.usd,
      change4wPct: now.change4wPct,
      change13wPct: now.change13wPct,
      regime: now.regime,
    },
    components: { walcl: week.walcl, tga: week.tga, rrp: week.rrp },
    reserves,
    m2,
    fedFunds,
    older: dated.filter(([, date]) => date !== undefined && date < week.date).map(([id]) => id),
  };
}

/** The first as-of date with a net liquidity figure (the first week's publication). */
export function firstLiquidityDate(series: LiquiditySeries): IsoDate | null {
  const first = liquidityWeeks(series.WALCL, series.WTREGEN, series.RRPONTSYD)[0];
  return first ? weekKnownFrom(first.week) : null;
}
