// Fed net liquidity, as crypto dashboards compute it from FRED: the Fed's total assets (WALCL, Wednesday level)
// minus the Treasury General Account (WTREGEN, the week's average) minus overnight reverse repos (RRPONTSYD, that
// Wednesday's or the last earlier day that has one), on the WALCL Wednesdays, in dollars; its 4- and 13-week
// changes; and a regime from the 13-week change. A missing value (FRED's blank or `.`) is skipped, never read as 0
// and never interpolated. Only what was published by an as-of date is used (publication.ts).
import { addDays, type IsoDate } from "../base/dates.ts";
import { memoized } from "../base/memo.ts";
import { knownFrom, type Observation } from "./publication.ts";

/** The regime's thresholds on the 13-week change, in percent: above +1 expanding, below -1 contracting. */
export const REGIME_THRESHOLD_PCT = 1;
export const REGIME_WEEKS = 13;

export type LiquidityRegime = "expanding" | "flat" | "contracting";

/** H.4.1 and RRP are in millions and billions of dollars at FRED. */
const MILLION = 1e6;
const BILLION = 1e9;

export interface Dated {
  readonly date: IsoDate;
  readonly usd: number;
}

export interface NetLiquidityWeek {
  /** The Wednesday. */
  readonly date: IsoDate;
  readonly usd: number;
  readonly walcl: Dated;
  readonly tga: Dated;
  /** Its own date: the Wednesday's, or the last earlier day with an operation's figure. */
  readonly rrp: Dated;
}

export interface LiquidityInputs {
  readonly walcl: readonly Observation[];
  readonly tga: readonly Observation[];
  readonly rrp: readonly Observation[];
}

/** Every Wednesday with WALCL and WTREGEN and an RRP figure on or before it (so from 2003-02-12 on). */
export function netLiquidityWeeks(inputs: LiquidityInputs): NetLiquidityWeek[] {
  const tga = new Map(inputs.tga.map((o) => [o.date, o.value]));
  const weeks: NetLiquidityWeek[] = [];
  let r = -1;
  for (const w of inputs.walcl) {
    const t = tga.get(w.date);
    while (r + 1 < inputs.rrp.length && (inputs.rrp[r + 1] as Observation).date <= w.date) r++;
    const rrp = inputs.rrp[r];
    if (t === undefined || rrp === undefined) continue;
    weeks.push({
      date: w.date,
      usd: w.value * MILLION - t * MILLION - rrp.value * BILLION,
      walcl: { date: w.date, usd: w.value * MILLION },
      tga: { date: w.date, usd: t * MILLION },
      rrp: { date: rrp.date, usd: rrp.value * BILLION },
    });
  }
  return weeks;
}

export function regimeOf(change13wPct: number | null): LiquidityRegime | null {
  if (change13wPct === null) return null;
  if (change13wPct > REGIME_THRESHOLD_PCT) return "expanding";
  if (change13wPct < -REGIME_THRESHOLD_PCT) return "contracting";
  return "flat";
}

export interface NetLiquidityNow {
  readonly week: NetLiquidityWeek;
  readonly change4wPct: number | null;
  readonly change13wPct: number | null;
  readonly regime: LiquidityRegime | null;
}

/** A week's figure is public from the Friday after it (its H.4.1 components; the RRP figure is older). */
export const weekKnownFrom = (week: NetLiquidityWeek): IsoDate => knownFrom("WALCL", week.date);

/** The change from the Wednesday `weeks` before (null when that week has no figure). */
function changePct(byDate: ReadonlyMap<IsoDate, NetLiquidityWeek>, week: NetLiquidityWeek, weeks: number) {
  const earlier = byDate.get(addDays(week.date, -7 * weeks));
  return earlier ? (week.usd / earlier.usd - 1) * 100 : null;
}

/** Each week with its changes and regime, in order. */
export function withChanges(weeks: readonly NetLiquidityWeek[]): NetLiquidityNow[] {
  const byDate = new Map(weeks.map((w) => [w.date, w]));
  return weeks.map((week) => {
    const change13wPct = changePct(byDate, week, REGIME_WEEKS);
    return { week, change4wPct: changePct(byDate, week, 4), change13wPct, regime: regimeOf(change13wPct) };
  });
}

/** The latest week published by the end of `asOf`, with its changes; null before the first one. */
export function netLiquidityAsOf(weeks: readonly NetLiquidityNow[], asOf: IsoDate): NetLiquidityNow | null {
  let lo = 0;
  let hi = weeks.length - 1;
  let found: NetLiquidityNow | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = weeks[mid] as NetLiquidityNow;
    if (weekKnownFrom(w.week) <= asOf) {
      found = w;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The weeks with their changes from WALCL, WTREGEN and RRPONTSYD's observations: once per loaded data (memo.ts,
 * the observations by identity), shared by /liquidity, its chart and /russell's conditioning.
 */
export const liquidityWeeks = memoized(
  (walcl: readonly Observation[], tga: readonly Observation[], rrp: readonly Observation[]) =>
    withChanges(netLiquidityWeeks({ walcl, tga, rrp })),
  8,
);
