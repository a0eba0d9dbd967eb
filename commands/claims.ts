// /claims: the claims riskon is asked about, each with riskon's own measurement on the data as of a date, the
// method, n, the date of the data, and a verdict by a written rule (src/core/answers/claims.ts).

import { forwardReturns, startDateFor } from "../src/core/analytics/analogs.ts";
import { MIN_HISTORY_FOR_RECORD_DAYS } from "../src/core/analytics/cycles.ts";
import { offThreadFirst } from "../src/core/analytics/off-thread.ts";
import { type analogsFor, type correlationReport, recordReport } from "../src/core/analytics/russell.ts";
import { pValueText } from "../src/core/answers/analog-text.ts";
import { resolveAsOf } from "../src/core/answers/as-of.ts";
import { TOTAL3 } from "../src/core/answers/catalog.ts";
import {
  altsAfterIwmClaim,
  btcAfter2020Claim,
  btcAthAfterEachClaim,
  type Claim,
  followsClaim,
  liquidityClaim,
  russellLeadsClaim,
  valueRecordClaim,
} from "../src/core/answers/claims.ts";
import type { CommandDefinition } from "../src/core/answers/command.ts";
import { AS_OF_OPTION } from "../src/core/answers/common-options.ts";
import { freshnessNotes, notAdvice } from "../src/core/answers/format.ts";
import { liquidityCondition } from "../src/core/answers/liquidity-condition.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { loadMany, loadRequired } from "../src/core/answers/market-views.ts";
import { addDays, type IsoDate } from "../src/core/base/dates.ts";
import { type Bar, barsUntil } from "../src/core/base/series.ts";
import type { SeriesData } from "../src/core/ports.ts";

/** The one figure a reader checks first, per claim, in the chat's language. */
function headline(c: Claim, l: Locale): string {
  const m = c.measured;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const pct = (v: unknown) => l.pct(num(v), 0);
  const p = (v: unknown) => pValueText(num(v), l);
  const day = (v: unknown) => (typeof v === "string" ? l.date(v) : "–");
  switch (c.id) {
    case "btc-380-after-2020-breakout":
      return l.t("claims.btc2020", {
        fromBreakout: pct(m.fromBreakoutPct),
        eventDate: day(m.eventDate),
        fromRetest: pct(m.fromRetestPct),
        retestDate: day(m.retestDate),
      });
    case "btc-new-high-after-each-russell-high":
      return Object.entries(m)
        .map(([k, v]) => {
          const date = l.date(k.replace("daysToBtcRecordAfter", ""));
          return typeof v === "number"
            ? l.t("claims.daysToRecord", { date, count: v })
            : l.t("claims.noHighYet", { date });
        })
        .join(", ");
    case "russell-2000-value-record-dec-2025":
      return m.lastRecordDate
        ? l.t("claims.valueRecords", { count: num(m.recordCloses) ?? 0, date: day(m.lastRecordDate) })
        : l.t("claims.noValueRecord");
    case "alts-rallied-after-iwm-2017-2021":
      return l.t("claims.alts", { y2017: pct(m.bestWithin180dPct2017), y2021: pct(m.bestWithin180dPct2021) });
    case "crypto-rallies-after-breakouts-when-liquidity-expands":
      return l.t("claims.liquidity", {
        median: pct(m.expandingMedian365Pct),
        n: num(m.expandingN) ?? 0,
        baseline: pct(m.expandingBaseline365Pct),
        p: p(m.expandingPValue),
        flat: num(m.flatN) ?? 0,
        contracting: num(m.contractingN) ?? 0,
      });
    case "russell-leads-crypto":
      return l.t("claims.leads", {
        daily: p(m.dailyPValue),
        weekly: p(m.weeklyPValue),
        monthly: p(m.monthlyPValue),
        lag: num(m.monthlyBestLag) ?? "–",
        rho: l.signed(num(m.monthlyRho)),
      });
    default:
      return m.median365Pct !== undefined
        ? l.t("claims.median", {
            median: pct(m.median365Pct),
            baseline: pct(m.baseline365Pct),
            p: p(m.pValue),
          })
        : l.t("claims.notEnough");
  }
}

/** The first close of each year above every earlier close. */
function firstRecordCloses(bars: readonly Bar[], years: readonly number[]): IsoDate[] {
  const out: IsoDate[] = [];
  let high = 0;
  for (const bar of bars) {
    const year = Number(bar.date.slice(0, 4));
    if (
      bar.close > high &&
      high > 0 &&
      years.includes(year) &&
      !out.some((d) => d.startsWith(String(year)))
    ) {
      out.push(bar.date);
    }
    high = Math.max(high, bar.close);
  }
  return out;
}

/** The series the claims are measured on, as known at the as-of date. */
interface ClaimInputs {
  readonly rut: SeriesData;
  readonly asOf: IsoDate;
  readonly get: (id: string) => SeriesData | undefined;
  readonly analogs: ReturnType<typeof analogsFor>["analogs"];
  readonly summary: ReturnType<typeof analogsFor>["summary"];
  /** A series' last date on or before the as-of date, null when it is not loaded. */
  readonly dataTo: (id: string) => IsoDate | null;
  readonly locale: Locale;
  /** ^RUT against BTC (correlation and lead/lag), when BTC is loaded. */
  readonly btcCorrelation: ReturnType<typeof correlationReport> | null;
}

