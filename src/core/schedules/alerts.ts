// Breakout alerts: what happened on the latest session that a subscribed channel should hear about.
// Each alert carries a key that names the underlying event, so the delivery ledger can send it once.
import { ALTSEASON_HIGH, ALTSEASON_LOW, type SeasonIndex } from "../altcoins/season-index.ts";
import { classifyBreakoutState, findBreakoutEvents } from "../analytics/breakouts.ts";
import { figuresIn, fill, type Locale, phrasebook } from "../answers/locale.ts";
import { level, signedPct } from "../answers/numbers.ts";
import type { IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";

/** The alerts' words (other languages under `alert.` in the translation files). */
export const ALERT_MESSAGES = {
  breakout:
    "{{label}} broke out: closed {{close}} on {{date}}, above its old record {{priorHigh}} of {{priorHighDate}}.",
  new_ath: "{{label}} set a new all-time closing high: {{close}} on {{date}}.",
  retest:
    "{{label}} is retesting its old record {{priorHigh}} ({{priorHighDate}}) as support on {{date}} (breakout of {{eventDate}}).",
  failed:
    "{{label}} failed its breakout: closed {{pct}} vs the old record {{priorHigh}} on {{date}} (breakout of {{eventDate}}).",
  altseason_high:
    "Altcoin Season Index crossed {{threshold}}: {{value}}/100 ({{beat}} of {{universe}} top-{{topN}} altcoins beat BTC over {{days}} days to {{windowEnd}}) on {{date}}.",
  altseason_low:
    "Altcoin Season Index fell to {{threshold}} or below: {{value}}/100 ({{beat}} of {{universe}} top-{{topN}} altcoins beat BTC over {{days}} days to {{windowEnd}}) on {{date}}.",
} as const;

const say = phrasebook("alert", ALERT_MESSAGES);

/** An alert's figures as detected: levels, dates (ISO), a percentage, counts; formatted when it is written. */
export interface AlertFigures {
  readonly label?: string;
  readonly date: IsoDate;
  readonly close?: number;
  readonly priorHigh?: number;
  readonly priorHighDate?: IsoDate;
  readonly eventDate?: IsoDate;
  readonly pct?: number | null;
  readonly threshold?: number;
  readonly value?: number;
  readonly beat?: number;
  readonly universe?: number;
  readonly topN?: number;
  readonly days?: number;
  readonly windowEnd?: IsoDate;
}

export type AlertKind = "breakout" | "retest" | "failed" | "new_ath" | "altseason_high" | "altseason_low";

export interface AlertEvent {
  /** Unique per underlying event: a retest of one breakout alerts once however often price revisits the level. */
  readonly key: string;
  readonly kind: AlertKind;
  readonly series: string;
  readonly date: IsoDate;
  /** In English, for logs; each chat gets `alertText` in its own language. */
  readonly text: string;
  /** What `text` says, as figures (absent in alerts queued by a riskon before these were kept). */
  readonly figures?: AlertFigures;
}

/** The alert in the chat's language, its figures formatted for it; without figures, its English text. */
export function alertText(alert: AlertEvent, locale?: Locale): string {
  const f = alert.figures;
  if (!f || !locale || locale.language === "en") return alert.text;
  const vars = figuresIn(
    locale,
    { ...f },
    {
      close: (v) => locale.level(v),
      priorHigh: (v) => locale.level(v),
      pct: (v) => locale.pct(v),
    },
  );
  return say(locale, alert.kind, vars);
}

/** An alert of `kind` with its English text written from its figures. */
function alertOf(key: string, kind: AlertKind, series: string, figures: AlertFigures): AlertEvent {
  const english: Record<string, string | number> = { ...figures } as Record<string, string | number>;
  if (figures.close !== undefined) english.close = level(figures.close);
  if (figures.priorHigh !== undefined) english.priorHigh = level(figures.priorHigh);
  if (figures.pct !== undefined) english.pct = signedPct(figures.pct);
  return { key, kind, series, date: figures.date, text: fill(ALERT_MESSAGES[kind], english), figures };
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
  const day = { label, date: last.date, close: last.close };
  if (event && event.date === last.date) {
    const old = { priorHigh: event.priorHigh, priorHighDate: event.priorHighDate };
    out.push(alertOf(`breakout:${series}:${event.date}`, "breakout", series, { ...day, ...old }));
  } else if (now.state === "new_ath") {
    out.push(alertOf(`new_ath:${series}:${last.date}`, "new_ath", series, day));
  }
  if (event && (now.state === "retest" || now.state === "failed") && before.state !== now.state) {
    out.push(
      alertOf(`${now.state}:${series}:${event.date}`, now.state, series, {
        label,
        date: last.date,
        priorHigh: event.priorHigh,
        priorHighDate: event.priorHighDate,
        eventDate: event.date,
        ...(now.state === "failed" ? { pct: now.pctFromLevel } : {}),
      }),
    );
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
  const kind = next === "high" ? "altseason_high" : "altseason_low";
  const alert = alertOf(`${kind}:${date}`, kind, "ALTSEASON", {
    date,
    threshold: next === "high" ? ALTSEASON_HIGH : ALTSEASON_LOW,
    value: current.value,
    beat: current.outperformers.length,
    universe: current.universe,
    topN: current.topN,
    days: current.windowDays,
    windowEnd: current.windowEnd,
  });
  return { zone: next, alerts: [alert] };
}
