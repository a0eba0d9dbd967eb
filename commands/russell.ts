// /russell: where the Russell 2000 stands against its record, what crypto did after earlier breakouts,
// and how closely the two move now.
import { segmentLabel } from "../src/core/altcoins/market-cap.ts";
import { FORWARD_KEYS, type ForwardKey } from "../src/core/analytics/analogs.ts";
import {
  MIN_EVENTS_FOR_TEST,
  PERMUTATION_DRAWS,
  type SummaryKey,
  type TestedSummary,
} from "../src/core/analytics/baseline.ts";
import {
  type BreakoutRule,
  type BreakoutStateName,
  DEFAULT_BREAKOUT_RULE,
  DEFAULT_STATE_THRESHOLDS,
  type StateThresholds,
} from "../src/core/analytics/breakouts.ts";
import { LEAD_LAG_FREQUENCIES } from "../src/core/analytics/lead-lag.ts";
import { offThreadFirst } from "../src/core/analytics/off-thread.ts";
import { type Analog, type CorrelationReport, recordReport } from "../src/core/analytics/russell.ts";
import {
  type IndexVariant,
  type SensitivityRow,
  sensitivityLine,
} from "../src/core/analytics/sensitivity.ts";
import { pValueText, SIGNIFICANCE, testedFigure, testedVerdict } from "../src/core/answers/analog-text.ts";
import { resolveAsOf } from "../src/core/answers/as-of.ts";
import {
  ASSET_CHOICES,
  type AssetChoice,
  CHOICE_LABELS,
  definitionIn,
  INDEX_CHOICES,
  type IndexChoice,
  RANGE_YEARS,
  type RangeChoice,
  type SeriesInfo,
  TOTAL3,
} from "../src/core/answers/catalog.ts";
import { buildRussellChart } from "../src/core/answers/chart-spec.ts";
import type { CommandDefinition, ReplyTable } from "../src/core/answers/command.ts";
import { AS_OF_OPTION, RANGE_OPTION } from "../src/core/answers/common-options.ts";
import { alignedSeries, analogDataset } from "../src/core/answers/datasets.ts";
import {
  briefDataLine,
  chartFreshnessNote,
  chartSourceLine,
  dataEndsLine,
  freshnessNotes,
  notAdvice,
} from "../src/core/answers/format.ts";
import { liquidityCondition, liquidityLine } from "../src/core/answers/liquidity-condition.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { loadMany, loadRequired } from "../src/core/answers/market-views.ts";
import type { ReplySection } from "../src/core/answers/reply.ts";
import { addYears } from "../src/core/base/dates.ts";
import { barOnOrBefore, barsUntil } from "../src/core/base/series.ts";
import { caveatJson, caveatLines, caveatLinesAsOf } from "../src/core/evidence/evidence.ts";
import { describeSegments, segmentsUntil } from "../src/core/history/segments.ts";
import type { MarketData, OffThread, SeriesData } from "../src/core/ports.ts";

/** The breakout rule and state thresholds on a weekly series: the daily ones' sessions in weeks (5 per week). */
export const WEEKLY_RULE: BreakoutRule = {
  minSessionsSincePriorHigh: Math.ceil(DEFAULT_BREAKOUT_RULE.minSessionsSincePriorHigh / 5),
};
export const WEEKLY_THRESHOLDS: StateThresholds = {
  ...DEFAULT_STATE_THRESHOLDS,
  recentSessions: Math.ceil(DEFAULT_STATE_THRESHOLDS.recentSessions / 5),
};

/** JSON `others`: what the altcoin series is, how often it is measured and the dates it covers to the as-of date. */
export function altcoinSeriesJson(altcoin: SeriesData, asOf: string) {
  const shown = barsUntil(altcoin.bars, asOf);
  return {
    name: altcoin.id,
    definition: TOTAL3.definition,
    frequency: altcoin.frequency ?? "daily",
    from: shown[0]?.date ?? null,
    to: shown.at(-1)?.date ?? null,
    segments: segmentsUntil(altcoin.source.segments ?? [], shown.at(-1)?.date ?? asOf),
    notes: altcoin.notes ?? [],
  };
}

