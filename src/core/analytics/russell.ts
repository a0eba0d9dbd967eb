// The /russell analysis: record, breakout state, earlier events with what crypto did after them, correlation.
// Pure: it receives every series and an as-of date and reads nothing dated after that date.

import type { IsoDate } from "../base/dates.ts";
import { NotEnoughDataError } from "../base/errors.ts";
import { memoized } from "../base/memo.ts";
import { type Bar, barsUntil } from "../base/series.ts";
import type { SeriesData } from "../ports.ts";
import { alignToEquitySessions, onDatesOf, returnsOfPair } from "./alignment.ts";
import { type ForwardReturns, forwardReturns, startDateFor } from "./analogs.ts";
import {
  cachedBaselineRows,
  cachedTestedSummary,
  type MeasureRow,
  SUMMARY_KEYS,
  type SummaryKey,
  type TestedSummary,
  valuesOf,
} from "./baseline.ts";
import {
  allTimeHigh,
  type BreakoutEvent,
  type BreakoutRule,
  type BreakoutStateName,
  classifyBreakoutState,
  DEFAULT_BREAKOUT_RULE,
  DEFAULT_STATE_THRESHOLDS,
  findBreakoutEvents,
  percentFromHigh,
  type StateThresholds,
} from "./breakouts.ts";
import { trailingCorrelation, type WindowCorrelation } from "./correlation.ts";
import { type CycleMeasures, cycleMeasures, retestDate } from "./cycles.ts";
import { type LeadLagReport, leadLagReport } from "./lead-lag.ts";

export const CORRELATION_WINDOWS = [30, 90, 250] as const;

export interface CorrelationReport {
  readonly w30: WindowCorrelation;
  readonly w90: WindowCorrelation;
  readonly w250: WindowCorrelation;
  /** What the windows and n count: equity sessions, or weeks for a weekly series (its own dates). */
  readonly unit: "session" | "week";
  /** Daily, weekly and monthly lead/lag tests over non-zero lags (see lead-lag.ts); no daily test when weekly. */
  readonly leadLag: LeadLagReport;
  /** The session of the last return pair: earlier than the as-of date when one series' data ends sooner. */
  readonly endDate: IsoDate | null;
}

/**
 * Correlation of log returns over the last 30, 90 and 250 common dates, and the lead/lag tests. For a weekly
 * `other` the equity is read on its dates (its last close on or before each), so n counts weeks.
 */
/** Correlations and lead/lag of two series as of a date; once per data version (core/base/memo.ts). */
export const correlationReport = memoized(correlationReportOf);

function correlationReportOf(
  equity: SeriesData["bars"],
  other: SeriesData["bars"],
  asOf: IsoDate,
  frequency: "daily" | "weekly" = "daily",
): CorrelationReport {
  const otherBars = barsUntil(other, asOf);
  const equityBars =
    frequency === "weekly"
      ? onDatesOf(
          barsUntil(equity, asOf),
          otherBars.map((b) => b.date),
        )
      : barsUntil(equity, asOf);
  const pair = alignToEquitySessions(equityBars, otherBars);
  const returns = returnsOfPair(pair);
  const [w30, w90, w250] = CORRELATION_WINDOWS.map((w) =>
    trailingCorrelation(returns.equity, returns.other, w),
  ) as [WindowCorrelation, WindowCorrelation, WindowCorrelation];
  const leadLag = leadLagReport(pair.dates, pair.equity, pair.other, frequency);
  const unit = frequency === "weekly" ? "week" : "session";
  return { w30, w90, w250, unit, leadLag, endDate: returns.dates.at(-1) ?? null };
}

export interface Analog {
  readonly eventDate: IsoDate;
  /** Per asset: forward returns at the horizons, and the cycle measures from the event. */
  readonly forward: Readonly<Record<string, ForwardReturns & CycleMeasures>>;
  /** The same cycle measures from the retest of the old record, where one happened within the window. */
  readonly fromRetest: {
    readonly date: IsoDate;
    readonly forward: Readonly<Record<string, CycleMeasures>>;
  } | null;
}

export interface BreakoutReport {
  readonly state: BreakoutStateName;
  readonly eventDate: IsoDate | null;
  readonly level: number | null;
  readonly levelDate: IsoDate | null;
  readonly sessionsSinceEvent: number | null;
  readonly pctFromLevel: number | null;
  readonly thresholds: StateThresholds;
}

