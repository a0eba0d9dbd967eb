// /claims: the claims riskon is asked about, each with riskon's own measurement on the data as of a date, the
// method, n, the date of the data, and a verdict by a written rule (src/core/answers/claims.ts).

import { forwardReturns, startDateFor } from "../src/core/analytics/analogs.ts";
import { MIN_HISTORY_FOR_RECORD_DAYS } from "../src/core/analytics/cycles.ts";
import { analogsFor, correlationReport, recordReport } from "../src/core/analytics/russell.ts";
import { pValueText } from "../src/core/answers/analog-text.ts";
import { resolveAsOf } from "../src/core/answers/as-of.ts";
import { TOTAL3 } from "../src/core/answers/catalog.ts";
import {
  altsAfterIwmClaim,
  btcAfter2020Claim,
  btcAthAfterEachClaim,
  type Claim,
  followsClaim,
  russellLeadsClaim,
  type Verdict,
  valueRecordClaim,
} from "../src/core/answers/claims.ts";
import type { CommandDefinition } from "../src/core/answers/command.ts";
import { AS_OF_OPTION } from "../src/core/answers/common-options.ts";
import { freshnessNotes, NOT_ADVICE, signed, signedPct } from "../src/core/answers/format.ts";
import { loadMany, loadRequired } from "../src/core/answers/market-views.ts";
import { addDays, type IsoDate } from "../src/core/base/dates.ts";
import { type Bar, barsUntil } from "../src/core/base/series.ts";
import type { SeriesData } from "../src/core/ports.ts";

const VERDICT_WORDS: Record<Verdict, string> = {
  supported: "SUPPORTED",
  partly: "PARTLY",
  not_supported: "NOT SUPPORTED",
  untestable: "UNTESTABLE",
};

const pct = (v: unknown) => signedPct(typeof v === "number" ? v : null, 0);
const p = (v: unknown) => pValueText(typeof v === "number" ? v : null);
const r = (v: unknown) => signed(typeof v === "number" ? v : null);

/** The one figure a reader checks first, per claim. */
function headline(c: Claim): string {
  const m = c.measured;
  switch (c.id) {
    case "btc-380-after-2020-breakout":
      return `best close within 365 days ${pct(m.fromBreakoutPct)} from the ${m.eventDate ?? "–"} breakout, ${pct(m.fromRetestPct)} from the ${m.retestDate ?? "–"} retest`;
    case "btc-new-high-after-each-russell-high":
      return Object.entries(m)
        .map(
          ([k, v]) =>
            `${k.replace("daysToBtcRecordAfter", "")}: ${v === null ? "no new high yet" : `${v} days`}`,
        )
        .join(", ");
    case "russell-2000-value-record-dec-2025":
      return m.lastRecordDate
        ? `record closes of IWN in Dec 2025: ${m.recordCloses}, last ${m.lastRecordDate}`
        : "no record close in Dec 2025";
    case "alts-rallied-after-iwm-2017-2021":
      return `best within 180 days: 2017 ${pct(m.bestWithin180dPct2017)}, 2021 ${pct(m.bestWithin180dPct2021)}`;
    case "russell-leads-crypto":
      return `daily ${p(m.dailyPValue)}, weekly ${p(m.weeklyPValue)}, monthly ${p(m.monthlyPValue)} (lag ${m.monthlyBestLag ?? "–"}, r ${r(m.monthlyRho)})`;
    default:
      return m.median365Pct !== undefined
        ? `365d median ${pct(m.median365Pct)} vs any 365 days ${pct(m.baseline365Pct)}, ${p(m.pValue)}`
        : "not enough events";
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
}

/** The three BTC and ETH claims about the Russell's breakouts themselves. */
function breakoutClaims({ get, analogs, summary, dataTo }: ClaimInputs): Claim[] {
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
    ),
    btcAthAfterEachClaim(
      // Only events with a year of BTC history before them: before that BTC's record is not in the data.
      analogs
        .filter((a) => a.eventDate < "2025-01-01" && btc !== undefined)
        .filter((a) => addDays(a.eventDate, -MIN_HISTORY_FOR_RECORD_DAYS) >= (btc?.bars[0]?.date ?? "9999"))
        .flatMap((a) => (a.forward.BTC ? [{ date: a.eventDate, cycle: a.forward.BTC }] : [])),
      dataTo("BTC"),
    ),
    followsClaim(
      "eth-follows-russell-breakouts",
      "ETH follows Russell 2000 breakouts",
      "ETH",
      summary.ETH,
      dataTo("ETH"),
    ),
  ];
}

