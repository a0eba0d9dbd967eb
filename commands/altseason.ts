// /altseason: the Altcoin Season Index, ETH/BTC, and the altcoin series' own record and breakouts vs IWM.
import { altcoinSeasonIndex, describeBasket, ratioSeries, ratioTrend } from "../src/core/altseason.ts";
import { resolveAsOf } from "../src/core/as-of.ts";
import {
  ALTSEASON_UNIVERSE,
  OTHERS,
  RANGE_YEARS,
  type RangeChoice,
  TOTAL3_WEEKLY,
} from "../src/core/catalog.ts";
import { buildAltseasonChart, seasonIndexHistory } from "../src/core/chart-spec.ts";
import type { CommandDefinition } from "../src/core/command.ts";
import { AS_OF_OPTION, RANGE_OPTION } from "../src/core/common-options.ts";
import { addDays, addYears } from "../src/core/dates.ts";
import {
  chartFreshnessNote,
  chartSourceLine,
  freshnessNotes,
  NOT_ADVICE,
  signed,
  signedPct,
  usd,
} from "../src/core/format.ts";
import { loadMany, loadRequired, tryLoad } from "../src/core/market-views.ts";
import { correlationReport, recordReport } from "../src/core/russell.ts";
import { barOnOrBefore, barsUntil } from "../src/core/series.ts";
import { STATE_WORDS, windowEnd } from "./russell.ts";

/** A weekly market-cap point older than this is not shown as current. */
const TOTAL3_MAX_AGE_DAYS = 10;

