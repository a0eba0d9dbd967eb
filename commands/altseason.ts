// /altseason: the Altcoin Season Index (top 50 by market cap), ETH/BTC, and the altcoin market (TOTAL3) with its
// own record and breakouts vs IWM.

import { ratioSeries, ratioTrend } from "../src/core/altcoins/eth-btc.ts";
import { OTHERS_RANKS, othersFromRanking, segmentLabel } from "../src/core/altcoins/market-cap.ts";
import {
  latestSeasonIndex,
  type SeasonIndex,
  type SeasonInputs,
  seasonIndexAt,
  seasonIndexHistory,
  seasonReason,
} from "../src/core/altcoins/season-index.ts";
import {
  type CorrelationReport,
  correlationReport,
  type RecordReport,
  recordReport,
} from "../src/core/analytics/russell.ts";
import { resolveAsOf } from "../src/core/answers/as-of.ts";
import { definitionIn, RANGE_YEARS, type RangeChoice, TOTAL3 } from "../src/core/answers/catalog.ts";
import { buildAltseasonChart } from "../src/core/answers/chart-spec.ts";
import type { CommandContext, CommandDefinition } from "../src/core/answers/command.ts";
import { AS_OF_OPTION, RANGE_OPTION } from "../src/core/answers/common-options.ts";
import { alignedSeries } from "../src/core/answers/datasets.ts";
import {
  briefDataLine,
  chartFreshnessNote,
  chartSourceLine,
  dataEndsLine,
  freshnessNotes,
  notAdvice,
} from "../src/core/answers/format.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { loadRequired, loadSeasonInputs, tryLoad } from "../src/core/answers/market-views.ts";
import type { ReplySection } from "../src/core/answers/reply.ts";
import { addYears, daysBetween } from "../src/core/base/dates.ts";
import { barOnOrBefore, barsUntil } from "../src/core/base/series.ts";
import { describeSegments, segmentsUntil } from "../src/core/history/segments.ts";
import type { MarketOverview, SeriesData } from "../src/core/ports.ts";
import { altcoinSeriesJson, WEEKLY_RULE, WEEKLY_THRESHOLDS, windowEnd } from "./russell.ts";

/** "Altcoin Season Index 40/100 (neither; 90% interval 29-52): 20 of 50 top-50 altcoins ..." */
export function seasonIndexLine(index: SeasonIndex, asOf: string, l: Locale): string {
  if (index.value === null)
    return l.t("altseason.noIndex", {
      date: l.date(asOf),
      reason: seasonReason(index, l) ?? l.t("altseason.none"),
    });
  const interval = index.interval
    ? l.t("altseason.interval", { low: index.interval[0].toFixed(0), high: index.interval[1].toFixed(0) })
    : "";
  const members = l.t(`altseason.members.${index.method}`, {
    top: index.topN,
    date: l.date(index.membershipDate ?? "–"),
  });
  const fell = index.droppedOut.length > 0 ? l.t("altseason.fell", { count: index.droppedOut.length }) : "";
  return l.t("altseason.indexLine", {
    value: index.value,
    label: l.t(`altseason.label.${index.label}`),
    interval,
    beat: index.outperformers.length,
    universe: index.universe,
    members,
    fell,
    from: l.date(index.windowStart),
    to: l.date(index.windowEnd),
    days: index.windowDays,
  });
}

function total3Line(record: RecordReport, l: Locale): string {
  const b = record.breakout;
  const last =
    b.eventDate && b.levelDate
      ? l.t("altseason.lastBreakout", { date: l.date(b.eventDate), record: l.date(b.levelDate) })
      : ".";
  return l.t("altseason.total3", {
    id: TOTAL3.id,
    value: l.usd(record.index.close),
    date: l.date(record.index.date),
    state: l.t(`state.${b.state}`),
    pct: l.pct(record.pctFromAth),
    ath: l.usd(record.ath.close),
    athDate: l.date(record.ath.date),
    last,
  });
}

function othersLine(
  season: SeasonInputs,
  asOf: string,
  l: Locale,
): { line: string; date: string; usd: number } | null {
  const ranking = season.rankings.filter((r) => r.source === "cmc" && r.date <= asOf).at(-1);
  if (!ranking || daysBetween(ranking.date, asOf) > 31) return null;
  const value = othersFromRanking(ranking);
  if (value === null) return null;
  return {
    line: l.t("altseason.othersTv", {
      from: OTHERS_RANKS.from,
      to: OTHERS_RANKS.to,
      date: l.date(ranking.date),
      value: l.usd(value),
    }),
    date: ranking.date,
    usd: value,
  };
}

