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
} from "../src/core/altcoins/season-index.ts";
import {
  type CorrelationReport,
  correlationReport,
  type RecordReport,
  recordReport,
} from "../src/core/analytics/russell.ts";
import { resolveAsOf } from "../src/core/answers/as-of.ts";
import { RANGE_YEARS, type RangeChoice, TOTAL3 } from "../src/core/answers/catalog.ts";
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
  NOT_ADVICE,
  signed,
  signedPct,
  usd,
} from "../src/core/answers/format.ts";
import { loadRequired, loadSeasonInputs, tryLoad } from "../src/core/answers/market-views.ts";
import type { ReplySection } from "../src/core/answers/reply.ts";
import { addYears, daysBetween } from "../src/core/base/dates.ts";
import { barOnOrBefore, barsUntil } from "../src/core/base/series.ts";
import { describeSegments, segmentsUntil } from "../src/core/history/segments.ts";
import type { MarketOverview, SeriesData } from "../src/core/ports.ts";
import { altcoinSeriesJson, STATE_WORDS, WEEKLY_RULE, WEEKLY_THRESHOLDS, windowEnd } from "./russell.ts";

/** "Altcoin Season Index 40/100 (neither; 90% interval 29-52): 20 of 50 top-50 altcoins ..." */
export function seasonIndexLine(index: SeasonIndex, asOf: string): string {
  if (index.value === null) return `Altcoin Season Index for ${asOf}: ${index.reason ?? "no index"}.`;
  const interval = index.interval
    ? `; 90% interval ${index.interval[0].toFixed(0)}-${index.interval[1].toFixed(0)}`
    : "";
  const members = {
    "coinmarketcap-snapshots": `top-${index.topN} altcoins of CoinMarketCap's ${index.membershipDate} snapshot`,
    "coingecko-recorded": `top-${index.topN} altcoins of CoinGecko's ranking recorded ${index.membershipDate}`,
    "daily-closes": `top-${index.topN} altcoins of the ${index.membershipDate} ranking that riskon has daily closes for`,
  }[index.method];
  const fell =
    index.droppedOut.length > 0
      ? ` (${index.droppedOut.length} fell out of the later ranking: counted as behind)`
      : "";
  return (
    `Altcoin Season Index ${index.value}/100 (${index.label}${interval}): ${index.outperformers.length} of ${index.universe} ${members}${fell} ` +
    `beat BTC from ${index.windowStart} to ${index.windowEnd} (${index.windowDays} days).`
  );
}

function total3Line(record: RecordReport): string {
  const b = record.breakout;
  return (
    `${TOTAL3.id} ${usd(record.index.close)} on ${record.index.date} (weekly): ${STATE_WORDS[b.state]}, ${signedPct(record.pctFromAth)} from its record ${usd(record.ath.close)} (${record.ath.date})` +
    (b.eventDate ? `; last breakout ${b.eventDate}, over its ${b.levelDate} record.` : ".")
  );
}

function othersLine(season: SeasonInputs, asOf: string): { line: string; date: string; usd: number } | null {
  const ranking = season.rankings.filter((r) => r.source === "cmc" && r.date <= asOf).at(-1);
  if (!ranking || daysBetween(ranking.date, asOf) > 31) return null;
  const value = othersFromRanking(ranking);
  if (value === null) return null;
  return {
    line: `OTHERS in TradingView's sense (coins ranked ${OTHERS_RANKS.from}-${OTHERS_RANKS.to}, CoinMarketCap snapshot of ${ranking.date}, monthly): ${usd(value)}.`,
    date: ranking.date,
    usd: value,
  };
}

function correlationText(c: CorrelationReport, asOf: string): string {
  const units = c.unit === "week" ? "weeks" : "sessions";
  return `Correlation IWM vs ${TOTAL3.id}, ${c.unit === "week" ? "weekly" : "daily"} log returns, last 90/250 ${units}${windowEnd(c, asOf)}: 90 ${signed(c.w90.pearson)} (n=${c.w90.n}), 250 ${signed(c.w250.pearson)} (n=${c.w250.n}).`;
}