const altseason: CommandDefinition = {
  name: "altseason",
  description: "Altcoin Season Index, ETH/BTC and the altcoin market's breakout status vs IWM",
  options: [RANGE_OPTION, AS_OF_OPTION],
  async run(context, options) {
    const others = await loadRequired(context.market, OTHERS.id);
    const btc = await loadRequired(context.market, "BTC");
    const { asOf, requested, note: asOfNote } = resolveAsOf(others, options.date, context.today);
    const { found: universe, missing } = await loadMany(context.market, ALTSEASON_UNIVERSE);
    const iwm = await tryLoad(context.market, "IWM");
    const total3 = await tryLoad(context.market, TOTAL3_WEEKLY.id);

    const index = altcoinSeasonIndex(universe, barsUntil(btc.bars, asOf), asOf);
    const eth = universe.find((s) => s.id === "ETH");
    const ethBtc = eth
      ? ratioTrend(ratioSeries(barsUntil(eth.bars, asOf), barsUntil(btc.bars, asOf)), asOf)
      : null;
    const record = recordReport(others, asOf);
    const correlation = iwm.ok ? correlationReport(iwm.data.bars, others.bars, asOf) : null;
    const iwmRecord = iwm.ok && barOnOrBefore(iwm.data.bars, asOf) ? recordReport(iwm.data, asOf) : null;

    const lines: string[] = [];
    lines.push(
      index
        ? `Altcoin Season Index ${index.value}/100 (${index.label}): ${index.outperformers.length} of ${index.universe} coins beat BTC over ${index.windowDays} days to ${asOf}.`
        : `Altcoin Season Index: not available on ${asOf} (BTC and the coins need closes on ${addDays(asOf, -90)} and ${asOf}).`,
    );
    if (ethBtc) {
      lines.push(
        `ETH/BTC ${ethBtc.value.toFixed(5)} on ${ethBtc.date}: ${signedPct(ethBtc.change30Pct)} over 30d, ${signedPct(ethBtc.change90Pct)} over 90d (trend ${ethBtc.trend}).`,
      );
    }
    const b = record.breakout;
    lines.push(
      `${OTHERS.label}: ${STATE_WORDS[b.state]}, ${signedPct(record.pctFromAth)} from its record (${record.ath.date})` +
        (b.eventDate ? `; last breakout ${b.eventDate}, over its ${b.levelDate} record.` : "."),
    );
    if (iwmRecord) {
      lines.push(
        `IWM: ${STATE_WORDS[iwmRecord.breakout.state]}, ${signedPct(iwmRecord.pctFromAth)} from its record (${iwmRecord.ath.date}).`,
      );
    }
    if (correlation) {
      lines.push(
        `Correlation IWM vs ${OTHERS.id} daily log returns, last 90/250 sessions${windowEnd(correlation, asOf)}: 90 ${signed(correlation.w90.pearson)} (n=${correlation.w90.n}), 250 ${signed(correlation.w250.pearson)} (n=${correlation.w250.n}).`,
      );
    }
    // Current market caps (CoinGecko) describe now, so they are shown only for an answer about the latest data.
    const overview =
      requested === null && context.market.getMarketOverview
        ? await context.market.getMarketOverview()
        : null;
    if (overview?.available) {
      lines.push(
        `Now (${overview.provider}, ${overview.asOf.slice(0, 16).replace("T", " ")} UTC${overview.freshness === "stored" ? ", last good answer" : ""}): altcoin market cap ex BTC, ETH ${usd(overview.altMarketCapExBtcEthUsd)} of ${usd(overview.totalMarketCapUsd)}; BTC dominance ${overview.btcDominancePct.toFixed(1)}%, ETH ${overview.ethDominancePct.toFixed(1)}%.`,
      );
    }
    const t3 = total3.ok ? barOnOrBefore(total3.data.bars, asOf) : undefined;
    if (t3 && t3.date >= addDays(asOf, -TOTAL3_MAX_AGE_DAYS)) {
      lines.push(`${TOTAL3_WEEKLY.label}: ${usd(t3.close)} on ${t3.date}.`);
    }

    const notes: string[] = [];
    if (asOfNote) notes.push(asOfNote);
    notes.push(
      `Altcoin Season Index, Blockchain Center definition (share of top coins ex stablecoins and wrapped/staked tokens beating BTC over 90 days; >=75 altcoin season, <=25 bitcoin season), computed here on the ${index?.universe ?? 0} coins riskon has closes for on both dates, not the top 50.`,
    );
    notes.push(
      `${OTHERS.definition}. Breakout rule on it: a close above a record at least ${record.rule.minSessionsSincePriorHigh} days old.`,
    );
    if (others.composition) notes.push(`OTHERS proxy members: ${describeBasket(others.composition, asOf)}.`);
    if (t3)
      notes.push(
        `${TOTAL3_WEEKLY.label}: ${TOTAL3_WEEKLY.definition}; its data ends ${total3.ok ? total3.data.source.lastDate : "–"}.`,
      );
    const stillMissing = missing.filter((m) => m.id === "ETH");
    for (const m of stillMissing) notes.push(`${m.id} unavailable: ${m.reason}.`);
    if (!iwm.ok) notes.push(`IWM unavailable: ${iwm.missing.reason}.`);
    if (overview && !overview.available)
      notes.push(`Current market caps unavailable: ${overview.provider}: ${overview.reason}.`);
    if (overview?.available && overview.note) notes.push(`${overview.provider}: ${overview.note}.`);
    const all = [others, btc, ...(iwm.ok ? [iwm.data] : [])];
    notes.push(...freshnessNotes(all.map((s) => s.source)));
    notes.push(NOT_ADVICE);

    const sources = all.map((s) => s.source);
    const years = RANGE_YEARS[options.range as RangeChoice];
    const from = years === null ? (others.bars[0]?.date ?? asOf) : addYears(asOf, -years);
    const shownTo = (data: typeof others) =>
      chartSourceLine(data.source, barsUntil(data.bars, asOf).at(-1)?.date ?? "–");
    const chart = iwm.ok
      ? buildAltseasonChart({
          altcoin: { id: OTHERS.id, label: OTHERS.label, bars: others.bars, quoteLevel: false },
          equity: { id: "IWM", label: "IWM", bars: iwm.data.bars },
          from,
          asOf,
          altcoinEvents: record.events,
          // Weekly points: the daily index is too jumpy to read on a multi-year chart.
          seasonIndex: seasonIndexHistory(universe, btc.bars, from, asOf, 7),
          sources: [
            shownTo(others),
            shownTo(iwm.data),
            `Altcoin Season Index on up to ${universe.filter((c) => (c.bars[0]?.date ?? asOf) <= asOf).length} coins vs ${btc.source.provider}`,
          ],
          notes: [chartFreshnessNote(sources)],
        })
      : undefined;
    return {
      title: `Altcoin season check · as of ${asOf}`,
      lines,
      ...(chart ? { chart } : {}),
      notes,
      sources,
      data: {
        command: "altseason",
        asOf,
        requestedAsOf: requested,
        sources: sources.map((s) => ({
          series: s.series,
          provider: s.provider,
          lastDate: s.lastDate,
          freshness: s.freshness,
        })),
        altseasonIndex: index,
        ethBtc,
        altcoin: {
          series: OTHERS.id,
          definition: OTHERS.definition,
          members: others.composition?.filter((p) => p.from <= asOf) ?? null,
          index: record.index,
          ath: record.ath,
          pctFromAth: record.pctFromAth,
          breakout: record.breakout,
          events: record.events.map((e) => ({
            date: e.date,
            close: e.close,
            priorHighDate: e.priorHighDate,
            priorHigh: e.priorHigh,
          })),
        },
        iwm: iwmRecord && { index: iwmRecord.index, ath: iwmRecord.ath, breakout: iwmRecord.breakout },
        correlationWithIwm: correlation,
        total3: t3 ? { date: t3.date, marketCapUsd: t3.close } : null,
        marketOverview: overview,
      },
    };
  },
};

export default altseason;