export const STATE_WORDS: Record<BreakoutStateName, string> = {
  new_ath: "NEW ALL-TIME HIGH",
  breakout: "BREAKOUT",
  retest: "RETEST of the old record",
  failed: "FAILED BREAKOUT",
  below_ath: "BELOW ITS RECORD",
};

const HORIZON_LABELS: Record<ForwardKey, string> = {
  d30: "30d",
  d90: "90d",
  d180: "180d",
  d365: "365d",
  max180: "max180",
};
const ANALOG_ROWS_SHOWN = 6;

/** " to 2025-09-29 (…)" when the returns end before the date the answer is about, else "". */
export function windowEnd(c: CorrelationReport, asOf: string, l: Locale, explain = true): string {
  if (!c.endDate || c.endDate >= asOf) return "";
  const date = l.date(c.endDate);
  if (!explain) return l.t("russell.windowTo", { date });
  return l.t(c.unit === "week" ? "russell.windowToWeek" : "russell.windowToSession", { date });
}

export function correlationLine(
  indexLabel: string,
  assetLabel: string,
  c: CorrelationReport,
  asOf: string,
  l: Locale,
): string {
  const w = (name: string, x: CorrelationReport["w30"]) => `${name} ${l.signed(x.pearson)} (n=${x.n})`;
  const weekly = c.unit === "week";
  return l.t(weekly ? "russell.correlationWeekly" : "russell.correlationDaily", {
    index: indexLabel,
    asset: assetLabel,
    end: windowEnd(c, asOf, l),
    values: `${w("30", c.w30)}, ${w("90", c.w90)}, ${w("250", c.w250)}`,
    spearman: l.signed(c.w250.spearman),
  });
}

/** One line: a lead or lag only where the robust family-wise test finds one; the same-session r for the record. */
export function leadLagLine(
  indexLabel: string,
  assetLabel: string,
  c: CorrelationReport,
  asOf: string,
  l: Locale,
): string {
  const found: string[] = [];
  const strongest: string[] = [];
  const unitWord = (unit: string, k: number) => l.t(`russell.unit.${unit}${k === 1 ? "" : "s"}`);
  for (const f of LEAD_LAG_FREQUENCIES) {
    const t = c.leadLag[f.name];
    if (t.bestLag === null || t.pValue === null) continue;
    const k = Math.abs(t.bestLag);
    const [lead, lag] = t.bestLag > 0 ? [indexLabel, assetLabel] : [assetLabel, indexLabel];
    const who = l.t("russell.leads", { lead, lag, k, units: unitWord(f.unit, k) });
    const figure = l.t("russell.leadFigure", {
      frequency: l.t(`russell.frequency.${f.name}`),
      who,
      r: l.signed(t.rho),
      n: t.n,
      p: pValueText(t.pValue, l),
    });
    (t.significant ? found : strongest).push(figure);
  }
  const weekly = c.unit === "week";
  const same = (weekly ? c.leadLag.weekly : c.leadLag.daily).sameTime;
  const tail = l.t(weekly ? "russell.sameWeek" : "russell.sameSession", { r: l.signed(same.rho), n: same.n });
  const tested = LEAD_LAG_FREQUENCIES.filter((f) => !(weekly && f.name === "daily"));
  const window = l.t("russell.lastWindows", {
    windows: tested.map((f) => `${f.window} ${unitWord(f.unit, f.window)}`).join(" / "),
    end: windowEnd(c, asOf, l, false),
  });
  if (found.length > 0) return l.t("russell.leadFound", { window, found: found.join("; "), tail });
  if (strongest.length === 0) return l.t("russell.leadUntestable");
  return l.t("russell.leadNone", { window, strongest: strongest.join("; "), tail });
}

