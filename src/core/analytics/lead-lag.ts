// Does the Russell lead crypto, or crypto the Russell? A lead is a correlation at a non-zero lag; the same-session
// correlation is reported, but it is no lead. Each lag k is tested with a heteroskedasticity-robust statistic,
// z_k = Σ x_t·y_{t+k} / √(Σ x_t²·y_{t+k}²) on demeaned returns, which stays standard normal under no lagged
// dependence even with fat tails and volatility clustering, including clustering the two markets share (its
// variance is estimated from the same pairs, not assumed). The strongest lag is judged family-wise over every
// non-zero lag searched (Bonferroni), at daily, weekly (Friday closes) and monthly (month-end closes) frequency.

import { fromEpochDay, type IsoDate, toEpochDay } from "../base/dates.ts";
import { weekday } from "../schedules/market-calendar.ts";
import { logReturns } from "./alignment.ts";
import { pearson } from "./correlation.ts";

export const LEAD_LAG_ALPHA = 0.05;

export interface LeadLagFrequency {
  readonly name: "daily" | "weekly" | "monthly";
  /** Returns in the window: the last `window` periods. */
  readonly window: number;
  /** Lags searched on each side. */
  readonly maxLag: number;
  readonly unit: string;
}

export const LEAD_LAG_FREQUENCIES: readonly LeadLagFrequency[] = [
  { name: "daily", window: 250, maxLag: 10, unit: "session" },
  { name: "weekly", window: 156, maxLag: 4, unit: "week" },
  { name: "monthly", window: 60, maxLag: 3, unit: "month" },
];

export interface LeadLagTest {
  /** The non-zero lag with the largest |z|; positive: the first series (the Russell) leads. Null: no data. */
  readonly bestLag: number | null;
  /** Pearson correlation at that lag. */
  readonly rho: number | null;
  /** Pairs at that lag. */
  readonly n: number;
  readonly lagsTested: number;
  /** Family-wise over the lags tested: min(1, lags × the best lag's two-sided p). */
  readonly pValue: number | null;
  readonly significant: boolean;
  /** The same-period correlation, for the record (not a lead). */
  readonly sameTime: { readonly rho: number | null; readonly n: number };
  readonly method: string;
}

/** The standard normal CDF, by erfc (W. J. Cody's rational Chebyshev form via Numerical Recipes' erfcc, |ε| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function demean(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return values.map((v) => v - mean);
}

/** The robust z of lag k: x[t] paired with y[t + k]. */
export function robustLagZ(
  x: readonly number[],
  y: readonly number[],
  lag: number,
): { z: number | null; n: number } {
  const [xs, ys] = pairsAt(x, y, lag);
  if (xs.length < 20) return { z: null, n: xs.length };
  const a = demean(xs);
  const b = demean(ys);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const product = (a[i] as number) * (b[i] as number);
    sum += product;
    squares += product * product;
  }
  return { z: squares > 0 ? sum / Math.sqrt(squares) : null, n: xs.length };
}

/** The pairs at lag k: x[t] with y[t + k], over the overlap. */
function pairsAt(x: readonly number[], y: readonly number[], lag: number): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = Math.max(0, -lag); t < x.length && t + lag < y.length; t++) {
    xs.push(x[t] as number);
    ys.push(y[t + lag] as number);
  }
  return [xs, ys];
}