function correlationText(c: CorrelationReport, asOf: string, l: Locale): string {
  return l.t(c.unit === "week" ? "altseason.correlationWeekly" : "altseason.correlationDaily", {
    id: TOTAL3.id,
    end: windowEnd(c, asOf, l),
    r90: l.signed(c.w90.pearson),
    n90: c.w90.n,
    r250: l.signed(c.w250.pearson),
    n250: c.w250.n,
  });
}

function overviewLine(overview: MarketOverview | null, l: Locale): string | null {
  if (!overview?.available) return null;
  return l.t("altseason.now", {
    provider: overview.provider,
    at: `${l.date(overview.asOf.slice(0, 10))} ${overview.asOf.slice(11, 16)}`,
    stored: overview.freshness === "stored" ? l.t("altseason.lastGood") : "",
    alt: l.usd(overview.altMarketCapExBtcEthUsd),
    total: l.usd(overview.totalMarketCapUsd),
    btc: l.num(overview.btcDominancePct, 1),
    eth: l.num(overview.ethDominancePct, 1),
  });
}

/** Each series' last date; the alt closes grouped by where they end, since the index reads them. */
function dataEnds(
  all: readonly SeriesData[],
  closes: readonly SeriesData[],
  asOf: string,
  l: Locale,
): string {
  const lastOf = (s: SeriesData) => barsUntil(s.bars, asOf).at(-1)?.date ?? "–";
  const ends = all.map((s) => ({ label: s.id, lastDate: lastOf(s), why: s.source.endsBecause }));
  const byEnd = new Map<string, SeriesData[]>();
  for (const c of closes.filter((c) => c.id !== "ETH" && lastOf(c) !== "–"))
    byEnd.set(lastOf(c), [...(byEnd.get(lastOf(c)) ?? []), c]);
  for (const [lastDate, coins] of [...byEnd].sort(([a], [b]) => (a < b ? 1 : -1))) {
    ends.push({
      label: l.t("altseason.altCloses", { coins: coins.map((c) => c.id).join(", ") }),
      lastDate,
      why: coins[0]?.source.endsBecause,
    });
  }
  return dataEndsLine(ends, 7, l);
}

/** Everything the answer is made of, loaded and computed once. */
async function gather(context: CommandContext, date: string | undefined) {
  const btc = await loadRequired(context.market, "BTC");
  const altcoin = await loadRequired(context.market, TOTAL3.id);
  // The as-of date is the newest crypto close: every part of the answer says where its own data ends.
  const { asOf, requested, note: asOfNote } = resolveAsOf(btc, date, context.today, context.locale);
  const { inputs: season, coins: closes } = await loadSeasonInputs(context.market, btc);
  const iwm = await tryLoad(context.market, "IWM");
  const index = seasonIndexAt(season, asOf);
  const eth = closes.find((s) => s.id === "ETH");
  return {
    btc,
    altcoin,
    asOf,
    requested,
    asOfNote,
    season,
    closes,
    iwm,
    index,
    latest: index.value === null ? latestSeasonIndex(season, asOf) : null,
    ethBtc: eth ? ratioTrend(ratioSeries(barsUntil(eth.bars, asOf), barsUntil(btc.bars, asOf)), asOf) : null,
    record: recordReport(altcoin, asOf, WEEKLY_RULE, WEEKLY_THRESHOLDS),
    correlation: iwm.ok ? correlationReport(iwm.data.bars, altcoin.bars, asOf, "weekly") : null,
    iwmRecord: iwm.ok && barOnOrBefore(iwm.data.bars, asOf) ? recordReport(iwm.data, asOf) : null,
    // Current market caps describe now, so they are shown only for an answer about the latest data.
    overview:
      requested === null && context.market.getMarketOverview
        ? await context.market.getMarketOverview()
        : null,
    others: othersLine(season, asOf, context.locale),
    all: [altcoin, btc, ...(iwm.ok ? [iwm.data] : [])],
    context,
  };
}

type Facts = Awaited<ReturnType<typeof gather>>;

/** The answer's lines in the parts its buttons show. */
function answerParts(f: Facts) {
  const l = f.context.locale;
  const season = [seasonIndexLine(f.index, f.asOf, l)];
  if (f.latest)
    season.push(l.t("altseason.latest", { line: seasonIndexLine(f.latest, f.latest.windowEnd, l) }));
  const market: string[] = [];
  if (f.ethBtc)
    market.push(
      l.t("altseason.ethBtc", {
        value: l.num(f.ethBtc.value, 5),
        date: l.date(f.ethBtc.date),
        d30: l.pct(f.ethBtc.change30Pct),
        d90: l.pct(f.ethBtc.change90Pct),
        trend: l.t(`altseason.trend.${f.ethBtc.trend}`),
      }),
    );
  market.push(total3Line(f.record, l));
  if (f.iwmRecord)
    market.push(
      l.t("altseason.iwm", {
        state: l.t(`state.${f.iwmRecord.breakout.state}`),
        pct: l.pct(f.iwmRecord.pctFromAth),
        date: l.date(f.iwmRecord.ath.date),
      }),
    );
  if (f.correlation) market.push(correlationText(f.correlation, f.asOf, l));
  if (f.others) market.push(f.others.line);
  const now = overviewLine(f.overview, l);
  if (now) market.push(now);
  return { season, market, dataEnds: dataEnds(f.all, f.closes, f.asOf, l) };
}

