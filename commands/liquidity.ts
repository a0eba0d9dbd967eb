// /liquidity: Fed net liquidity (WALCL - WTREGEN - RRPONTSYD) as published by the as-of date, its 4- and 13-week
// changes and regime, each component with its own date, reserves, M2 and the fed funds rate; from FRED. The
// condition every "risk-on" claim hangs on, measured; no direction promised.

import { RANGE_YEARS } from "../src/core/answers/catalog.ts";
import type { CommandDefinition } from "../src/core/answers/command.ts";
import { AS_OF_OPTION, RANGE_OPTION } from "../src/core/answers/common-options.ts";
import { notAdvice } from "../src/core/answers/format.ts";
import { buildLiquidityChart } from "../src/core/answers/liquidity-chart.ts";
import { regimeWord } from "../src/core/answers/liquidity-condition.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { addYears, type IsoDate } from "../src/core/base/dates.ts";
import { UserError } from "../src/core/base/errors.ts";
import {
  firstLiquidityDate,
  type LiquidityReport,
  type LiquiditySeries,
  liquidityReport,
} from "../src/core/liquidity/liquidity-report.ts";
import { liquidityWeeks, REGIME_THRESHOLD_PCT, REGIME_WEEKS } from "../src/core/liquidity/net-liquidity.ts";
import { FRED_SERIES, knownFrom } from "../src/core/liquidity/publication.ts";
import type { FredSeries, LiquidityData, SourceRef } from "../src/core/ports.ts";

async function loadSeries(data: LiquidityData): Promise<{ series: LiquiditySeries; sources: FredSeries[] }> {
  const loaded = await Promise.all(FRED_SERIES.map((id) => data.getFredSeries(id)));
  const series = Object.fromEntries(loaded.map((s) => [s.id, s.observations])) as unknown as LiquiditySeries;
  return { series, sources: loaded };
}

function headline(r: LiquidityReport, l: Locale): string {
  const n = r.netLiquidity;
  return l.t("liquidity.headline", {
    usd: l.usd(n.usd),
    date: l.date(n.date),
    published: l.date(knownFrom("WALCL", n.date)),
    change4w: l.pct(n.change4wPct),
    change13w: l.pct(n.change13wPct),
    regime: regimeWord(n.regime, l),
  });
}

function componentLines(r: LiquidityReport, l: Locale): string[] {
  const c = r.components;
  const lines = [
    l.t("liquidity.components", {
      walcl: l.usd(c.walcl.usd),
      tga: l.usd(c.tga.usd),
      rrp: l.usd(c.rrp.usd),
      rrpDate: l.date(c.rrp.date),
    }),
  ];
  const parts: string[] = [];
  if (r.reserves)
    parts.push(l.t("liquidity.reserves", { usd: l.usd(r.reserves.usd), date: l.date(r.reserves.date) }));
  if (r.m2)
    parts.push(
      l.t("liquidity.m2", { usd: l.usd(r.m2.usd), month: r.m2.date.slice(0, 7), yoy: l.pct(r.m2.yoyPct) }),
    );
  if (r.fedFunds)
    parts.push(
      l.t("liquidity.fedFunds", {
        rate: `${l.num(r.fedFunds.ratePct, 2)}%`,
        date: l.date(r.fedFunds.date),
        bp: r.fedFunds.change90dBp === null ? "–" : l.signed(r.fedFunds.change90dBp, 0),
      }),
    );
  const joined = parts.join("; ");
  if (joined) lines.push(`${joined.charAt(0).toLocaleUpperCase(l.language)}${joined.slice(1)}.`);
  if (r.older.length > 0)
    lines.push(l.t("liquidity.older", { list: r.older.join(", "), date: l.date(r.netLiquidity.date) }));
  return lines;
}