export function analogTable(
  caption: string,
  analogs: readonly Analog[],
  assetId: string,
  summary: Record<ForwardKey, TestedSummary>,
  l: Locale,
  weekly = false,
): ReplyTable {
  const shown = analogs.slice(-ANALOG_ROWS_SHOWN);
  const pct = (value: number | null) => l.pct(value, 0);
  const rows = shown.map((a) => [
    a.eventDate,
    ...FORWARD_KEYS.map((k) => pct(a.forward[assetId]?.[k] ?? null)),
  ]);
  const row = (name: string) => l.t(`russell.table.${name}`);
  rows.push([row("median"), ...FORWARD_KEYS.map((k) => pct(summary[k].median))]);
  rows.push(["q1", ...FORWARD_KEYS.map((k) => pct(summary[k].q1))]);
  rows.push(["q3", ...FORWARD_KEYS.map((k) => pct(summary[k].q3))]);
  rows.push(["n", ...FORWARD_KEYS.map((k) => String(summary[k].n))]);
  rows.push([row("shareUp"), ...FORWARD_KEYS.map((k) => l.share(summary[k].sharePositive))]);
  rows.push([
    row(weekly ? "anyWeek" : "anyDay"),
    ...FORWARD_KEYS.map((k) => pct(summary[k].baseline.median)),
  ]);
  rows.push([
    "p",
    ...FORWARD_KEYS.map((k) => {
      const p = summary[k].pValue;
      return p === null ? "–" : l.num(p, 2);
    }),
  ]);
  const more =
    analogs.length > shown.length
      ? l.t("russell.table.more", { shown: shown.length, all: analogs.length })
      : "";
  return {
    caption: `${caption}${more}`,
    header: [row("event"), ...FORWARD_KEYS.map((k) => HORIZON_LABELS[k])],
    rows,
  };
}

interface AnalogParts {
  /** The vs asset's 365-day median with its verdict. */
  readonly vs: string | null;
  readonly sensitivity: string | null;
  readonly others: readonly string[];
}

/** The after-breakout lines: the vs asset's 365-day median with its verdict, the rule sensitivity, the others. */
function analogParts(
  indexId: string,
  vsId: string,
  otherIds: readonly string[],
  summary: Readonly<Record<string, Record<SummaryKey, TestedSummary>>>,
  sensitivity: readonly SensitivityRow[],
  l: Locale,
): AnalogParts {
  const s = summary[vsId]?.d365;
  const vs = s
    ? l.t("russell.vsAfter", {
        asset: vsId,
        index: indexId,
        figure: testedFigure(s, "d365", l),
        verdict: s.n > 0 ? `: ${testedVerdict(s, "d365", l)}` : "",
      })
    : null;
  const others = otherIds.flatMap((id) => {
    const o = summary[id];
    return o
      ? [
          l.t("russell.othersAfter", {
            asset: id,
            d90: testedFigure(o.d90, "d90", l),
            d365: testedFigure(o.d365, "d365", l),
          }),
        ]
      : [];
  });
  return { vs, sensitivity: sensitivityLine(sensitivity, [vsId, ...otherIds], l) || null, others };
}

/** The event rule's sensitivity: every gap on the main series, and on its quoted-price twin where one is had. */
async function sensitivityFor(
  market: MarketData,
  info: SeriesInfo,
  index: SeriesData,
  assets: readonly SeriesData[],
  asOf: string,
  off: OffThread | undefined,
): Promise<{ rows: SensitivityRow[] }> {
  const variants: IndexVariant[] = [{ basis: info.priceId ? "total_return" : "price", bars: index.bars }];
  if (info.priceId) {
    const price = await market.getSeries(info.priceId).catch(() => null);
    if (price) variants.push({ basis: "price", bars: price.bars });
  }
  return { rows: await offThreadFirst(off, "sensitivity", [variants, assets, asOf]) };
}

