// The Altcoin Season Index as the public ones define it: the share of the top N altcoins by market cap at the
// window's start (BTC, stablecoins, wrapped and staked tokens excluded) whose 90-day return beat BTC's. The
// members come from the monthly rankings as they stood then, so coins that later faded count; a 90% Wilson
// interval says how much the share could move with another draw of coins, and below a minimum universe there
// is no index, only the reason.

import { figuresIn, fill, type Locale, phrasebook } from "../answers/locale.ts";
import { addDays, daysBetween, type IsoDate } from "../base/dates.ts";
import { type Bar, closeMap } from "../base/series.ts";
import type { MonthlyRanking, RankEntry } from "../ports.ts";

/** Why there is no index, or what limits it (other languages under `season.` in the translation files). */
export const SEASON_MESSAGES = {
  tooFewOne: "only 1 coin with data for this date: no index (at least {{min}} needed)",
  tooFew: "only {{coins}} coins with data for this date: no index (at least {{min}} needed)",
  noRanking:
    "no market-cap ranking within {{days}} days before {{start}} to choose the top {{topN}} from: no index",
  noBtc: "no BTC close on {{start}} and {{end}}: no index",
  unpriced: "{{unknown}} of the top {{topN}} without a price at both dates left out",
  partial: "{{universe}} of the top {{topN}} at {{date}} have closes here on both dates",
} as const;

const say = phrasebook("season", SEASON_MESSAGES);

/** A reason as figures: counts and ISO dates, written in a chat's language by `seasonReason`. */
export interface SeasonReason {
  readonly key: keyof typeof SEASON_MESSAGES;
  readonly vars: Readonly<Record<string, number | string>>;
}

const why = (key: SeasonReason["key"], vars: SeasonReason["vars"]): SeasonReason => ({ key, vars });

/** The index's reason in the chat's language (its English `reason` without a locale). */
export function seasonReason(index: SeasonIndex, locale?: Locale): string | null {
  if (!index.why || !locale) return index.reason;
  return say(locale, index.why.key, figuresIn(locale, index.why.vars));
}

export const ALTSEASON_WINDOW_DAYS = 90;
export const ALTSEASON_HIGH = 75;
export const ALTSEASON_LOW = 25;
export const SEASON_TOP_N = 50;
export const MIN_UNIVERSE = 10;
/** z for a two-sided 90% interval. */
const Z90 = 1.6448536269514722;
/** A ranking older than this at the window's start is not used as its membership. */
export const MAX_RANKING_AGE_DAYS = 62;
/** A CoinMarketCap snapshot index stands for dates up to this long after its snapshot. */
export const MAX_SNAPSHOT_AGE_DAYS = 31;

/** Stablecoins, fiat- or gold-backed tokens, and wrapped or staked copies of other coins. */
// biome-ignore format: a list of tickers reads better filled than one per line
const NOT_ALTCOINS = new Set([
  "USDT", "USDC", "DAI", "BUSD", "TUSD", "USDP", "PAX", "UST", "USTC", "USDD", "FDUSD", "USDE", "USD1", "PYUSD",
  "GUSD", "HUSD", "USDN", "USDK", "SUSD", "FEI", "FRAX", "LUSD", "EURS", "EURC", "USDS", "USDG", "RLUSD", "VAI",
  "XDAI", "PAXG", "XAUT", "WBTC", "BTCB", "RENBTC", "STETH", "WSTETH", "WEETH", "CBETH", "RETH", "WBETH", "WETH",
  "WNXM", "TMTG", "KBC",
]);

const NOT_ALTCOIN_NAME = /\b(wrapped|staked|bridged)\b|\busd\b|\bdollar\b/i;

export function isAltcoin(entry: Pick<RankEntry, "symbol" | "name">): boolean {
  const symbol = entry.symbol.toUpperCase();
  return symbol !== "BTC" && !NOT_ALTCOINS.has(symbol) && !NOT_ALTCOIN_NAME.test(entry.name);
}

