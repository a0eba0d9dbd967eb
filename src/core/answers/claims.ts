// The claims riskon is asked about, each measured on the data as it stood at the as-of date, with the method, n,
// the last date of the data, and a verdict by a rule written down here (never by judgement after the fact).
import { PERMUTATION_DRAWS, type TestedSummary } from "../analytics/baseline.ts";
import type { RegimeCell } from "../analytics/by-liquidity.ts";
import type { CycleMeasures } from "../analytics/cycles.ts";
import type { LeadLagReport } from "../analytics/lead-lag.ts";
import type { IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";
import { type LiquidityRegime, REGIME_THRESHOLD_PCT } from "../liquidity/net-liquidity.ts";
import { type Locale, phrasebook } from "./locale.ts";
import { signedPct } from "./numbers.ts";

/**
 * The claims and their methods as riskon writes them (English here; other languages in the translation files,
 * under `claim.`). The figures in them are filled in the chat's number format.
 */
export const CLAIM_MESSAGES = {
  btc2020: "BTC rose about 380-390% after the Russell 2000's late-2020 breakout",
  btc2020Method:
    "Best BTC close within 365 days of the ^RUT breakout close, and of its retest, over that day's close. " +
    "Supported when either reaches {{claimed}}; partly when the better one reaches three quarters of it; otherwise not supported.",
  btcAth: "BTC broke out to its own new high after each of the Russell 2000's record breakouts before 2025",
  btcAthMethod:
    "For each ^RUT breakout before 2025 whose BTC history reaches a year back: calendar days to BTC's first close " +
    "above its own record as it stood on the event day. Supported when every one came within 365 days; partly when some did.",
  follows: "{{asset}} follows Russell 2000 breakouts",
  followsMethod:
    "{{asset}}'s median 365-day return after ^RUT breakouts against the same return from any session (permutation " +
    "test of the median, {{draws}} draws). Supported when it is above the baseline with p < 0.05; not supported otherwise; " +
    "untestable with fewer than 2 events.",
  alts: "The altcoin market rallied after IWM broke its record in 2017 and in 2021",
  altsMethod:
    "The first IWM (total-return) record close of each year; the {{series}}'s best value within 180 days of it " +
    "(a weekly series: from its first value on or after the record). A rally is at least {{rally}}. " +
    "Supported when both years rallied, partly when one did.",
  value: "The Russell 2000 Value index made a record in December 2025",
  valueMethod:
    "Record closes of the {{series}} in {{month}}: a close above every earlier close. The index itself (^RUJ) " +
    "and intraday highs are not in riskon's data, so a record close of the ETF can only partly support the claim.",
  leads: "The Russell 2000 leads {{asset}}",
  liquidity: "Crypto rallies after Russell 2000 breakouts when liquidity expands",
  liquidityMethod:
    "{{asset}}'s median 365-day return after the ^RUT breakouts made while Fed net liquidity was expanding (its " +
    "13-week change above +{{threshold}}%, as published on the event day), against the same return from every " +
    "session in an expanding regime (permutation test of the median, {{draws}} draws). Supported when it is " +
    "above that baseline with p < 0.05; not supported otherwise; untestable with fewer than 2 such events.",
  leadsMethod:
    "Robust lead/lag test over non-zero lags, family-wise, at daily, weekly and monthly frequency (README, " +
    "Definitions). Supported when one frequency finds the Russell first with a positive correlation at p < 0.05.",
} as const;

const say = phrasebook("claim", CLAIM_MESSAGES);
const pctIn = (locale: Locale | undefined, value: number) =>
  locale ? locale.pct(value, 0) : signedPct(value, 0);

export type Verdict = "supported" | "partly" | "not_supported" | "untestable";

export interface Claim {
  readonly id: string;
  readonly claim: string;
  readonly verdict: Verdict;
  /** Named figures: percent values in percent, dates ISO. */
  readonly measured: Readonly<Record<string, number | string | boolean | null>>;
  readonly n: number;
  readonly method: string;
  readonly dataTo: IsoDate | null;
}

/** "BTC rose ~380-390% after the late-2020 breakout": the best close within 365 days, from the breakout and the retest. */
export function btcAfter2020Claim(
  event: { date: IsoDate; cycle: CycleMeasures } | null,
  retest: { date: IsoDate; cycle: CycleMeasures } | null,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  const claimed = 380;
  const base = {
    id: "btc-380-after-2020-breakout",
    claim: say(locale, "btc2020"),
    method: say(locale, "btc2020Method", { claimed: pctIn(locale, claimed) }),
    dataTo,
  };
  const fromEvent = event?.cycle.best365 ?? null;
  const fromRetest = retest?.cycle.best365 ?? null;
  if (!event || !fromEvent) {
    return { ...base, verdict: "untestable", measured: { eventDate: event?.date ?? null }, n: 0 };
  }
  const best = Math.max(fromEvent.pct, fromRetest?.pct ?? Number.NEGATIVE_INFINITY);
  const verdict: Verdict =
    best >= claimed ? "supported" : best >= claimed * 0.75 ? "partly" : "not_supported";
  return {
    ...base,
    verdict,
    n: 1,
    measured: {
      eventDate: event.date,
      fromBreakoutPct: fromEvent.pct,
      fromBreakoutBestDate: fromEvent.date,
      retestDate: retest?.date ?? null,
      fromRetestPct: fromRetest?.pct ?? null,
      fromRetestBestDate: fromRetest?.date ?? null,
    },
  };
}

/** "BTC broke out to its own new high after each of the Russell highs": days to BTC's record after each event. */
export function btcAthAfterEachClaim(
  events: ReadonlyArray<{ date: IsoDate; cycle: CycleMeasures }>,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  // The caller passes only events whose prior record is in the data; none of them reaching it is a "no".
  const known = events;
  const within = known.filter((e) => e.cycle.daysToOwnAth !== null && e.cycle.daysToOwnAth <= 365);
  const verdict: Verdict =
    known.length === 0
      ? "untestable"
      : within.length === known.length
        ? "supported"
        : within.length > 0
          ? "partly"
          : "not_supported";
  return {
    id: "btc-new-high-after-each-russell-high",
    claim: say(locale, "btcAth"),
    verdict,
    n: known.length,
    measured: Object.fromEntries(known.map((e) => [`daysToBtcRecordAfter${e.date}`, e.cycle.daysToOwnAth])),
    method: say(locale, "btcAthMethod"),
    dataTo,
  };
}

/** A tested median claim: "ETH follows Russell breakouts". */
export function followsClaim(
  id: string,
  asset: string,
  summary: Readonly<Record<"d90" | "d365", TestedSummary>> | undefined,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  const s = summary?.d365;
  const claim = say(locale, "follows", { asset });
  const draws = locale ? locale.num(PERMUTATION_DRAWS) : PERMUTATION_DRAWS.toLocaleString("en-US");
  const method = say(locale, "followsMethod", { asset, draws });
  if (!s || s.pValue === null) {
    return { id, claim, verdict: "untestable", n: s?.n ?? 0, measured: {}, method, dataTo };
  }
  const above = (s.median ?? 0) > (s.baseline.median ?? 0);
  return {
    id,
    claim,
    verdict: above && s.pValue < 0.05 ? "supported" : "not_supported",
    n: s.n,
    measured: {
      median365Pct: s.median,
      baseline365Pct: s.baseline.median,
      pValue: s.pValue,
      median90Pct: summary?.d90.median ?? null,
      baseline90Pct: summary?.d90.baseline.median ?? null,
      pValue90: summary?.d90.pValue ?? null,
    },
    method,
    dataTo,
  };
}

/**
 * "Crypto rallies after Russell breakouts when liquidity expands": the expanding regime's cell of the conditioned
 * analogs (core/analytics/by-liquidity.ts) for `asset`, tested against its own regime's baseline as followsClaim
 * is; the other regimes' n and medians beside it.
 */
export function liquidityClaim(
  byRegime: Readonly<Record<LiquidityRegime, Readonly<Record<string, Readonly<Record<"d365", RegimeCell>>>>>>,
  asset: string,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  const draws = locale ? locale.num(PERMUTATION_DRAWS) : PERMUTATION_DRAWS.toLocaleString("en-US");
  const base = {
    id: "crypto-rallies-after-breakouts-when-liquidity-expands",
    claim: say(locale, "liquidity"),
    method: say(locale, "liquidityMethod", { asset, threshold: REGIME_THRESHOLD_PCT, draws }),
    dataTo,
  };
  const cellOf = (regime: LiquidityRegime) => byRegime[regime][asset]?.d365;
  const measured: Record<string, number | null> = {};
  for (const regime of ["expanding", "flat", "contracting"] as const) {
    const c = cellOf(regime);
    measured[`${regime}N`] = c?.n ?? 0;
    measured[`${regime}Median365Pct`] = c?.median ?? null;
    measured[`${regime}Baseline365Pct`] = c?.baseline.median ?? null;
    measured[`${regime}PValue`] = c?.pValue ?? null;
  }
  const e = cellOf("expanding");
  if (!e || e.pValue === null) return { ...base, verdict: "untestable", n: e?.n ?? 0, measured };
  const above = (e.median ?? 0) > (e.baseline.median ?? 0);
  return { ...base, verdict: above && e.pValue < 0.05 ? "supported" : "not_supported", n: e.n, measured };
}

/** "The altcoin market rallied after IWM broke its record in 2017 and 2021". */
export function altsAfterIwmClaim(
  years: readonly number[],
  events: ReadonlyArray<{ date: IsoDate; max180: number | null; d365: number | null }>,
  seriesName: string,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  const rallyPct = 20;
  const byYear = years.map((y) => ({
    year: y,
    event: events.find((e) => e.date.startsWith(String(y))) ?? null,
  }));
  const measurable = byYear.filter((b) => b.event?.max180 !== null && b.event?.max180 !== undefined);
  const rallied = measurable.filter((b) => (b.event?.max180 ?? 0) >= rallyPct);
  const verdict: Verdict =
    measurable.length === 0
      ? "untestable"
      : rallied.length === years.length
        ? "supported"
        : rallied.length > 0
          ? "partly"
          : "not_supported";
  const measured: Record<string, number | string | null> = {};
  for (const b of byYear) {
    measured[`iwmRecord${b.year}`] = b.event?.date ?? null;
    measured[`bestWithin180dPct${b.year}`] = b.event?.max180 ?? null;
    measured[`after365dPct${b.year}`] = b.event?.d365 ?? null;
  }
  return {
    id: "alts-rallied-after-iwm-2017-2021",
    claim: say(locale, "alts"),
    verdict,
    n: measurable.length,
    measured,
    method: say(locale, "altsMethod", { series: seriesName, rally: pctIn(locale, rallyPct) }),
    dataTo,
  };
}

/** "The Russell 2000 Value index made a record in December 2025": the value ETF's record closes that month. */
export function valueRecordClaim(
  bars: readonly Bar[],
  month: string,
  seriesName: string,
  asOf: IsoDate,
  locale?: Locale,
): Claim {
  const base = {
    id: "russell-2000-value-record-dec-2025",
    claim: say(locale, "value"),
    method: say(locale, "valueMethod", { series: seriesName, month }),
  };
  const known = bars.filter((b) => b.date <= asOf);
  const last = known.at(-1)?.date ?? null;
  if (last === null || last < `${month}-31`) {
    return { ...base, verdict: "untestable", n: 0, measured: { dataTo: last }, dataTo: last };
  }
  let high = 0;
  const records: Bar[] = [];
  for (const bar of known) {
    if (bar.close > high) {
      if (bar.date.startsWith(month)) records.push(bar);
      high = bar.close;
    }
  }
  return {
    ...base,
    verdict: records.length > 0 ? "partly" : "not_supported",
    n: records.length,
    measured: {
      recordCloses: records.length,
      firstRecordDate: records[0]?.date ?? null,
      lastRecordDate: records.at(-1)?.date ?? null,
      lastRecordClose: records.at(-1)?.close ?? null,
      intradayHigh: null,
    },
    dataTo: last,
  };
}

/** "The Russell leads crypto": a significant lead at a positive lag (the Russell first) with a positive r. */
export function russellLeadsClaim(
  report: LeadLagReport,
  asset: string,
  dataTo: IsoDate | null,
  locale?: Locale,
): Claim {
  const tests = Object.entries(report);
  const positive = tests.filter(([, t]) => t.significant && (t.bestLag ?? 0) > 0 && (t.rho ?? 0) > 0);
  const measured: Record<string, number | string | boolean | null> = {};
  for (const [name, t] of tests) {
    measured[`${name}BestLag`] = t.bestLag;
    measured[`${name}Rho`] = t.rho;
    measured[`${name}PValue`] = t.pValue;
  }
  return {
    id: "russell-leads-crypto",
    claim: say(locale, "leads", { asset }),
    verdict: tests.every(([, t]) => t.pValue === null)
      ? "untestable"
      : positive.length > 0
        ? "supported"
        : "not_supported",
    n: report.daily.n,
    measured,
    method: say(locale, "leadsMethod"),
    dataTo,
  };
}