type RussellOptions = Parameters<CommandDefinition["run"]>[1];
type Context = Parameters<CommandDefinition["run"]>[0];

/** Everything the answer is made of, loaded and computed once. */
async function gather(context: Context, options: RussellOptions) {
  const indexInfo = INDEX_CHOICES[options.index as IndexChoice];
  const vsInfo = ASSET_CHOICES[options.vs as AssetChoice];
  const range = options.range as RangeChoice;
  const index = await loadRequired(context.market, indexInfo.id);
  const { asOf, requested, note: asOfNote } = resolveAsOf(index, options.date, context.today, context.locale);
  const assetIds = [...new Set([vsInfo.id, "BTC", "ETH", TOTAL3.id])];
  const { found: assets, missing } = await loadMany(context.market, assetIds);
  const vsData = assets.find((a) => a.id === vsInfo.id);
  const record = recordReport(index, asOf);
  // The statistics at once, off the main thread where the app has workers (each kept per data version).
  const off = context.offThread;
  const [{ analogs, summary }, sensitivity, correlation] = await Promise.all([
    offThreadFirst(off, "analogs", [record.events, assets, asOf, index.bars]),
    sensitivityFor(context.market, indexInfo, index, assets, asOf, off),
    vsData
      ? offThreadFirst(off, "correlation", [index.bars, vsData.bars, asOf, vsData.frequency ?? "daily"])
      : null,
  ]);
  const years = RANGE_YEARS[range];
  const from = years === null ? (index.bars[0]?.date ?? asOf) : addYears(asOf, -years);
  const caveats = context.evidence ? await context.evidence.getCaveats(context.today) : [];
  const othersData = assets.find((a) => a.id === TOTAL3.id);
  const liquidity = context.liquidity
    ? await liquidityCondition(context.liquidity, analogs, assets, index.bars, asOf, off).catch(() => null)
    : null;
  const indexChange = rangeChange(index.bars, from, asOf, record.index.date);
  const vsChange = vsData ? rangeChange(vsData.bars, from, asOf, record.index.date) : NO_CHANGE;
  return {
    ...{ context, indexInfo, vsInfo, range, index, asOf, requested, asOfNote, assets, missing, vsData },
    ...{ record, analogs, summary, sensitivity, correlation, from, caveats, othersData },
    ...{ indexChange, vsChange, liquidity },
  };
}
type Facts = Awaited<ReturnType<typeof gather>>;

interface RangeChange {
  readonly pct: number | null;
  readonly since: string | null;
  readonly until: string | null;
}
const NO_CHANGE: RangeChange = { pct: null, since: null, until: null };

/** Change over the range; a series that starts inside the range is measured from its start, and says so. */
function rangeChange(bars: SeriesData["bars"], from: string, asOf: string, indexDate: string): RangeChange {
  const a = barOnOrBefore(bars, from) ?? bars[0];
  const b = barOnOrBefore(bars, asOf);
  if (!a || !b || a.date > b.date) return NO_CHANGE;
  return {
    pct: (b.close / a.close - 1) * 100,
    since: a.date > from ? a.date : null,
    until: b.date < indexDate ? b.date : null,
  };
}

function describeChange(id: string, c: RangeChange, l: Locale): string {
  const span = [
    c.since ? l.t("russell.sinceStart", { date: l.date(c.since) }) : null,
    c.until ? l.t("russell.toLastClose", { date: l.date(c.until) }) : null,
  ].filter(Boolean);
  return `${id} ${l.pct(c.pct)}${span.length > 0 ? ` (${span.join("; ")})` : ""}`;
}