/** The three BTC and ETH claims about the Russell's breakouts themselves. */
function breakoutClaims({ get, analogs, summary, dataTo, locale }: ClaimInputs): Claim[] {
  const btc = get("BTC");
  const late2020 = analogs.find((a) => a.eventDate >= "2020-07-01" && a.eventDate <= "2020-12-31");
  const late2020Btc = late2020?.forward.BTC;
  return [
    btcAfter2020Claim(
      late2020 && late2020Btc ? { date: late2020.eventDate, cycle: late2020Btc } : null,
      late2020?.fromRetest?.forward.BTC
        ? { date: late2020.fromRetest.date, cycle: late2020.fromRetest.forward.BTC }
        : null,
      dataTo("BTC"),
      locale,
    ),
    btcAthAfterEachClaim(
      // Only events with a year of BTC history before them: before that BTC's record is not in the data.
      analogs
        .filter((a) => a.eventDate < "2025-01-01" && btc !== undefined)
        .filter((a) => addDays(a.eventDate, -MIN_HISTORY_FOR_RECORD_DAYS) >= (btc?.bars[0]?.date ?? "9999"))
        .flatMap((a) => (a.forward.BTC ? [{ date: a.eventDate, cycle: a.forward.BTC }] : [])),
      dataTo("BTC"),
      locale,
    ),
    followsClaim("eth-follows-russell-breakouts", "ETH", summary.ETH, dataTo("ETH"), locale),
  ];
}

/** The claims on other series: altcoins after IWM's records, the Value index's record, the lead of the Russell. */
function otherClaims({ asOf, get, dataTo, locale, btcCorrelation }: ClaimInputs): Claim[] {
  const [others, iwm, iwn] = [TOTAL3.id, "IWM", "IWN"].map(get);
  const list: Claim[] = [];
  if (iwm && others) {
    // "Broke its record in 2017": the year's first close above every earlier close (not only a breakout event).
    const iwmEvents = firstRecordCloses(barsUntil(iwm.bars, asOf), [2017, 2021]).map((date) => {
      const bars = barsUntil(others.bars, asOf);
      const f = forwardReturns(bars, startDateFor(others, bars, date) ?? date, asOf);
      return { date, max180: f.max180, d365: f.d365 };
    });
    list.push(
      altsAfterIwmClaim([2017, 2021], iwmEvents, locale.t("claims.total3"), dataTo(TOTAL3.id), locale),
    );
  }
  if (iwn) list.push(valueRecordClaim(iwn.bars, "2025-12", locale.t("claims.iwn"), asOf, locale));
  if (btcCorrelation) list.push(russellLeadsClaim(btcCorrelation.leadLag, "BTC", dataTo("BTC"), locale));
  return list;
}

const claims: CommandDefinition = {
  name: "claims",
  // The answer depends only on its options, language, date and the data it reads: repeated ones are cached.
  pure: true,
  description:
    "The claims about Russell 2000 breakouts and crypto, each measured with its method, n and verdict",
  options: [AS_OF_OPTION],
  async run(context, options) {
    const rut = await loadRequired(context.market, "RUT");
    const l = context.locale;
    const { asOf, note } = resolveAsOf(rut, options.date, context.today, l);
    const { found } = await loadMany(context.market, ["BTC", "ETH", TOTAL3.id, "IWM", "IWN"]);
    const get = (id: string) => found.find((s) => s.id === id);
    const crypto = ["BTC", "ETH", TOTAL3.id].map(get).filter((s) => s !== undefined);
    const off = context.offThread;
    const btcData = get("BTC");
    const [{ analogs, summary }, btcCorrelation] = await Promise.all([
      offThreadFirst(off, "analogs", [recordReport(rut, asOf).events, crypto, asOf, rut.bars]),
      btcData ? offThreadFirst(off, "correlation", [rut.bars, btcData.bars, asOf, "daily"]) : null,
    ]);
    const dataTo = (id: string) => {
      const s = get(id);
      return s ? (barsUntil(s.bars, asOf).at(-1)?.date ?? null) : null;
    };
    const inputs: ClaimInputs = { rut, asOf, get, analogs, summary, dataTo, locale: l, btcCorrelation };
    const list = [...breakoutClaims(inputs), ...otherClaims(inputs)];
    // Measured as /russell's conditioning: the regime known on each event day, beside its regime's baseline.
    if (context.liquidity) {
      const condition = await liquidityCondition(context.liquidity, analogs, crypto, rut.bars, asOf, off);
      list.push(liquidityClaim(condition.analogsByLiquidity, "BTC", dataTo("BTC"), l));
    }
    const lines = list.map((c) =>
      l.t("claims.line", {
        verdict: l.t(`claims.verdict.${c.verdict}`),
        claim: c.claim,
        headline: headline(c, l),
        n: c.n,
        dataTo: c.dataTo ? l.date(c.dataTo) : "–",
      }),
    );
    const notes = [
      ...(note ? [note] : []),
      ...list.map((c) => l.t("claims.method", { claim: c.claim, method: c.method })),
      ...freshnessNotes(
        [rut, ...found].map((s) => s.source),
        l,
      ),
      notAdvice(l),
    ];
    return {
      title: l.t("claims.title", { date: l.date(asOf) }),
      lines,
      notes,
      sources: [rut, ...found].map((s) => s.source),
      data: { command: "claims", asOf, claims: list },
    };
  },
};

export default claims;
