// When each of the Fed's liquidity figures became public, so an answer as of a date uses only what was known then
// (after that day's US close). FRED dates an observation by the day or week it measures, not the day it came out:
// - H.4.1 (WALCL, WTREGEN, WRESBAL): the figure for Wednesday W is released Thursday 16:30 ET, after the US
//   close, so it is known from the Friday after W;
// - RRPONTSYD: the operation's result for day D is out by D's close;
// - DFF: the rate for day D is published the next business day (US market business days here: on a Fed holiday
//   that is not a market holiday, Columbus Day or Veterans Day, it came a day later than this says);
// - M2SL: a month's figure from the first day of the second month after it (March from May 1). FRED revises M2:
//   the bundled vintage is the latest, not what was published at each date, and answers say so.
import { addDays, type IsoDate } from "../base/dates.ts";
import { nextUsTradingDay, weekday } from "../schedules/market-calendar.ts";

/** The FRED series riskon reads: the H.4.1 weeks, the reverse repos, reserves, M2 and the fed funds rate. */
export const FRED_SERIES = ["WALCL", "WTREGEN", "RRPONTSYD", "WRESBAL", "M2SL", "DFF"] as const;
export type FredSeriesId = (typeof FRED_SERIES)[number];

/** The first as-of date whose answer may use the observation of `series` dated `date`. */
export function knownFrom(series: FredSeriesId, date: IsoDate): IsoDate {
  switch (series) {
    case "WALCL":
    case "WTREGEN":
    case "WRESBAL": {
      // The Friday after the week's Wednesday (a Wednesday's Friday is two days on).
      const toFriday = (5 - weekday(date) + 7) % 7 || 7;
      return addDays(date, toFriday);
    }
    case "RRPONTSYD":
      return date;
    case "DFF":
      return nextUsTradingDay(date);
    case "M2SL": {
      const [y, m] = date.split("-").map(Number) as [number, number];
      const month = m + 2;
      const year = y + Math.floor((month - 1) / 12);
      return `${String(year).padStart(4, "0")}-${String(((month - 1) % 12) + 1).padStart(2, "0")}-01`;
    }
  }
}

export interface Observation {
  readonly date: IsoDate;
  readonly value: number;
}

/** The observations of `series` known by the end of `asOf` (ascending by date, as given). */
export function knownBy(
  series: FredSeriesId,
  observations: readonly Observation[],
  asOf: IsoDate,
): Observation[] {
  const out: Observation[] = [];
  for (const o of observations) {
    if (o.date > asOf) break;
    if (knownFrom(series, o.date) <= asOf) out.push(o);
  }
  return out;
}