function notesOf(sources: readonly FredSeries[], l: Locale): string[] {
  const bundled = sources.filter((s) => s.source.freshness === "snapshot");
  const notes = [
    l.t("liquidity.definition", { weeks: REGIME_WEEKS, threshold: REGIME_THRESHOLD_PCT }),
    l.t("liquidity.lags"),
  ];
  if (bundled.length > 0)
    notes.push(
      l.t("liquidity.bundled", { last: l.date(sources.map((s) => s.source.lastDate).sort()[0] ?? "") }),
    );
  // FRED did not answer at the last refresh: the stored copy, with the day it was fetched.
  const stored = sources.find((s) => s.source.freshness === "stored");
  const fetched = stored?.source.note?.match(/fetched (\d{4}-\d{2}-\d{2})/)?.[1];
  if (stored) notes.push(l.t("liquidity.stored", { date: fetched ? l.date(fetched) : "" }));
  notes.push(notAdvice(l));
  return notes;
}

/** The chart over the range, with BTC and the Russell 2000 where the market data have them. */
async function chartOf(
  context: Parameters<CommandDefinition["run"]>[0],
  series: LiquiditySeries,
  asOf: IsoDate,
  range: string,
  refs: readonly SourceRef[],
) {
  const years = RANGE_YEARS[range as keyof typeof RANGE_YEARS] ?? null;
  const weeks = liquidityWeeks(series.WALCL, series.WTREGEN, series.RRPONTSYD);
  const from = years === null ? (weeks[0]?.week.date ?? asOf) : addYears(asOf, -years);
  const loaded = await Promise.all(
    [
      ["BTC", "BTC"],
      ["RUT", "Russell 2000 (^RUT)"],
    ].map(async ([id, label]) => {
      const data = await context.market.getSeries(id as string).catch(() => null);
      return data ? { label: label as string, bars: data.bars, source: data.source } : null;
    }),
  );
  const assets = loaded.filter((a) => a !== null);
  const names = [...refs.slice(0, 3), ...assets.map((a) => a.source)].map(
    (s) => `${s.provider} to ${s.lastDate}`,
  );
  const spec = buildLiquidityChart({ weeks, assets, from, asOf, sources: names, locale: context.locale });
  return { spec, sources: assets.map((a) => a.source) };
}

const liquidity: CommandDefinition = {
  name: "liquidity",
  description:
    "Fed net liquidity (assets - Treasury account - reverse repos): 13-week trend, M2, rates (FRED)",
  options: [RANGE_OPTION, AS_OF_OPTION],
  pure: true,
  // Refreshes FRED (at most daily) and computes the weeks before members ask.
  prepare: [[]],
  async run(context, options) {
    const l = context.locale;
    if (!context.liquidity) throw new UserError(l.t("liquidity.unavailable"));
    const { series, sources } = await loadSeries(context.liquidity);
    const requested = options.date;
    if (requested !== undefined && requested > context.today)
      throw new UserError(l.t("liquidity.future", { requested, today: l.date(context.today) }));
    const asOf = requested ?? context.today;
    const report = liquidityReport(series, asOf);
    if (!report)
      throw new UserError(
        l.t("liquidity.beforeData", { requested: asOf, first: firstLiquidityDate(series) ?? "–" }),
      );
    const lines = [headline(report, l), ...componentLines(report, l)];
    const refs: SourceRef[] = sources.map((s) => s.source);
    const chart = await chartOf(context, series, report.asOf, options.range ?? "5y", refs);
    return {
      chart: chart.spec,
      title: l.t("liquidity.title", { date: l.date(report.asOf) }),
      lines,
      notes: notesOf(sources, l),
      sources: [...refs, ...chart.sources],
      data: {
        command: "liquidity",
        asOf: report.asOf,
        netLiquidity: report.netLiquidity,
        components: report.components,
        reserves: report.reserves,
        m2: report.m2 && { ...report.m2, vintage: "latest (FRED revises M2)" },
        fedFunds: report.fedFunds,
        olderThanNetLiquidity: report.older,
        sources: refs.map((s) => ({
          series: s.series,
          provider: s.provider,
          lastDate: s.lastDate,
          freshness: s.freshness,
        })),
        text: lines.join("\n"),
      },
    };
  },
};

export default liquidity;
