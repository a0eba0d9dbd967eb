// Breakout alerts: what happened on the latest session that a subscribed channel should hear about.
// Each alert carries a key that names the underlying event, so the delivery ledger can send it once.
import { ALTSEASON_HIGH, ALTSEASON_LOW, type SeasonIndex } from "../altcoins/season-index.ts";
import { classifyBreakoutState, findBreakoutEvents } from "../analytics/breakouts.ts";
import { level, signedPct } from "../answers/numbers.ts";
import type { IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";

export type AlertKind = "breakout" | "retest" | "failed" | "new_ath" | "altseason_high" | "altseason_low";

export interface AlertEvent {
  /** Unique per underlying event: a retest of one breakout alerts once however often price revisits the level. */
  readonly key: string;
  readonly kind: AlertKind;
  readonly series: string;
  readonly date: IsoDate;
  readonly text: string;
}

/** An alert waiting until every chat subscribed when it was detected has it. */
export interface PendingAlert {
  readonly alert: AlertEvent;
  /** Epoch ms. Chats subscribed after this do not get it: they asked for what happens next. */
  readonly detectedAt: number;
}

/** Alerts for the last bar of `bars` (already cut at the session being evaluated). */
export function breakoutAlerts(series: string, label: string, bars: readonly Bar[]): AlertEvent[] {
  const last = bars.at(-1);
  if (!last || bars.length < 2) return [];
  const events = findBreakoutEvents(bars);
  const now = classifyBreakoutState(bars, events);
  const before = classifyBreakoutState(bars.slice(0, -1), events);
  const out: AlertEvent[] = [];
  const event = now.event;
  if (event && event.date === last.date) {
    out.push({
      key: `breakout:${series}:${event.date}`,
      kind: "breakout",
      series,
      date: last.date,
      text: `${label} broke out: closed ${level(last.close)} on ${last.date}, above its old record ${level(event.priorHigh)} of ${event.priorHighDate}.`,
    });
  } else if (now.state === "new_ath") {
    out.push({
      key: `new_ath:${series}:${last.date}`,
      kind: "new_ath",
      series,
      date: last.date,
      text: `${label} set a new all-time closing high: ${level(last.close)} on ${last.date}.`,
    });
  }
  if (event && (now.state === "retest" || now.state === "failed") && before.state !== now.state) {
    const what =
      now.state === "retest"
        ? `is retesting its old record ${level(event.priorHigh)} (${event.priorHighDate}) as support`
        : `failed its breakout: closed ${signedPct(now.pctFromLevel)} vs the old record ${level(event.priorHigh)}`;
    out.push({
      key: `${now.state}:${series}:${event.date}`,
      kind: now.state,
      series,
      date: last.date,
      text: `${label} ${what} on ${last.date} (breakout of ${event.date}).`,
    });
  }
  return out;
}

/**
 * Where the Altcoin Season Index stands for alerting. Near 75 an index can flip across the line and back; one
 * crossing is news, the flips are not. A zone is left only past the middle line: `high` is re-armed once the
 * index falls to 50 or below, `low` once it rises to 50 or above. Over the snapshot from 2018 to 2026-08 this
 * makes 16 alerts where the index crosses 75 or 25 34 times (measured with the top-50 index of
 * src/core/altcoins/season-index.ts). No index (too few coins) is no signal.
 */
export type SeasonZone = "high" | "low" | "neutral";
export const ALTSEASON_REARM = 50;

export function nextSeasonZone(zone: SeasonZone, value: number): SeasonZone {
  if (value >= ALTSEASON_HIGH) return "high";
  if (value <= ALTSEASON_LOW) return "low";
  if (zone === "high" && value > ALTSEASON_REARM) return "high";
  if (zone === "low" && value < ALTSEASON_REARM) return "low";
  return "neutral";
}

/** Alerts when the index enters the altcoin-season zone (>= 75) or the bitcoin-season zone (<= 25). */
export function altseasonAlerts(
  zone: SeasonZone,
  current: SeasonIndex | null,
  date: IsoDate,
): { zone: SeasonZone; alerts: AlertEvent[] } {
  // No index (too few coins with data) is no signal: nothing fires and the zone stays as it was.
  if (!current || current.value === null) return { zone, alerts: [] };
  const next = nextSeasonZone(zone, current.value);
  if (next === zone || next === "neutral") return { zone: next, alerts: [] };
  const describe = `${current.value}/100 (${current.outperformers.length} of ${current.universe} top-${current.topN} altcoins beat BTC over ${current.windowDays} days to ${current.windowEnd})`;
  const alert: AlertEvent =
    next === "high"
      ? {
          key: `altseason_high:${date}`,
          kind: "altseason_high",
          series: "ALTSEASON",
          date,
          text: `Altcoin Season Index crossed ${ALTSEASON_HIGH}: ${describe} on ${date}.`,
        }
      : {
          key: `altseason_low:${date}`,
          kind: "altseason_low",
          series: "ALTSEASON",
          date,
          text: `Altcoin Season Index fell to ${ALTSEASON_LOW} or below: ${describe} on ${date}.`,
        };
  return { zone: next, alerts: [alert] };
}
