// Fed net liquidity on the bundled FRED files (data/snapshot/fred/), with the publication lags applied. Expected
// values: the figures (issue 21: net liquidity's 13-week change before five Russell 2000 breakouts, and
// 5.60 trillion, -6.5%, on 2025-12-11), computed by hand from the FRED files and recomputed here independently
// with a short Python script over the same CSVs (same rule: the latest Wednesday whose Friday is on or before the
// date); and the worked values of the shared data's PROVENANCE addendum.
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../src/core/base/dates.ts";
import {
  netLiquidityAsOf,
  netLiquidityWeeks,
  REGIME_THRESHOLD_PCT,
  regimeOf,
  withChanges,
} from "../../src/core/liquidity/net-liquidity.ts";
import { knownBy, knownFrom } from "../../src/core/liquidity/publication.ts";
import {
  type AlertEvent,
  type LiquidityCheck,
  liquidityRegimeAlerts,
} from "../../src/core/schedules/alerts.ts";
import { createFredSnapshot, parseFredCsv } from "../../src/data/fred/fred-csv.ts";

const fred = createFredSnapshot();
const [walcl, tga, rrp] = await Promise.all(
  (["WALCL", "WTREGEN", "RRPONTSYD"] as const).map(async (id) => (await fred.getFredSeries(id)).observations),
);
const weeks = withChanges(netLiquidityWeeks({ walcl: walcl ?? [], tga: tga ?? [], rrp: rrp ?? [] }));
const millions = (usd: number) => Math.round(usd / 1e6);

describe("net liquidity", () => {
  it("matches the PROVENANCE addendum's worked values (WALCL - WTREGEN - 1000 x RRPONTSYD, millions)", () => {
    const at = (date: string) => weeks.find((w) => w.week.date === date)?.week;
    expect(millions(at("2022-04-13")?.usd ?? 0)).toBe(8_965_487 - 547_308 - 1_815_555);
    expect(millions(at("2025-12-31")?.usd ?? 0)).toBe(5_697_319);
    expect(millions(at("2026-09-16")?.usd ?? 0)).toBe(5_864_145);
  });

  it("gives the issue's 13-week changes before the breakouts, as published by each event day", () => {
    const expected: Array<[string, string, number]> = [
      ["2014-12-26", "2014-12-24", 2.4],
      ["2016-11-14", "2016-11-09", -4.4],
      ["2020-11-13", "2020-11-11", 5.4],
      ["2021-11-02", "2021-10-27", 3.5],
      ["2025-09-18", "2025-09-10", -3.8], // 2025-09-17's figure comes out the next evening: not yet known
    ];
    for (const [event, wednesday, change] of expected) {
      const now = netLiquidityAsOf(weeks, event);
      expect(now?.week.date).toBe(wednesday);
      expect(Number(now?.change13wPct?.toFixed(1))).toBe(change);
    }
    const value = netLiquidityAsOf(weeks, "2025-12-11");
    expect(value?.week.date).toBe("2025-12-03");
    expect((value?.week.usd ?? 0) / 1e12).toBeCloseTo(5.6, 2);
    expect(Number(value?.change13wPct?.toFixed(1))).toBe(-6.5);
    expect(value?.regime).toBe("contracting");
  });

  it("uses a Wednesday's H.4.1 figures from the Friday after it, never the Thursday evening before", () => {
    expect(netLiquidityAsOf(weeks, "2025-12-04")?.week.date).toBe("2025-11-26"); // Thursday: 12-03 not yet out
    expect(netLiquidityAsOf(weeks, "2025-12-05")?.week.date).toBe("2025-12-03");
    expect(netLiquidityAsOf(weeks, "2002-06-01")).toBeNull(); // before the series (net liquidity starts in 2003)
    expect(weeks[0]?.week.date).toBe("2003-02-12"); // the first Wednesday with an RRP figure on or before it
  });

  it("takes a holiday Wednesday's RRP from the last earlier day with an operation, never as zero", () => {
    const christmas = weeks.find((w) => w.week.date === "2024-12-25")?.week;
    expect(christmas?.rrp).toEqual({ date: "2024-12-24", usd: 180.989e9 });
    expect(rrp?.some((o) => o.date === "2024-12-25")).toBe(false); // FRED's blank is no observation
  });

  it("calls the regime by the 13-week change against one threshold", () => {
    expect(REGIME_THRESHOLD_PCT).toBe(1);
    expect(regimeOf(1)).toBe("flat");
    expect(regimeOf(1.01)).toBe("expanding");
    expect(regimeOf(-1)).toBe("flat");
    expect(regimeOf(-1.01)).toBe("contracting");
    expect(regimeOf(null)).toBeNull();
    const w = netLiquidityAsOf(weeks, "2020-11-13");
    expect(w?.regime).toBe("expanding");
    expect(w?.change4wPct).not.toBeNull();
  });
});

