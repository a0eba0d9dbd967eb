// The altcoin market: an equal-weight altcoin index, the Altcoin Season Index and the ETH/BTC trend.
import { addDays, type IsoDate } from "./dates.ts";
import type { BasketPeriod } from "./ports.ts";
import { type Bar, barOnOrBefore, closeMap } from "./series.ts";

export interface Component {
  readonly id: string;
  readonly bars: readonly Bar[];
}

/** First day of the calendar quarter that `date` falls in. */
function quarterStart(date: IsoDate): IsoDate {
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${date.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
}

/**
 * Equal-weight index rebalanced at the start of each calendar quarter (as S&P's equal-weight indexes are):
 * on a rebalance day every component with a close gets the same share of the index value and is then
 * held until the next rebalance, so the level is what an equal-weight basket was worth, without the
 * daily-rebalancing drift. A component without a close on a day keeps its last close until the next
 * rebalance, where it is dropped if it still has none. Starts at 100 on the first day with at least
 * `minComponents` closes; days on which fewer than `minComponents` components traded are left out.
 */
export function equalWeightIndex(components: readonly Component[], minComponents = 3): Bar[] {
  return equalWeightBasket(components, minComponents).bars;
}

/** The equal-weight index with its members: a new period each time a rebalance changes who is in it. */
export function equalWeightBasket(
  components: readonly Component[],
  minComponents = 3,
): { bars: Bar[]; periods: BasketPeriod[] } {
  const maps = components.map((c) => closeMap(c.bars));
  const dates = [...new Set(components.flatMap((c) => c.bars.map((b) => b.date)))].sort();
  const out: Bar[] = [];
  const periods: BasketPeriod[] = [];
  let units: Array<number | undefined> = [];
  const lastClose: Array<number | undefined> = [];
  let quarter = "";
  for (const date of dates) {
    const closes = maps.map((map) => map.get(date));
    closes.forEach((close, i) => {
      if (close !== undefined) lastClose[i] = close;
    });
    const trading = closes.filter((c) => c !== undefined).length;
    if (trading < minComponents) continue;
    const value = (held: ReadonlyArray<number | undefined>) =>
      held.reduce<number>((sum, u, i) => sum + (u === undefined ? 0 : u * (lastClose[i] as number)), 0);
    const level = out.length === 0 ? 100 : value(units);
    if (quarterStart(date) !== quarter || out.length === 0) {
      quarter = quarterStart(date);
      units = closes.map((close) => (close === undefined ? undefined : level / trading / close));
      const members = components.filter((_, i) => units[i] !== undefined).map((c) => c.id);
      if (periods.at(-1)?.members.join() !== members.join()) periods.push({ from: date, members });
    }
    out.push({ date, close: Number(level.toPrecision(10)) });
  }
  return { bars: out, periods };
}

/**
 * "3 coins (XRP, DOGE, XLM) from 2014-08-06; 5 from 2017-10-01 (+TRX, LINK); …": the periods that started by
 * `asOf`, so an answer about 2016 does not mention coins that joined later.
 */
export function describeBasket(periods: readonly BasketPeriod[], asOf: IsoDate): string {
  const shown = periods.filter((p) => p.from <= asOf);
  return shown
    .map((p, i) => {
      const previous = shown[i - 1]?.members ?? [];
      const joined = p.members.filter((m) => !previous.includes(m));
      const left = previous.filter((m) => !p.members.includes(m));
      const change =
        i === 0
          ? p.members.join(", ")
          : [...joined.map((m) => `+${m}`), ...left.map((m) => `-${m}`)].join(", ");
      return `${p.members.length} coins from ${p.from} (${change})`;
    })
    .join("; ");
}

export interface AltseasonIndex {
  /** 0..100: percent of the universe that beat BTC over the window. */
  readonly value: number;
  readonly universe: number;
  readonly windowDays: number;
  readonly outperformers: readonly string[];
  readonly label: "altcoin season" | "bitcoin season" | "neither";
}

export const ALTSEASON_WINDOW_DAYS = 90;
export const ALTSEASON_HIGH = 75;
export const ALTSEASON_LOW = 25;

/**
 * Blockchain Center's definition: the share of the top coins (ex stablecoins, wrapped and staked tokens)
 * whose price change over the last 90 days beat BTC's; >= 75 is altcoin season, <= 25 bitcoin season.
 * A coin counts only if it has a close on the as-of date and on the window start date.
 */
export function altcoinSeasonIndex(
  coins: readonly Component[],
  btc: readonly Bar[],
  asOf: IsoDate,
  windowDays = ALTSEASON_WINDOW_DAYS,
): AltseasonIndex | null {
  const start = addDays(asOf, -windowDays);
  const change = (bars: readonly Bar[]): number | null => {
    const map = closeMap(bars);
    const a = map.get(start);
    const b = map.get(asOf);
    return a === undefined || b === undefined ? null : b / a - 1;
  };
  const btcChange = change(btc);
  if (btcChange === null) return null;
  const outperformers: string[] = [];
  let universe = 0;
  for (const coin of coins) {
    const c = change(coin.bars);
    if (c === null) continue;
    universe++;
    if (c > btcChange) outperformers.push(coin.id);
  }
  if (universe === 0) return null;
  const value = Math.round((outperformers.length / universe) * 100);
  const label =
    value >= ALTSEASON_HIGH ? "altcoin season" : value <= ALTSEASON_LOW ? "bitcoin season" : "neither";
  return { value, universe, windowDays, outperformers, label };
}

export interface RatioTrend {
  readonly date: IsoDate;
  readonly value: number;
  readonly change30Pct: number | null;
  readonly change90Pct: number | null;
  /** up / down when the 90-day change exceeds +/-5 %, otherwise flat. */
  readonly trend: "up" | "down" | "flat" | "unknown";
}

export const RATIO_TREND_THRESHOLD_PCT = 5;

export function ratioSeries(numerator: readonly Bar[], denominator: readonly Bar[]): Bar[] {
  const den = closeMap(denominator);
  const out: Bar[] = [];
  for (const bar of numerator) {
    const d = den.get(bar.date);
    if (d !== undefined) out.push({ date: bar.date, close: bar.close / d });
  }
  return out;
}

export function ratioTrend(ratio: readonly Bar[], asOf: IsoDate): RatioTrend | null {
  const last = barOnOrBefore(ratio, asOf);
  if (!last) return null;
  const changeSince = (days: number): number | null => {
    const then = barOnOrBefore(ratio, addDays(last.date, -days));
    return then && then.date >= addDays(last.date, -days - 3) ? (last.close / then.close - 1) * 100 : null;
  };
  const change30Pct = changeSince(30);
  const change90Pct = changeSince(90);
  const trend =
    change90Pct === null
      ? "unknown"
      : change90Pct > RATIO_TREND_THRESHOLD_PCT
        ? "up"
        : change90Pct < -RATIO_TREND_THRESHOLD_PCT
          ? "down"
          : "flat";
  return { date: last.date, value: last.close, change30Pct, change90Pct, trend };
}