/** Tests every non-zero lag up to ±maxLag on two aligned return series; see the module comment. */
export function testLeadLag(x: readonly number[], y: readonly number[], maxLag: number): LeadLagTest {
  let best: { lag: number; z: number; n: number } | null = null;
  let tested = 0;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    if (lag === 0) continue;
    const { z, n } = robustLagZ(x, y, lag);
    if (z === null) continue;
    tested++;
    const better =
      best === null ||
      Math.abs(z) > Math.abs(best.z) ||
      (Math.abs(z) === Math.abs(best.z) && Math.abs(lag) < Math.abs(best.lag));
    if (better) best = { lag, z, n };
  }
  const [sx, sy] = pairsAt(x, y, 0);
  const sameTime = { rho: pearson(sx, sy), n: sx.length };
  const method =
    `robust (White) z per lag on demeaned returns, family-wise over ${tested} non-zero lags (Bonferroni), ` +
    `alpha ${LEAD_LAG_ALPHA}`;
  if (best === null) {
    return {
      bestLag: null,
      rho: null,
      n: 0,
      lagsTested: 0,
      pValue: null,
      significant: false,
      sameTime,
      method,
    };
  }
  const single = 2 * (1 - normalCdf(Math.abs(best.z)));
  const pValue = Math.min(1, single * tested);
  const [bx, by] = pairsAt(x, y, best.lag);
  return {
    bestLag: best.lag,
    rho: pearson(bx, by),
    n: best.n,
    lagsTested: tested,
    pValue,
    significant: pValue < LEAD_LAG_ALPHA,
    sameTime,
    method,
  };
}

/** The last close of each period from aligned daily closes: `periodOf` names the period of a date. */
export function periodCloses(
  dates: readonly IsoDate[],
  closes: readonly number[],
  periodOf: (date: IsoDate) => string | number,
): number[] {
  const out: number[] = [];
  let current: string | number | null = null;
  for (let i = 0; i < dates.length; i++) {
    const period = periodOf(dates[i] as IsoDate);
    if (period === current) out[out.length - 1] = closes[i] as number;
    else {
      out.push(closes[i] as number);
      current = period;
    }
  }
  return out;
}

/** Index of the first date of the last `periods` periods (0 when there are no more than that). */
export function lastPeriodsStart(
  dates: readonly IsoDate[],
  periodOf: (date: IsoDate) => string | number,
  periods: number,
): number {
  let count = 0;
  let current: string | number | null = null;
  for (let i = dates.length - 1; i >= 0; i--) {
    const period = periodOf(dates[i] as IsoDate);
    if (period === current) continue;
    current = period;
    count += 1;
    if (count > periods) return i + 1;
  }
  return 0;
}

/** Weeks ending on Friday: a session's week is named by the Friday on or after it. */
export function fridayWeek(date: IsoDate): string {
  return fromEpochDay(fridayWeekDay(date));
}

/** The epoch day of that Friday: the weekly resampling's key, without a date string per session. */
export function fridayWeekDay(date: IsoDate): number {
  return toEpochDay(date) + ((5 - weekday(date) + 7) % 7);
}

export const monthOf = (date: IsoDate): string => date.slice(0, 7);

export type LeadLagReport = Readonly<Record<LeadLagFrequency["name"], LeadLagTest>>;

/** Daily, weekly and monthly tests from the two series' aligned closes (sessions where both have one). */
export function leadLagReport(
  dates: readonly IsoDate[],
  first: readonly number[],
  second: readonly number[],
  /** "weekly" for weekly closes: no daily test is made (its lags would be weeks), only weekly and monthly. */
  finest: "daily" | "weekly" = "daily",
): LeadLagReport {
  const periodOf = { daily: (d: IsoDate) => d, weekly: fridayWeekDay, monthly: monthOf };
  const entries = LEAD_LAG_FREQUENCIES.map((f) => {
    if (finest === "weekly" && f.name === "daily") return [f.name, testLeadLag([], [], f.maxLag)] as const;
    // Only the last window + 1 periods make the window's returns: the sessions before them are not resampled.
    const from = lastPeriodsStart(dates, periodOf[f.name], f.window + 1);
    const span = dates.slice(from);
    const a = logReturns(periodCloses(span, first.slice(from), periodOf[f.name]));
    const b = logReturns(periodCloses(span, second.slice(from), periodOf[f.name]));
    const tail = (xs: number[]) => xs.slice(Math.max(0, xs.length - f.window));
    return [f.name, testLeadLag(tail(a), tail(b), f.maxLag)] as const;
  });
  return Object.fromEntries(entries) as LeadLagReport;
}
