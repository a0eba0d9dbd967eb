// Breakout alerts: what happened on the latest session that a subscribed channel should hear about.
// Each alert carries a key that names the underlying event, so the delivery ledger can send it once.
import { ALTSEASON_HIGH, ALTSEASON_LOW, type SeasonIndex } from "../altcoins/season-index.ts";
import { classifyBreakoutState, findBreakoutEvents } from "../analytics/breakouts.ts";
import { figuresIn, fill, type Locale, phrasebook } from "../answers/locale.ts";
import { level, signedPct } from "../answers/numbers.ts";
import { daysBetween, type IsoDate } from "../base/dates.ts";
import type { Bar } from "../base/series.ts";
import { type NetLiquidityNow, weekKnownFrom } from "../liquidity/net-liquidity.ts";

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
  liquidity_regime:
    "Fed net liquidity turned {{regime}} (it was {{previousRegime}}): {{pct}} over 13 weeks to Wednesday {{eventDate}}, published {{date}} (FRED H.4.1: WALCL - WTREGEN - RRPONTSYD).",
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
  /** A liquidity regime alert: the regime now and the one before (the words of core/liquidity). */
  readonly regime?: string;
  readonly previousRegime?: string;
}

export type AlertKind =
  | "breakout"
  | "retest"
  | "failed"
  | "new_ath"
  | "altseason_high"
  | "altseason_low"
  | "liquidity_regime";

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
  const regimeWord = (r: string | undefined) =>
    r === undefined ? undefined : locale.t(`liquidity.regime.${r}`);
  const vars = figuresIn(
    locale,
    { ...f, regime: regimeWord(f.regime), previousRegime: regimeWord(f.previousRegime) },
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

/**
 * Where Fed net liquidity's regime stands for alerting: the last week evaluated, the last regime that was not
 * flat (a flat stretch between two expanding weeks is no change), and the day the last such alert was raised.
 */
export interface LiquidityCheck {
  readonly week: IsoDate;
  readonly regime: "expanding" | "contracting" | null;
  readonly alertedOn: IsoDate | null;
}

/** A chat hears of a liquidity regime change at most once in this many days. */
export const LIQUIDITY_ALERT_EVERY_DAYS = 7;

/**
 * The regime-change alert (expanding to contracting, or back) for the weeks published by `today` since `check`:
 * the first check only records where it starts; after a downtime with several changes, only the latest is news.
 */
export function liquidityRegimeAlerts(
  weeks: readonly NetLiquidityNow[],
  check: LiquidityCheck | null,
  today: IsoDate,
): { check: LiquidityCheck; alerts: AlertEvent[] } {
  const published = weeks.filter((w) => weekKnownFrom(w.week) <= today);
  const latest = published.at(-1);
  if (!latest) return { check: check ?? { week: "", regime: null, alertedOn: null }, alerts: [] };
  const sticky = (regime: NetLiquidityNow["regime"], before: LiquidityCheck["regime"]) =>
    regime === "expanding" || regime === "contracting" ? regime : before;
  if (!check) {
    const regime = published.reduce<LiquidityCheck["regime"]>((r, w) => sticky(w.regime, r), null);
    return { check: { week: latest.week.date, regime, alertedOn: null }, alerts: [] };
  }
  let regime = check.regime;
  let change: { week: NetLiquidityNow; from: "expanding" | "contracting" } | null = null;
  for (const w of published.filter((x) => x.week.date > check.week)) {
    const next = sticky(w.regime, regime);
    if (regime !== null && next !== regime) change = { week: w, from: regime };
    regime = next;
  }
  const due = check.alertedOn === null || daysBetween(check.alertedOn, today) >= LIQUIDITY_ALERT_EVERY_DAYS;
  if (!change || !due || regime === null) {
    return { check: { week: latest.week.date, regime, alertedOn: check.alertedOn }, alerts: [] };
  }
  const { week, from } = change;
  const alert = alertOf(`liquidity_regime:${week.week.date}`, "liquidity_regime", "NET_LIQUIDITY", {
    date: weekKnownFrom(week.week),
    eventDate: week.week.date,
    pct: week.change13wPct,
    regime,
    previousRegime: from,
  });
  return { check: { week: latest.week.date, regime, alertedOn: today }, alerts: [alert] };
}