type Parts = ReturnType<typeof answerParts>;

function answerLines(parts: Parts): string[] {
  return [...parts.season, ...parts.market, parts.dataEnds];
}

/** The notes in their parts: what the terms mean, and what is missing or not live. */
function noteParts(f: Facts) {
  const l = f.context.locale;
  const definitions = [
    l.t("altseason.defineIndex", { top: f.index.topN, min: f.index.minUniverse }),
    l.t("altseason.defineTotal3", {
      definition: definitionIn(TOTAL3, l),
      segments: describeSegments(
        segmentsUntil(f.altcoin.source.segments ?? [], f.record.index.date),
        "definition",
        l,
      ),
      weeks: WEEKLY_RULE.minSessionsSincePriorHigh,
    }),
    ...(f.altcoin.notes ?? []),
  ];
  const data: string[] = [];
  if (f.index.reason && f.index.value !== null)
    data.push(l.t("altseason.indexReason", { reason: seasonReason(f.index, l) ?? "" }));
  if (!f.iwm.ok) data.push(l.t("russell.unavailable", { id: "IWM", reason: f.iwm.missing.reason }));
  if (f.overview && !f.overview.available)
    data.push(l.t("altseason.noOverview", { provider: f.overview.provider, reason: f.overview.reason }));
  if (f.overview?.available && f.overview.note) data.push(`${f.overview.provider}: ${f.overview.note}.`);
  data.push(
    ...freshnessNotes(
      f.all.map((s) => s.source),
      l,
    ),
    notAdvice(l),
  );
  return { definitions, data };
}

type Notes = ReturnType<typeof noteParts>;

function answerNotes(f: Facts, notes: Notes): string[] {
  return [...(f.asOfNote ? [f.asOfNote] : []), ...notes.definitions, ...notes.data];
}

/** The index in a few words: "Altcoin Season Index 62/100 (neither) for 2025-10-01". */
function shortIndex(index: SeasonIndex, date: string, l: Locale): string {
  return l.t("altseason.short", {
    value: index.value ?? "–",
    label: l.t(`altseason.label.${index.label}`),
    date: l.date(date),
  });
}

/**
 * The short first answer: the season index (or the latest date with one), TOTAL3's state and distance from its
 * record, ETH/BTC's trend, and the data's source and date.
 */
function answerBrief(f: Facts): string[] {
  const l = f.context.locale;
  const index =
    f.index.value !== null
      ? `${shortIndex(f.index, f.asOf, l)}.`
      : f.latest
        ? l.t("altseason.briefLatest", {
            date: l.date(f.asOf),
            latest: shortIndex(f.latest, f.latest.windowEnd, l),
          })
        : l.t("altseason.briefNone", { date: l.date(f.asOf) });
  const b = f.record.breakout;
  const where =
    f.record.pctFromAth < 0
      ? l.t("altseason.briefFromRecord", { pct: l.pct(f.record.pctFromAth), ath: l.usd(f.record.ath.close) })
      : "";
  const total3 = l.t("altseason.briefTotal3", {
    id: TOTAL3.id,
    value: l.usd(f.record.index.close),
    date: l.date(f.record.index.date),
    state: l.t(`state.${b.state}`),
    where,
  });
  const ethBtc = f.ethBtc
    ? l.t("altseason.briefEthBtc", {
        value: l.num(f.ethBtc.value, 5),
        d90: l.pct(f.ethBtc.change90Pct),
        trend: l.t(`altseason.trend.${f.ethBtc.trend}`),
      })
    : null;
  const shown = [f.altcoin, f.btc].map((d) => ({
    source: d.source,
    lastDate: barsUntil(d.bars, f.asOf).at(-1)?.date ?? "–",
  }));
  return [index, total3, ...(ethBtc ? [ethBtc] : []), briefDataLine(shown, l)];
}

/** The whole answer in the parts its buttons show. */
function answerSections(f: Facts, parts: Parts, notes: Notes): ReplySection[] {
  const t = f.context.locale.t;
  return [
    { key: "season", title: t("section.season"), lines: parts.season },
    { key: "market", title: t("section.market"), lines: parts.market },
    { key: "definitions", title: t("section.definitions"), lines: notes.definitions },
    {
      key: "sources",
      title: t("section.sources"),
      lines: [parts.dataEnds, ...(f.asOfNote ? [f.asOfNote] : []), ...notes.data],
      withSources: true,
    },
  ];
}