/** The breakout state, the index's close and where it stands against the old record and the high. */
function statusLine(record: Facts["record"], label: string, l: Locale): string {
  const b = record.breakout;
  const ath = l.t("russell.ath", { level: l.level(record.ath.close), date: l.date(record.ath.date) });
  const levelText =
    b.level !== null && b.eventDate && b.levelDate
      ? l.t("russell.oldRecord", {
          level: l.level(b.level),
          date: l.date(b.levelDate),
          broken: l.date(b.eventDate),
        })
      : null;
  const vsLevel = (end: string) =>
    l.t("russell.vsLevel", { pct: l.pct(b.pctFromLevel), level: levelText ?? "", end });
  const fromAth = (key: string) => l.t(key, { pct: l.pct(record.pctFromAth), ath });
  let status = l.t("russell.closed", {
    state: l.t(`state.${b.state}`),
    index: label,
    close: l.level(record.index.close),
    date: l.date(record.index.date),
  });
  if (b.state === "new_ath" || b.state === "breakout") {
    status += levelText ? vsLevel(".") : ".";
    if (b.state === "breakout" && record.pctFromAth < 0) status += ` ${fromAth("russell.fromTheAth")}.`;
  } else if ((b.state === "retest" || b.state === "failed") && levelText) {
    status += vsLevel(`; ${fromAth("russell.fromTheAth")}.`);
  } else {
    status += `, ${fromAth("russell.fromItsAth")}.`;
    const last = record.events.at(-1)?.date;
    if (last) status += ` ${l.t("russell.lastBreakout", { date: l.date(last) })}`;
  }
  return status;
}

function rangeLine(f: Facts): string {
  const l = f.context.locale;
  return l.t("russell.over", {
    range: f.range === "max" ? l.t("russell.fullHistory") : f.range,
    date: l.date(f.asOf),
    index: describeChange(f.index.id, f.indexChange, l),
    vs: describeChange(f.vsInfo.id, f.vsChange, l),
  });
}

function correlationLines(f: Facts): string[] {
  const { index, vsInfo, record, correlation } = f;
  if (!correlation) return [];
  const l = f.context.locale;
  return [
    correlationLine(index.id, vsInfo.id, correlation, record.index.date, l),
    leadLagLine(index.id, vsInfo.id, correlation, record.index.date, l),
  ];
}

function analogsOf(f: Facts): AnalogParts {
  const others = f.assets.filter((a) => a.id !== f.vsInfo.id).map((o) => o.id);
  return analogParts(f.index.id, f.vsInfo.id, others, f.summary, f.sensitivity.rows, f.context.locale);
}

function dataEnds(f: Facts): string {
  return dataEndsLine(
    [f.index, ...f.assets].map((s) => ({
      label: s.id,
      lastDate: barsUntil(s.bars, f.asOf).at(-1)?.date ?? "–",
      why: s.source.endsBecause,
    })),
    7,
    f.context.locale,
  );
}

/** The texts computed once per answer and shown in several places (the lines, the notes, the parts). */
interface Parts {
  readonly analogs: AnalogParts;
  readonly notes: ReturnType<typeof noteParts>;
}

function answerLines(f: Facts, { analogs: a }: Parts): string[] {
  return [
    statusLine(f.record, f.indexInfo.label, f.context.locale),
    rangeLine(f),
    ...correlationLines(f),
    ...(a.vs ? [a.vs] : []),
    ...(a.sensitivity ? [a.sensitivity] : []),
    ...a.others,
    dataEnds(f),
  ];
}