describe("publication lags", () => {
  it("dates each figure by when it came out", () => {
    expect(knownFrom("WALCL", "2025-12-03")).toBe("2025-12-05");
    expect(knownFrom("WRESBAL", "2025-12-03")).toBe("2025-12-05");
    expect(knownFrom("RRPONTSYD", "2025-12-03")).toBe("2025-12-03");
    expect(knownFrom("DFF", "2025-12-05")).toBe("2025-12-08"); // a Friday's rate on Monday
    expect(knownFrom("DFF", "2025-12-24")).toBe("2025-12-26"); // over Christmas
    expect(knownFrom("M2SL", "2026-03-01")).toBe("2026-05-01");
    expect(knownFrom("M2SL", "2025-11-01")).toBe("2026-01-01");
    expect(knownFrom("M2SL", "2025-12-01")).toBe("2026-02-01");
  });

  it("keeps only what was out by an as-of date (M2: April's figure is not known on May 31)", async () => {
    const m2 = (await fred.getFredSeries("M2SL")).observations;
    expect(knownBy("M2SL", m2, "2025-05-31").at(-1)?.date).toBe("2025-03-01");
    expect(knownBy("M2SL", m2, "2025-06-01").at(-1)?.date).toBe("2025-04-01");
  });
});

describe("FRED CSV", () => {
  it("skips FRED's blanks and `.`, and refuses what is not FRED's CSV in one line", () => {
    expect(
      parseFredCsv("observation_date,WALCL\n2025-01-01,.\n2025-01-08,\n2025-01-15,100\n", "WALCL"),
    ).toEqual([{ date: "2025-01-15", value: 100 }]);
    expect(() => parseFredCsv("<!DOCTYPE html><html>…</html>", "WALCL")).toThrow(/HTML page/);
    expect(() => parseFredCsv("", "WALCL")).toThrow(/no date and value columns|no observations/);
    expect(() => parseFredCsv("date,value\n2025-01-08,1\n2025-01-01,2\n", "WALCL")).toThrow(/ascend/);
    expect(() => parseFredCsv("date,value\n2025-01-08,abc\n", "WALCL")).toThrow(/not a number/);
    expect(() => parseFredCsv("date,value\n2025-01-08,\n", "WALCL")).toThrow(/no observations/);
  });
});

describe("the liquidity regime-change alert", () => {
  /** Every Friday from `from` to `to`, as an alert poll would see them. */
  const fridays = (from: string, to: string) => {
    const out: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const d = new Date(t);
      if (d.getUTCDay() === 5) out.push(d.toISOString().slice(0, 10));
    }
    return out;
  };
  /** By a plain loop over the weekly regimes: each change of the last regime that was not flat. */
  const changesByHand = (until: string, after: string) => {
    const out: Array<{ week: string; from: string; to: string }> = [];
    let last: string | null = null;
    for (const w of weeks.filter((x) => knownFrom("WALCL", x.week.date) <= until)) {
      const r: string | null = w.regime === "flat" || w.regime === null ? last : w.regime;
      if (last !== null && r !== last && w.week.date > after)
        out.push({ week: w.week.date, from: last, to: r as string });
      last = r;
    }
    return out;
  };

  it("polled every Friday 2019-2026: one alert for each change of regime (flat weeks between do not count), once", () => {
    let check: LiquidityCheck | null = null;
    const alerts: AlertEvent[] = [];
    for (const friday of fridays("2019-01-04", "2026-11-27")) {
      const step = liquidityRegimeAlerts(weeks, check, friday);
      alerts.push(...step.alerts);
      check = step.check;
    }
    const first = weeks.filter((w) => knownFrom("WALCL", w.week.date) <= "2019-01-04").at(-1)?.week
      .date as string;
    const expected = changesByHand("2026-11-27", first);
    expect(expected.length).toBeGreaterThan(5); // 2019-2026 had real swings (QT, 2020, RRP's rise and fall)
    expect(alerts.map((a) => [a.figures?.eventDate, a.figures?.previousRegime, a.figures?.regime])).toEqual(
      expected.map((c) => [c.week, c.from, c.to]),
    );
    for (const a of alerts) {
      expect(a.date).toBe(knownFrom("WALCL", a.figures?.eventDate as string)); // published on the Friday after
      expect(a.text).toMatch(
        /^Fed net liquidity turned (expanding|contracting) \(it was (expanding|contracting)\): [+-]\d/,
      );
    }
    // At most once a week: every alert a week or more after the one before.
    for (let i = 1; i < alerts.length; i++)
      expect(daysBetween(alerts[i - 1]?.date as string, alerts[i]?.date as string)).toBeGreaterThanOrEqual(7);
  });

  it("the first check records where it starts; after a downtime only the latest change is news", () => {
    const start = liquidityRegimeAlerts(weeks, null, "2019-01-04");
    expect(start.alerts).toEqual([]);
    expect(start.check.regime === "expanding" || start.check.regime === "contracting").toBe(true);
    const changes = changesByHand("2023-06-30", start.check.week);
    const after = liquidityRegimeAlerts(weeks, start.check, "2023-06-30");
    expect(changes.length).toBeGreaterThan(1);
    expect(after.alerts.map((a) => a.figures?.eventDate)).toEqual([changes.at(-1)?.week]);
    // The same week asked again: nothing new.
    expect(liquidityRegimeAlerts(weeks, after.check, "2023-06-30").alerts).toEqual([]);
  });

  it("another change within a week of the last alert waits for the weekly limit", () => {
    const check: LiquidityCheck = { week: "2020-01-01", regime: "contracting", alertedOn: "2026-01-01" };
    const expanding = weeks.find((w) => w.week.date > "2020-01-01" && w.regime === "expanding");
    const today = knownFrom("WALCL", expanding?.week.date as string);
    expect(liquidityRegimeAlerts(weeks, { ...check, alertedOn: today }, today).alerts).toEqual([]);
    expect(
      liquidityRegimeAlerts(weeks, { ...check, alertedOn: addDays(today, -7) }, today).alerts,
    ).toHaveLength(1);
  });
});