/** The first date of the range shown, from the altcoin series' start for max. */
function rangeFrom(f: Facts, range: RangeChoice): string {
  const years = RANGE_YEARS[range];
  return years === null ? (f.altcoin.bars[0]?.date ?? f.asOf) : addYears(f.asOf, -years);
}

/** For the CSV export: TOTAL3, BTC and IWM closes of the range, and the season index every 7 days. */
function answerDatasets(f: Facts, range: RangeChoice) {
  const from = rangeFrom(f, range);
  const stem = `altseason-${f.asOf}`;
  const series = [f.altcoin, f.btc, ...(f.iwm.ok ? [f.iwm.data] : [])];
  const index = seasonIndexHistory(f.season, from, f.asOf, 7).map((p) => ({ date: p.date, close: p.value }));
  return [
    alignedSeries(`${stem}-series`, series, from, f.asOf),
    alignedSeries(
      `${stem}-season-index`,
      [{ id: "ASI", column: "altcoin_season_index", bars: index }],
      from,
      f.asOf,
    ),
  ];
}

function answerChart(f: Facts, range: RangeChoice) {
  if (!f.iwm.ok) return undefined;
  const { asOf, altcoin } = f;
  const from = rangeFrom(f, range);
  const locale = f.context.locale;
  const shownTo = (data: SeriesData) =>
    chartSourceLine(data.source, barsUntil(data.bars, asOf).at(-1)?.date ?? "–", locale);
  return buildAltseasonChart({
    altcoin: {
      id: TOTAL3.id,
      label: segmentLabel(TOTAL3.id, altcoin.source.segments ?? [], from, asOf, locale),
      bars: altcoin.bars,
      quoteLevel: true,
      frequency: "weekly",
      unit: "usd",
    },
    equity: { id: "IWM", label: "IWM", bars: f.iwm.data.bars },
    from,
    asOf,
    altcoinEvents: f.record.events,
    seasonIndex: seasonIndexHistory(f.season, from, asOf, 7),
    sources: [
      shownTo(altcoin),
      shownTo(f.iwm.data),
      locale.t("altseason.chartSource", { provider: f.btc.source.provider }),
    ],
    notes: [
      chartFreshnessNote(
        f.all.map((s) => s.source),
        locale,
      ),
    ],
    locale,
  });
}

function answerData(f: Facts) {
  const { record } = f;
  return {
    command: "altseason",
    asOf: f.asOf,
    requestedAsOf: f.requested,
    sources: f.all.map(({ source: s }) => ({
      series: s.series,
      provider: s.provider,
      lastDate: s.lastDate,
      freshness: s.freshness,
      ...(s.segments ? { segments: s.segments } : {}),
    })),
    altseasonIndex: f.index,
    latestAltseasonIndex: f.latest,
    ethBtc: f.ethBtc,
    others: altcoinSeriesJson(f.altcoin, f.asOf),
    othersTradingView: f.others && {
      date: f.others.date,
      marketCapUsd: f.others.usd,
      ranks: OTHERS_RANKS,
      frequency: "monthly",
    },
    altcoin: {
      series: TOTAL3.id,
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
    },
    iwm: f.iwmRecord && { index: f.iwmRecord.index, ath: f.iwmRecord.ath, breakout: f.iwmRecord.breakout },
    correlationWithIwm: f.correlation,
    marketOverview: f.overview,
  };
}

const altseason: CommandDefinition = {
  name: "altseason",
  // The answer depends only on its options, language, date and the data it reads: repeated ones are cached.
  pure: true,
  prepare: [[]],
  description: "Altcoin Season Index, ETH/BTC and the altcoin market (TOTAL3) vs IWM",
  options: [RANGE_OPTION, AS_OF_OPTION],
  async run(context, options) {
    const facts = await gather(context, options.date);
    const chart = answerChart(facts, options.range as RangeChoice);
    const parts = answerParts(facts);
    const noted = noteParts(facts);
    const lines = answerLines(parts);
    const notes = answerNotes(facts, noted);
    return {
      title: context.locale.t("altseason.title", { date: context.locale.date(facts.asOf) }),
      lines,
      ...(chart ? { chart } : {}),
      notes,
      brief: answerBrief(facts),
      sections: answerSections(facts, parts, noted),
      sources: facts.all.map((s) => s.source),
      data: answerData(facts),
      datasets: answerDatasets(facts, options.range as RangeChoice),
    };
  },
};

export default altseason;