/** The notes in their parts: what the terms mean, what is missing or not live, the caveats. */
function noteParts(f: Facts) {
  const { record, index, asOf, othersData, caveats } = f;
  const l = f.context.locale;
  const b = record.breakout;
  const definitions = [
    l.t("russell.defineBreakout", {
      sessions: record.rule.minSessionsSincePriorHigh,
      events: record.events.length,
      since: l.date(index.bars[0]?.date ?? asOf),
      recent: b.thresholds.recentSessions,
      band: b.thresholds.retestBandPct,
      fail: b.thresholds.failBelowPct,
    }),
    `${f.indexInfo.label}: ${definitionIn(f.indexInfo, l)}.`,
  ];
  if (othersData) {
    const shownTo = barsUntil(othersData.bars, asOf).at(-1)?.date ?? asOf;
    definitions.push(
      l.t("russell.defineOthers", {
        definition: definitionIn(TOTAL3, l),
        segments: describeSegments(segmentsUntil(othersData.source.segments ?? [], shownTo), "definition", l),
      }),
      ...(othersData.notes ?? []),
    );
  }
  definitions.push(
    l.t("russell.defineForward"),
    l.t("russell.defineBaseline", {
      date: l.date(asOf),
      draws: l.num(PERMUTATION_DRAWS),
      significance: l.num(SIGNIFICANCE, 2),
      min: MIN_EVENTS_FOR_TEST,
    }),
  );
  const data = [
    ...f.missing.map((m) => l.t("russell.unavailable", { id: m.id, reason: m.reason })),
    ...freshnessNotes(
      [index, ...f.assets].map((s) => s.source),
      l,
    ),
  ];
  const liquidityNote = f.liquidity ? liquidityLine(f.liquidity, f.vsInfo.id, l) : null;
  const caveatNotes = [
    ...(liquidityNote ? [liquidityNote] : []),
    ...(caveats.length === 0
      ? []
      : f.requested === null
        ? [l.t("russell.caveatsNow", { date: l.date(f.context.today) }), ...caveatLines(caveats, l)]
        : // An answer about a past date carries only what was known then.
          [
            l.t("russell.caveatsThen", { date: l.date(asOf) }),
            ...caveatLinesAsOf(caveats, asOf, undefined, l),
          ]),
  ];
  return { definitions, data, caveats: [...caveatNotes, notAdvice(l)] };
}

function answerNotes(f: Facts, { notes }: Parts): string[] {
  return [...(f.asOfNote ? [f.asOfNote] : []), ...notes.definitions, ...notes.data, ...notes.caveats];
}

/** The plain verdict on a 365-day median, in the chat's language. */
function verdictKey(s: TestedSummary): string {
  if (s.pValue === null) return "verdict.tooFew";
  if (s.pValue >= SIGNIFICANCE) return "verdict.noDifferent";
  return (s.median ?? 0) > (s.baseline.median ?? 0) ? "verdict.above" : "verdict.below";
}

/**
 * The short first answer, in the chat's language: "BELOW ITS RECORD: RUT 3,017.87 on 2026-08-21, -1.6% from its
 * record 3,068.42 (2026-08-14).", the vs asset's 365-day median after breakouts beside any 365 days with n and
 * one verdict, and the data's source and date.
 */
function answerBrief(f: Facts): string[] {
  const { record, vsInfo, index } = f;
  const l = f.context.locale;
  const b = record.breakout;
  const state = l.t(`state.${b.state}`);
  const close = l.t("brief.close", {
    index: index.id,
    close: l.level(record.index.close),
    date: l.date(record.index.date),
  });
  const fromRecord = l.t("brief.fromRecord", {
    pct: l.pct(record.pctFromAth),
    ath: l.level(record.ath.close),
    athDate: l.date(record.ath.date),
  });
  const againstLevel = b.state !== "below_ath" && b.level !== null;
  const status = againstLevel
    ? l.t(record.pctFromAth < 0 ? "brief.statusLevelBelow" : "brief.statusLevel", {
        state,
        close,
        pct: l.pct(b.pctFromLevel),
        level: l.level(b.level ?? 0),
        fromRecord,
      })
    : l.t("brief.status", { state, close, fromRecord });
  const s = f.summary[vsInfo.id]?.d365;
  const analog =
    s && s.n > 0 && s.median !== null
      ? l.t("brief.analog", {
          asset: vsInfo.id,
          n: s.n,
          median: l.pct(s.median, 0),
          baseline: l.pct(s.baseline.median, 0),
          verdict: l.t(verdictKey(s)),
        })
      : l.t("brief.noAnalog", { asset: vsInfo.id });
  const shown = [index, ...(f.vsData ? [f.vsData] : [])].map((d) => ({
    source: d.source,
    lastDate: barsUntil(d.bars, f.asOf).at(-1)?.date ?? "–",
  }));
  return [status, analog, briefDataLine(shown, l)];
}

