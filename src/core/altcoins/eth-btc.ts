// The ETH/BTC ratio and its trend, for /altseason. The altcoin market series and the Altcoin Season Index live in
// src/core/altcoins.
import { addDays, type IsoDate } from "../base/dates.ts";
import { type Bar, barOnOrBefore, closeMap } from "../base/series.ts";

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