export interface RecordReport {
  readonly index: { readonly symbol: string; readonly date: IsoDate; readonly close: number };
  readonly ath: { readonly date: IsoDate; readonly close: number };
  readonly pctFromAth: number;
  readonly breakout: BreakoutReport;
  readonly events: readonly BreakoutEvent[];
  readonly rule: BreakoutRule;
}

/** Record, breakout events and state of one series at the as-of date. */
/** The index's record, breakout state and events as of a date; once per data version. */
export const recordReport = memoized(recordReportOf);

function recordReportOf(
  series: SeriesData,
  asOf: IsoDate,
  rule: BreakoutRule = DEFAULT_BREAKOUT_RULE,
  thresholds: StateThresholds = DEFAULT_STATE_THRESHOLDS,
): RecordReport {
  const bars = barsUntil(series.bars, asOf);
  const last = bars.at(-1);
  if (!last) throw new NotEnoughDataError(`${series.id} has no data on or before ${asOf}`);
  const ath = allTimeHigh(bars);
  const events = findBreakoutEvents(bars, rule);
  const state = classifyBreakoutState(bars, events, thresholds);
  return {
    index: { symbol: series.id, date: last.date, close: last.close },
    ath,
    pctFromAth: percentFromHigh(last.close, ath.close),
    breakout: {
      state: state.state,
      eventDate: state.event?.date ?? null,
      level: state.level,
      levelDate: state.event?.priorHighDate ?? null,
      sessionsSinceEvent: state.sessionsSinceEvent,
      pctFromLevel: state.pctFromLevel,
      thresholds,
    },
    events,
    rule,
  };
}

/**
 * Forward returns of each asset after each event on which at least one asset has a close, summarised per asset
 * and horizon with their spread, the baseline from every session in `sessions` (the index's, up to the as-of
 * date) and a permutation test against it.
 */
export const analogsFor = memoized(analogsOf);

/** A baseline population's values of one horizon, taken once per population (shared by every answer). */
const populationValues = memoized(valuesOf, 256);

function analogsOf(
  events: readonly BreakoutEvent[],
  assets: readonly SeriesData[],
  asOf: IsoDate,
  index: readonly Bar[],
): { analogs: Analog[]; summary: Record<string, Record<SummaryKey, TestedSummary>> } {
  const indexBars = barsUntil(index, asOf);
  const sessions = indexBars.map((bar) => bar.date);
  const visible = assets.map((a) => ({ id: a.id, bars: barsUntil(a.bars, asOf), data: a }));
  const analogs: Analog[] = [];
  for (const event of events) {
    const forward: Record<string, ForwardReturns & CycleMeasures> = {};
    let covered = false;
    for (const asset of visible) {
      const first = asset.bars[0];
      if (first && first.date <= event.date) covered = true;
      const start = startDateFor(asset.data, asset.bars, event.date) ?? event.date;
      forward[asset.id] = {
        ...forwardReturns(asset.bars, start, asOf),
        ...cycleMeasures(asset.bars, start, asOf),
      };
    }
    const retest = retestDate(indexBars, event, asOf);
    const fromRetest = retest
      ? {
          date: retest,
          forward: Object.fromEntries(
            visible.map((a) => [
              a.id,
              cycleMeasures(a.bars, startDateFor(a.data, a.bars, retest) ?? retest, asOf),
            ]),
          ),
        }
      : null;
    if (covered) analogs.push({ eventDate: event.date, forward, fromRetest });
  }
  const summary = Object.fromEntries(
    visible.map((asset) => {
      // A weekly series' baseline is every one of its own weeks: n in weeks, as its events are.
      const own = asset.data.frequency === "weekly" ? asset.bars.map((b) => b.date) : sessions;
      const population = cachedBaselineRows(asset.id, asset.bars, own, asOf);
      const rows: MeasureRow[] = analogs.map((row) => {
        const f = row.forward[asset.id] as ForwardReturns & CycleMeasures;
        return { ...f, best365: f.best365?.pct ?? null, maxDrawdown365: f.maxDrawdown365 };
      });
      const byKey = SUMMARY_KEYS.map((key) => {
        const values = valuesOf(rows, key);
        const question = [
          asset.id,
          asset.bars.length,
          asset.bars.at(-1)?.date,
          own.length,
          asOf,
          key,
          ...values,
        ].join("|");
        return [key, cachedTestedSummary(question, values, populationValues(population, key))] as const;
      });
      return [asset.id, Object.fromEntries(byKey) as Record<SummaryKey, TestedSummary>];
    }),
  );
  return { analogs, summary };
}