/** The claims on other series: altcoins after IWM's records, the Value index's record, the lead of the Russell. */
function otherClaims({ rut, asOf, get, dataTo }: ClaimInputs): Claim[] {
  const [btc, others, iwm, iwn] = ["BTC", TOTAL3.id, "IWM", "IWN"].map(get);
  const list: Claim[] = [];
  if (iwm && others) {
    // "Broke its record in 2017": the year's first close above every earlier close (not only a breakout event).
    const iwmEvents = firstRecordCloses(barsUntil(iwm.bars, asOf), [2017, 2021]).map((date) => {
      const bars = barsUntil(others.bars, asOf);
      const f = forwardReturns(bars, startDateFor(others, bars, date) ?? date, asOf);
      return { date, max180: f.max180, d365: f.d365 };
    });
    list.push(
      altsAfterIwmClaim(
        [2017, 2021],
        iwmEvents,
        "TOTAL3 (weekly market cap ex BTC and ETH)",
        dataTo(TOTAL3.id),
      ),
    );
  }
  if (iwn)
    list.push(
      valueRecordClaim(iwn.bars, "2025-12", "iShares Russell 2000 Value ETF (IWN, total-return close)", asOf),
    );
  if (btc)
    list.push(russellLeadsClaim(correlationReport(rut.bars, btc.bars, asOf).leadLag, "BTC", dataTo("BTC")));
  return list;
}

const claims: CommandDefinition = {
  name: "claims",
  description:
    "The claims about Russell 2000 breakouts and crypto, each measured with its method, n and verdict",
  options: [AS_OF_OPTION],
  async run(context, options) {
    const rut = await loadRequired(context.market, "RUT");
    const { asOf, note } = resolveAsOf(rut, options.date, context.today);
    const { found } = await loadMany(context.market, ["BTC", "ETH", TOTAL3.id, "IWM", "IWN"]);
    const get = (id: string) => found.find((s) => s.id === id);
    const crypto = ["BTC", "ETH", TOTAL3.id].map(get).filter((s) => s !== undefined);
    const { analogs, summary } = analogsFor(recordReport(rut, asOf).events, crypto, asOf, rut.bars);
    const dataTo = (id: string) => {
      const s = get(id);
      return s ? (barsUntil(s.bars, asOf).at(-1)?.date ?? null) : null;
    };
    const inputs: ClaimInputs = { rut, asOf, get, analogs, summary, dataTo };
    const list = [...breakoutClaims(inputs), ...otherClaims(inputs)];
    const lines = list.map(
      (c) =>
        `${VERDICT_WORDS[c.verdict]}: ${c.claim}. ${headline(c)} (n=${c.n}; data to ${c.dataTo ?? "–"}).`,
    );
    const notes = [
      ...(note ? [note] : []),
      ...list.map((c) => `${c.claim}: ${c.method}`),
      ...freshnessNotes([rut, ...found].map((s) => s.source)),
      NOT_ADVICE,
    ];
    return {
      title: `Claims, measured · as of ${asOf}`,
      lines,
      notes,
      sources: [rut, ...found].map((s) => s.source),
      data: { command: "claims", asOf, claims: list },
    };
  },
};

export default claims;