/** Wilson score interval for k successes of n, in percent; null for n = 0. */
export function wilsonInterval(k: number, n: number, z = Z90): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const center = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, (center - half) * 100), Math.min(100, (center + half) * 100)];
}

export type SeasonLabel = "altcoin season" | "bitcoin season" | "neither";

export interface SeasonIndex {
  /** 0..100, or null when fewer than `minUniverse` coins have data. */
  readonly value: number | null;
  /** Coins with a return over the window (the denominator). */
  readonly universe: number;
  readonly minUniverse: number;
  /** The top N asked for. */
  readonly topN: number;
  /** 90% Wilson interval of the share, in points. */
  readonly interval: readonly [number, number] | null;
  readonly windowDays: number;
  readonly windowStart: IsoDate;
  readonly windowEnd: IsoDate;
  readonly label: SeasonLabel | null;
  /** Why there is no index, or what limits it, in English; null when nothing does. */
  readonly reason: string | null;
  /** The same as figures, for other languages (`seasonReason`). */
  readonly why: SeasonReason | null;
  /** Where the members and returns came from. */
  readonly method: "coinmarketcap-snapshots" | "coingecko-recorded" | "daily-closes";
  readonly membershipDate: IsoDate | null;
  readonly outperformers: readonly string[];
  /** Members that dropped out of the top 200, counted as behind BTC because their cap proves it. */
  readonly droppedOut: readonly string[];
}

export function seasonLabel(value: number): SeasonLabel {
  return value >= ALTSEASON_HIGH ? "altcoin season" : value <= ALTSEASON_LOW ? "bitcoin season" : "neither";
}

const withReason = (reason: SeasonReason | null) => ({
  why: reason,
  reason: reason ? fill(SEASON_MESSAGES[reason.key], reason.vars) : null,
});

function finish(
  base: Omit<SeasonIndex, "value" | "interval" | "label" | "reason" | "why" | "universe">,
  universe: number,
  limits: SeasonReason | null,
): SeasonIndex {
  const k = base.outperformers.length;
  if (universe < base.minUniverse) {
    const vars = { coins: universe, min: base.minUniverse };
    return {
      ...base,
      universe,
      value: null,
      interval: null,
      label: null,
      ...withReason(why(universe === 1 ? "tooFewOne" : "tooFew", vars)),
    };
  }
  const value = Math.round((k / universe) * 100);
  return {
    ...base,
    universe,
    value,
    interval: wilsonInterval(k, universe),
    label: seasonLabel(value),
    ...withReason(limits),
  };
}

const key = (e: RankEntry) => `${e.symbol.toUpperCase()}|${e.name.toLowerCase()}`;

/** The top `n` altcoins of a ranking, in rank order. */
export function topAltcoins(ranking: MonthlyRanking, n = SEASON_TOP_N): RankEntry[] {
  return ranking.entries.filter(isAltcoin).slice(0, n);
}

/**
 * The index between two CoinMarketCap snapshots (prices of the 1st of the month, three months apart): members
 * are the start snapshot's top N; a member missing from the end snapshot's top 200 counts as behind BTC when
 * even the 200th coin's cap is below what the member would need to have kept pace, and is left out otherwise.
 */