/** The whole answer in the parts its buttons show. */
function answerSections(
  f: Facts,
  { analogs: a, notes }: Parts,
  table: ReplyTable | undefined,
  chartNote: string | null,
): ReplySection[] {
  const t = f.context.locale.t;
  return [
    {
      key: "analogs",
      title: t("section.analogs"),
      lines: a.vs ? [a.vs] : [],
      ...(table ? { table } : {}),
      after: a.others,
    },
    { key: "correlation", title: t("section.correlation"), lines: [rangeLine(f), ...correlationLines(f)] },
    {
      key: "sensitivity",
      title: t("section.sensitivity"),
      lines: [a.sensitivity ?? t("russell.noSensitivity")],
    },
    { key: "definitions", title: t("section.definitions"), lines: notes.definitions },
    { key: "caveats", title: t("section.caveats"), lines: notes.caveats },
    {
      key: "sources",
      title: t("section.sources"),
      lines: [
        statusLine(f.record, f.indexInfo.label, f.context.locale),
        dataEnds(f),
        ...(f.asOfNote ? [f.asOfNote] : []),
        ...(chartNote ? [chartNote] : []),
        ...notes.data,
      ],
      withSources: true,
    },
  ];
}

function answerChart(f: Facts) {
  const { index, vsData, vsInfo, from, asOf } = f;
  if (!vsData) return { chart: undefined, note: null };
  if ((barsUntil(vsData.bars, asOf).at(-1)?.date ?? "") < from)
    return {
      chart: undefined,
      note: f.context.locale.t("russell.noChart", {
        asset: vsData.id,
        from: f.context.locale.date(from),
        to: f.context.locale.date(asOf),
      }),
    };
  const locale = f.context.locale;
  const shownTo = (data: SeriesData) =>
    chartSourceLine(data.source, barsUntil(data.bars, asOf).at(-1)?.date ?? "–", locale);
  const chart = buildRussellChart({
    index: { id: index.id, label: f.indexInfo.label, bars: index.bars },
    asset: {
      id: vsData.id,
      label: vsData.source.segments
        ? segmentLabel(vsData.id, vsData.source.segments, from, asOf, locale)
        : vsInfo.label,
      bars: vsData.bars,
      quoteLevel: vsInfo.kind !== "derived",
      frequency: vsData.frequency ?? "daily",
    },
    from,
    asOf,
    events: f.record.events,
    sources: [shownTo(index), shownTo(vsData)],
    notes: [chartFreshnessNote([index.source, vsData.source], locale)],
    locale,
  });
  return { chart, note: null };
}

function answerTable(f: Facts): ReplyTable | undefined {
  const { vsData, vsInfo } = f;
  if (!vsData) return undefined;
  return analogTable(
    f.context.locale.t("russell.table.caption", { asset: vsInfo.id, index: f.index.id }),
    f.analogs,
    vsInfo.id,
    f.summary[vsInfo.id] as Record<ForwardKey, TestedSummary>,
    f.context.locale,
    vsData.frequency === "weekly",
  );
}

/** The aligned daily closes of the chart's range and the analog table, for the CSV export. */
function answerDatasets(f: Facts) {
  const stem = `russell-${f.index.id}-${f.vsInfo.id}-${f.asOf}`.toLowerCase();
  const shown = f.vsData ? [f.index, f.vsData] : [f.index];
  const assets = [f.vsInfo.id, ...f.assets.map((a) => a.id).filter((id) => id !== f.vsInfo.id)];
  return [
    alignedSeries(`${stem}-series`, shown, f.from, f.asOf),
    analogDataset(`${stem}-analogs`, f.analogs, assets),
  ];
}