function overviewLine(overview: MarketOverview | null): string | null {
  if (!overview?.available) return null;
  return `Now (${overview.provider}, ${overview.asOf.slice(0, 16).replace("T", " ")} UTC${overview.freshness === "stored" ? ", last good answer" : ""}): TOTAL3 (market cap ex BTC, ETH) ${usd(overview.altMarketCapExBtcEthUsd)} of ${usd(overview.totalMarketCapUsd)}; BTC dominance ${overview.btcDominancePct.toFixed(1)}%, ETH ${overview.ethDominancePct.toFixed(1)}%.`;
}

/** Each series' last date; the alt closes grouped by where they end, since the index reads them. */
function dataEnds(all: readonly SeriesData[], closes: readonly SeriesData[], asOf: string): string {
  const lastOf = (s: SeriesData) => barsUntil(s.bars, asOf).at(-1)?.date ?? "–";
  const ends = all.map((s) => ({ label: s.id, lastDate: lastOf(s), why: s.source.endsBecause }));
  const byEnd = new Map<string, SeriesData[]>();
  for (const c of closes.filter((c) => c.id !== "ETH" && lastOf(c) !== "–"))
    byEnd.set(lastOf(c), [...(byEnd.get(lastOf(c)) ?? []), c]);
  for (const [lastDate, coins] of [...byEnd].sort(([a], [b]) => (a < b ? 1 : -1))) {
    ends.push({
      label: `alt closes (${coins.map((c) => c.id).join(", ")})`,
      lastDate,
      why: coins[0]?.source.endsBecause,
    });
  }
  return dataEndsLine(ends);
}

/** Everything the answer is made of, loaded and computed once. */
async function gather(context: CommandContext, date: string | undefined) {
  const btc = await loadRequired(context.market, "BTC");
  const altcoin = await loadRequired(context.market, TOTAL3.id);
  // The as-of date is the newest crypto close: every part of the answer says where its own data ends.
  const { asOf, requested, note: asOfNote } = resolveAsOf(btc, date, context.today);
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
    others: othersLine(season, asOf),
    all: [altcoin, btc, ...(iwm.ok ? [iwm.data] : [])],
    context,
  };
}

type Facts = Awaited<ReturnType<typeof gather>>;

function answerLines(f: Facts): string[] {
  const lines = [seasonIndexLine(f.index, f.asOf)];
  if (f.latest) lines.push(`Latest date with an index: ${seasonIndexLine(f.latest, f.latest.windowEnd)}`);
  if (f.ethBtc)
    lines.push(
      `ETH/BTC ${f.ethBtc.value.toFixed(5)} on ${f.ethBtc.date}: ${signedPct(f.ethBtc.change30Pct)} over 30d, ${signedPct(f.ethBtc.change90Pct)} over 90d (trend ${f.ethBtc.trend}).`,
    );
  lines.push(total3Line(f.record));
  if (f.iwmRecord)
    lines.push(
      `IWM: ${STATE_WORDS[f.iwmRecord.breakout.state]}, ${signedPct(f.iwmRecord.pctFromAth)} from its record (${f.iwmRecord.ath.date}).`,
    );
  if (f.correlation) lines.push(correlationText(f.correlation, f.asOf));
  if (f.others) lines.push(f.others.line);
  const now = overviewLine(f.overview);
  if (now) lines.push(now);
  lines.push(dataEnds(f.all, f.closes, f.asOf));
  return lines;
}

function answerNotes(f: Facts): string[] {
  const notes: string[] = [];
  if (f.asOfNote) notes.push(f.asOfNote);
  notes.push(
    `Altcoin Season Index: the share of the top ${f.index.topN} altcoins by market cap at the window's start (BTC, stablecoins, wrapped and staked tokens excluded; coins that later faded included) whose 90-day return beat BTC's; >=75 altcoin season, <=25 bitcoin season; no index with fewer than ${f.index.minUniverse} coins. Members and returns from CoinMarketCap's monthly top-200 snapshots where a snapshot is at most a month old, else from the daily closes riskon has.`,
    `${TOTAL3.definition}. Segments: ${describeSegments(segmentsUntil(f.altcoin.source.segments ?? [], f.record.index.date), "definition")}. Breakout rule on it: a weekly value above a record at least ${WEEKLY_RULE.minSessionsSincePriorHigh} weeks old.`,
    ...(f.altcoin.notes ?? []),
  );
  if (f.index.reason && f.index.value !== null) notes.push(`Altcoin Season Index: ${f.index.reason}.`);
  if (!f.iwm.ok) notes.push(`IWM unavailable: ${f.iwm.missing.reason}.`);
  if (f.overview && !f.overview.available)
    notes.push(`Current market caps unavailable: ${f.overview.provider}: ${f.overview.reason}.`);
  if (f.overview?.available && f.overview.note) notes.push(`${f.overview.provider}: ${f.overview.note}.`);
  notes.push(...freshnessNotes(f.all.map((s) => s.source)), NOT_ADVICE);
  return notes;
}