export function snapshotSeasonIndex(
  start: MonthlyRanking,
  end: MonthlyRanking,
  topN = SEASON_TOP_N,
  minUniverse = MIN_UNIVERSE,
): SeasonIndex {
  const method =
    start.source === "coingecko" ? ("coingecko-recorded" as const) : ("coinmarketcap-snapshots" as const);
  const btcAt = (r: MonthlyRanking) => r.entries.find((e) => e.symbol === "BTC" && e.priceUsd !== null);
  const b0 = btcAt(start);
  const b1 = btcAt(end);
  const base = {
    minUniverse,
    topN,
    windowDays: daysBetween(start.date, end.date),
    windowStart: start.date,
    windowEnd: end.date,
    method,
    membershipDate: start.date,
  };
  if (!b0 || !b1 || b0.priceUsd === null || b1.priceUsd === null) {
    return finish({ ...base, outperformers: [], droppedOut: [] }, 0, null);
  }
  const btcReturn = b1.priceUsd / b0.priceUsd - 1;
  const later = new Map(end.entries.map((e) => [key(e), e]));
  const floorCap = Math.min(...end.entries.map((e) => e.marketCapUsd ?? Number.POSITIVE_INFINITY));
  const outperformers: string[] = [];
  const droppedOut: string[] = [];
  let universe = 0;
  let unknown = 0;
  for (const member of topAltcoins(start, topN)) {
    const then = later.get(key(member));
    if (
      member.priceUsd !== null &&
      member.priceUsd > 0 &&
      then?.priceUsd !== null &&
      then?.priceUsd !== undefined
    ) {
      universe++;
      if (then.priceUsd / member.priceUsd - 1 > btcReturn) outperformers.push(member.symbol);
    } else if (!then && member.marketCapUsd !== null && floorCap / member.marketCapUsd - 1 < btcReturn) {
      universe++;
      droppedOut.push(member.symbol);
    } else unknown++;
  }
  const limits = unknown > 0 ? why("unpriced", { unknown, topN }) : null;
  return finish({ ...base, outperformers, droppedOut }, universe, limits);
}

/** Our close series ids for a ranking's symbols where they differ (CoinMarketCap's IOTA is MIOTA). */
const SYMBOL_ALIASES: Readonly<Record<string, string>> = { IOTA: "MIOTA" };

/**
 * The index over `windowDays` to `asOf` from daily closes: members are the top N of the latest ranking on or
 * before the window's start; a member counts when riskon has its close on both dates.
 */
export function dailySeasonIndex(
  rankings: readonly MonthlyRanking[],
  closes: ReadonlyMap<string, ReadonlyMap<IsoDate, number>>,
  btc: ReadonlyMap<IsoDate, number>,
  asOf: IsoDate,
  topN = SEASON_TOP_N,
  minUniverse = MIN_UNIVERSE,
  windowDays = ALTSEASON_WINDOW_DAYS,
): SeasonIndex {
  const start = addDays(asOf, -windowDays);
  const ranking = rankings.filter((r) => r.date <= start).at(-1);
  const fresh = ranking && daysBetween(ranking.date, start) <= MAX_RANKING_AGE_DAYS ? ranking : undefined;
  const base = {
    minUniverse,
    topN,
    windowDays,
    windowStart: start,
    windowEnd: asOf,
    method: "daily-closes" as const,
    membershipDate: fresh?.date ?? null,
    droppedOut: [],
  };
  const change = (map: ReadonlyMap<IsoDate, number> | undefined): number | null => {
    if (!map) return null;
    const a = map.get(start);
    const b = map.get(asOf);
    return a === undefined || b === undefined ? null : b / a - 1;
  };
  const btcChange = change(btc);
  if (!fresh || btcChange === null) {
    const finished = finish({ ...base, outperformers: [] }, 0, null);
    const reason = !fresh
      ? why("noRanking", { days: MAX_RANKING_AGE_DAYS, start, topN })
      : why("noBtc", { start, end: asOf });
    return { ...finished, ...withReason(reason) };
  }
  const outperformers: string[] = [];
  let universe = 0;
  for (const member of topAltcoins(fresh, topN)) {
    const id = SYMBOL_ALIASES[member.symbol] ?? member.symbol;
    const c = change(closes.get(id));
    if (c === null) continue;
    universe++;
    if (c > btcChange) outperformers.push(id);
  }
  const limits = universe < topN ? why("partial", { universe, topN, date: fresh.date }) : null;
  return finish({ ...base, outperformers }, universe, limits);
}

export interface SeasonInputs {
  readonly rankings: readonly MonthlyRanking[];
  /** Daily closes by coin id and date (only the window's two dates are read). */
  readonly closes: ReadonlyMap<string, ReadonlyMap<IsoDate, number>>;
  readonly btc: ReadonlyMap<IsoDate, number>;
}