function answerData(f: Facts, sources: readonly SeriesData["source"][]) {
  const { record, asOf, vsInfo, othersData } = f;
  return {
    command: "russell",
    asOf,
    requestedAsOf: f.requested,
    range: {
      choice: f.range,
      from: f.from,
      indexChangePct: f.indexChange.pct,
      vsChangePct: f.vsChange.pct,
      vsChangeSince: f.vsChange.since ?? f.from,
      vsChangeUntil: f.vsChange.until ?? record.index.date,
    },
    sources: sources.map((s) => ({
      series: s.series,
      provider: s.provider,
      lastDate: s.lastDate,
      freshness: s.freshness,
    })),
    index: record.index,
    ath: record.ath,
    pctFromAth: record.pctFromAth,
    breakout: record.breakout,
    rule: record.rule,
    events: record.events.map((e) => ({
      date: e.date,
      close: e.close,
      priorHighDate: e.priorHighDate,
      priorHigh: e.priorHigh,
    })),
    analogs: f.analogs,
    analogSummary: f.summary,
    sensitivity: f.sensitivity.rows,
    correlation: f.correlation && { vs: vsInfo.id, ...f.correlation },
    definitions: { index: f.indexInfo.definition, vs: vsInfo.definition },
    ...(vsInfo.id === TOTAL3.id && othersData ? { others: altcoinSeriesJson(othersData, asOf) } : {}),
    missing: f.missing,
    caveats: (f.requested === null ? f.caveats : f.caveats.filter((c) => c.asOf <= asOf)).map(caveatJson),
    // The regime known at the as-of date, and the analogs by the regime known on each event's date.
    liquidity: f.liquidity?.liquidity ?? null,
    analogsByLiquidity: f.liquidity?.analogsByLiquidity ?? null,
  };
}

const russell: CommandDefinition = {
  name: "russell",
  // The answer depends only on its options, language, date and the data it reads: repeated ones are cached.
  pure: true,
  // Each index's statistics (its events and the baseline populations of BTC, ETH and the altcoin series), done
  // when the data change: any variant a member asks then shares them.
  prepare: [[], ["index:iwm"], ["index:value"]],
  description: "Russell 2000 breakout status vs BTC, ETH or altcoins, with past analogs and correlation",
  options: [
    {
      kind: "choice",
      name: "index",
      description: "Russell series",
      choices: Object.keys(INDEX_CHOICES),
      default: "rut",
      labels: CHOICE_LABELS.index,
    },
    {
      kind: "choice",
      name: "vs",
      description: "Compare with",
      choices: Object.keys(ASSET_CHOICES),
      default: "btc",
      labels: CHOICE_LABELS.vs,
    },
    RANGE_OPTION,
    AS_OF_OPTION,
  ],
  async run(context, options) {
    const facts = await gather(context, options);
    const parts: Parts = { analogs: analogsOf(facts), notes: noteParts(facts) };
    const notes = answerNotes(facts, parts);
    const { chart, note } = answerChart(facts);
    if (note) notes.unshift(note);
    const table = answerTable(facts);
    const sources = [facts.index, ...facts.assets].map((s) => s.source);
    return {
      title: context.locale.t("russell.title", {
        index: facts.indexInfo.label,
        vs: facts.vsInfo.label,
        date: context.locale.date(facts.asOf),
      }),
      lines: answerLines(facts, parts),
      ...(table ? { table } : {}),
      ...(chart ? { chart } : {}),
      notes,
      sources,
      data: answerData(facts, sources),
      datasets: answerDatasets(facts),
      brief: answerBrief(facts),
      sections: answerSections(facts, parts, table, note ?? null),
    };
  },
};

export default russell;