/** The index in a few words: "Altcoin Season Index 62/100 (neither) for 2025-10-01". */
function shortIndex(index: SeasonIndex, date: string): string {
  return `Altcoin Season Index ${index.value}/100 (${index.label}) for ${date}`;
}

/**
 * The short first answer: the season index (or the latest date with one), TOTAL3's state and distance from its
 * record, ETH/BTC's trend, and the data's source and date.
 */
function answerBrief(f: Facts): string[] {
  const index =
    f.index.value !== null
      ? `${shortIndex(f.index, f.asOf)}.`
      : f.latest
        ? `Altcoin Season Index: none for ${f.asOf}; the latest, ${shortIndex(f.latest, f.latest.windowEnd)}.`
        : `Altcoin Season Index: none for ${f.asOf}.`;
  const b = f.record.breakout;
  const where =
    f.record.pctFromAth < 0
      ? `, ${signedPct(f.record.pctFromAth)} from its record ${usd(f.record.ath.close)}`
      : "";
  const total3 = `${TOTAL3.id} ${usd(f.record.index.close)} (week of ${f.record.index.date}): ${STATE_WORDS[b.state]}${where}.`;
  const ethBtc = f.ethBtc
    ? `ETH/BTC ${f.ethBtc.value.toFixed(5)}: ${signedPct(f.ethBtc.change90Pct)} over 90 days (trend ${f.ethBtc.trend}).`
    : null;
  const shown = [f.altcoin, f.btc].map((d) => ({
    source: d.source,
    lastDate: barsUntil(d.bars, f.asOf).at(-1)?.date ?? "–",
  }));
  return [index, total3, ...(ethBtc ? [ethBtc] : []), briefDataLine(shown, f.context.locale)];
}

/** The whole answer in the parts its buttons show. */
function answerSections(f: Facts, lines: readonly string[], notes: readonly string[]): ReplySection[] {
  const t = f.context.locale.t;
  const [indexLine, ...rest] = lines;
  const latest = f.latest ? rest.filter((l) => l.startsWith("Latest date with an index")) : [];
  const market = rest.filter((l) => !latest.includes(l) && !l.startsWith("Data to:"));
  const definitions = notes.filter(
    (n) => n.startsWith("Altcoin Season Index:") || n.startsWith(`${TOTAL3.definition}`),
  );
  return [
    { key: "season", title: t("section.season"), lines: [...(indexLine ? [indexLine] : []), ...latest] },
    { key: "market", title: t("section.market"), lines: market },
    { key: "definitions", title: t("section.definitions"), lines: definitions },
    {
      key: "sources",
      title: t("section.sources"),
      lines: [
        ...lines.filter((l) => l.startsWith("Data to:")),
        ...notes.filter((n) => !definitions.includes(n)),
      ],
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
      label: segmentLabel(TOTAL3.id, altcoin.source.segments ?? [], from, asOf),
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
      `Altcoin Season Index: top-50 altcoins vs ${f.btc.source.provider}`,
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
  description: "Altcoin Season Index, ETH/BTC and the altcoin market (TOTAL3) vs IWM",
  options: [RANGE_OPTION, AS_OF_OPTION],
  async run(context, options) {
    const facts = await gather(context, options.date);
    const chart = answerChart(facts, options.range as RangeChoice);
    const lines = answerLines(facts);
    const notes = answerNotes(facts);
    return {
      title: `Altcoin season check · as of ${facts.asOf}`,
      lines,
      ...(chart ? { chart } : {}),
      notes,
      brief: answerBrief(facts),
      sections: answerSections(facts, lines, notes),
      sources: facts.all.map((s) => s.source),
      data: answerData(facts),
      datasets: answerDatasets(facts, options.range as RangeChoice),
    };
  },
};

export default altseason;