/** The inputs from close series: built once, then every date's index reads two closes per coin. */
export function seasonInputs(
  rankings: readonly MonthlyRanking[],
  coins: ReadonlyArray<{ readonly id: string; readonly bars: readonly Bar[] }>,
  btc: readonly Bar[],
): SeasonInputs {
  return { rankings, closes: new Map(coins.map((c) => [c.id, closeMap(c.bars)])), btc: closeMap(btc) };
}

/** The index every `stepDays` days from `from` to `asOf`, for a chart; dates without an index are left out. */
const histories = new WeakMap<SeasonInputs, Map<string, Array<{ date: IsoDate; value: number }>>>();

export function seasonIndexHistory(
  inputs: SeasonInputs,
  from: IsoDate,
  asOf: IsoDate,
  stepDays = 7,
): Array<{ date: IsoDate; value: number }> {
  // The same inputs and dates always give the same points: computed once (inputs are memoised per data update).
  let byDates = histories.get(inputs);
  if (!byDates) {
    byDates = new Map();
    histories.set(inputs, byDates);
  }
  const key = `${from}|${asOf}|${stepDays}`;
  const cached = byDates.get(key);
  if (cached) return cached;
  const out: Array<{ date: IsoDate; value: number }> = [];
  for (let date = from; date <= asOf; date = addDays(date, stepDays)) {
    const index = seasonIndexAt(inputs, date);
    if (index.value !== null) out.push({ date, value: index.value });
  }
  if (byDates.size > 32) byDates.clear();
  byDates.set(key, out);
  return out;
}

/** Recorded CoinGecko rankings: the window's ends may be this many days off 90, and the end this old. */
export const RECORDED_SLACK_DAYS = 3;

/** The top-50 index from two priced rankings: recorded daily ones 90 days apart, else monthly snapshots. */
function pricedSeasonIndex(rankings: readonly MonthlyRanking[], asOf: IsoDate): SeasonIndex | null {
  const recorded = rankings.filter((r) => r.source === "coingecko" && r.date <= asOf);
  const last = recorded.at(-1);
  if (last && daysBetween(last.date, asOf) <= RECORDED_SLACK_DAYS) {
    const target = addDays(last.date, -ALTSEASON_WINDOW_DAYS);
    const start = recorded
      .filter((r) => Math.abs(daysBetween(r.date, target)) <= RECORDED_SLACK_DAYS)
      .sort((a, b) => Math.abs(daysBetween(a.date, target)) - Math.abs(daysBetween(b.date, target)))[0];
    if (start) {
      const index = snapshotSeasonIndex(start, last);
      if (index.value !== null) return index;
    }
  }
  const cmc = rankings.filter((r) => r.source === "cmc");
  const end = cmc.filter((r) => r.date <= asOf).at(-1);
  if (!end || daysBetween(end.date, asOf) > MAX_SNAPSHOT_AGE_DAYS) return null;
  const start = cmc.find((r) => r.date === addMonthsToFirst(end.date, -3));
  if (!start) return null;
  const index = snapshotSeasonIndex(start, end);
  return index.value !== null ? index : null;
}

/**
 * The index for `asOf`: from two priced rankings with the top 50 (CoinGecko's recorded 90 days apart, or
 * CoinMarketCap's snapshots three months apart when the later one is at most a month old); else from daily
 * closes.
 */
export function seasonIndexAt(inputs: SeasonInputs, asOf: IsoDate): SeasonIndex {
  return (
    pricedSeasonIndex(inputs.rankings, asOf) ??
    dailySeasonIndex(inputs.rankings, inputs.closes, inputs.btc, asOf)
  );
}

/** The 1st of the month `months` away from a date's month. */
function addMonthsToFirst(date: IsoDate, months: number): IsoDate {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The newest index with enough coins on or before `asOf`, looking back week by week up to `maxWeeks`. */
export function latestSeasonIndex(inputs: SeasonInputs, asOf: IsoDate, maxWeeks = 520): SeasonIndex | null {
  for (let week = 0, date = asOf; week <= maxWeeks; week++, date = addDays(date, -7)) {
    const index = seasonIndexAt(inputs, date);
    if (index.value !== null) return index;
  }
  return null;
}
