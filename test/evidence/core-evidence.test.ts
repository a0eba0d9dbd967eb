// The pure evidence math: shares, flows, fallback choice and staleness, and the short caveat lines.
import { describe, expect, it } from "vitest";
import {
  type Caveat,
  type CuratedFact,
  caveatLines,
  caveatText,
  chooseCaveat,
  estimateFlows,
  flowSince,
  flowsCaveat,
  negativeEarningsCaveat,
  negativeEarningsShare,
  reportedCaveat,
} from "../../src/core/evidence/evidence.ts";
import { localeFor } from "../../src/i18n/index.ts";

const fact: CuratedFact = {
  id: "small-cap-etf-flows",
  claim: "Small-cap ETFs had about $19.5B of net outflows in 2025",
  value: -19.5e9,
  unit: "USD",
  period: { label: "2025", end: "2025-12-31" },
  source: { name: "Duality Research", publishedOn: null, url: null },
  addedOn: "2026-11-21",
};

describe("negativeEarningsShare", () => {
  it("counts negatives over constituents with a figure; missing and duplicates are not guessed", () => {
    // Hand count: A −1 (neg), B 2, C 0 (not negative), D missing, E NaN (missing), A again (duplicate).
    const earnings = new Map<string, number | null>([
      ["A", -1],
      ["B", 2],
      ["C", 0],
      ["E", Number.NaN],
    ]);
    const r = negativeEarningsShare(["A", "B", "C", "D", "E", "A"], earnings);
    expect(r).toMatchObject({ negative: 1, covered: 3, missing: 2, total: 5, missingSymbols: ["D", "E"] });
    expect(r.share).toBeCloseTo(1 / 3, 12);
    expect(negativeEarningsShare(["X"], new Map()).share).toBeNull();
  });
});

describe("flows", () => {
  const history = [
    { date: "2025-12-31", sharesOutstanding: 100, nav: 10 },
    { date: "2026-02-01", sharesOutstanding: 110, nav: 11 },
    { date: "2026-03-01", sharesOutstanding: 105, nav: 12 },
    { date: "2026-03-20", sharesOutstanding: 120, nav: 10 },
  ];
  it("sums Δshares × NAV of the later day from the last point on or before the window start", () => {
    // Hand count, YTD: (110−100)×11 + (105−110)×12 + (120−105)×10 = 110 − 60 + 150 = 200.
    // 30 days before 2026-03-31 is 2026-03-01: only (120−105)×10 = 150.
    // 90 days before is 2025-12-31: the same as YTD, 200.
    const f = estimateFlows(history, "2026-03-31");
    expect(f.ytd).toMatchObject({ from: "2025-12-31", to: "2026-03-20", netFlowUsd: 200 });
    expect(f.ytd.reachesBackTo).toBeUndefined();
    expect(f.d30.netFlowUsd).toBe(150);
    expect(f.d90.netFlowUsd).toBe(200);
  });
  it("says how far back a short history reaches, and never reads after the as-of date", () => {
    const w = flowSince(history.slice(1), "2025-12-31", "2026-03-01");
    // Starts at 2026-02-01: (105−110)×12 = −60.
    expect(w).toMatchObject({ netFlowUsd: -60, reachesBackTo: "2026-02-01", to: "2026-03-01" });
    expect(flowSince(history.slice(0, 1), "2025-12-01", "2026-03-01").netFlowUsd).toBeNull();
  });
  it("builds one caveat over the funds with data, with source and date in its text", () => {
    const c = flowsCaveat(
      [{ fund: "IWM", source: "iShares fund data", flows: estimateFlows(history, "2026-03-31") }],
      "2026-03-31",
      ["VB"],
    );
    expect(c).toMatchObject({ value: 200, unit: "USD", method: "computed", asOf: "2026-03-20" });
    expect(c?.coverage).toMatchObject({ covered: 1, missing: 1, total: 2, note: "no data for VB" });
    expect(c?.text).toContain("iShares fund data");
    expect(c?.text).toContain("2026-03-20");
  });
});

describe("reported facts and the fallback", () => {
  it("labels a fact without a publication date as such, dated by its period", () => {
    const c = reportedCaveat(fact, "2026-11-21");
    expect(c.text).toBe(
      "Small-cap ETFs had about $19.5B of net outflows in 2025, reported by Duality Research (2025 figure; publication date not recorded).",
    );
    expect(c).toMatchObject({ method: "reported", asOf: "2025-12-31", source: "Duality Research" });
    expect(c.stale).toBe(true); // 2025 data, 325 days after its period ended
  });
  it("is stale past the maximum age, counted from the publication date, else from the period's end", () => {
    expect(reportedCaveat(fact, "2026-04-30").stale).toBeUndefined(); // 120 days after 2025-12-31
    expect(reportedCaveat(fact, "2026-05-01").stale).toBe(true);
    const published = { ...fact, source: { ...fact.source, publishedOn: "2026-01-09" } };
    expect(reportedCaveat(published, "2026-06-01").stale).toBe(true);
    expect(
      reportedCaveat(published, "2026-06-01", { reportedMaxAgeDays: 365, computedMaxAgeDays: 14 }).stale,
    ).toBeUndefined();
  });
  it("prefers a fresh computed figure, else the reported one, else the computed one marked stale", () => {
    const computed = negativeEarningsCaveat({
      result: negativeEarningsShare(
        ["A", "B"],
        new Map([
          ["A", -1],
          ["B", 1],
        ]),
      ),
      asOf: "2026-05-05",
      source: "fixture",
    });
    const reported = reportedCaveat(fact, "2026-05-10");
    expect(chooseCaveat(computed, reported, "2026-05-19")).toBe(computed);
    expect(chooseCaveat(computed, reported, "2026-05-20")).toBe(reported);
    expect(chooseCaveat(computed, null, "2026-05-20")?.stale).toBe(true);
    expect(chooseCaveat(null, null, "2026-05-20")).toBeNull();
  });
  it("gives one line per caveat, each with the figure, the source and a date", () => {
    const computed: Caveat = negativeEarningsCaveat({
      result: negativeEarningsShare(
        ["A", "B", "C"],
        new Map([
          ["A", -1],
          ["B", 1],
        ]),
      ),
      asOf: "2026-05-05",
      source: "iShares IWM holdings, Yahoo Finance trailing EPS (2)",
    });
    const lines = caveatLines([computed, { ...reportedCaveat(fact, "2027-06-01") }]);
    expect(lines[0]).toBe(
      "50.0% of Russell 2000 constituents with data had negative trailing 12-month earnings (1 of 2; 1 of 3 without data), computed by riskon from iShares IWM holdings, Yahoo Finance trailing EPS (2), holdings as of 2026-05-05.",
    );
    expect(lines[1]).toMatch(/^\[stale\] .*\$19\.5B.*Duality Research \(2025 figure/);
  });

  it("writes the computed sentences in a chat's language from their figures; quoted words stay as published", () => {
    const es = localeFor("es");
    const computed = negativeEarningsCaveat({
      result: negativeEarningsShare(
        ["A", "B", "C"],
        new Map([
          ["A", -1],
          ["B", 1],
        ]),
      ),
      asOf: "2026-05-05",
      source: "iShares IWM holdings",
    });
    // The same figures as the English line above (1 of 2 with data negative), in Spanish.
    expect(caveatLines([computed], es)[0]?.replace(/\u00a0/g, " ")).toBe(
      "El 50,0 % de los componentes del Russell 2000 con datos tuvo beneficios negativos en los últimos 12 meses (1 de 2; 1 de 3 sin datos), calculado por riskon a partir de iShares IWM holdings, cartera a fecha de 5 may 2026.",
    );
    const history = [
      { date: "2025-12-31", sharesOutstanding: 100, nav: 10 },
      { date: "2026-03-20", sharesOutstanding: 120, nav: 10 },
    ];
    const flows = flowsCaveat(
      [{ fund: "IWM", source: "iShares fund data", flows: estimateFlows(history, "2026-03-31") }],
      "2026-03-31",
      [],
    );
    if (!flows) throw new Error("no flows caveat");
    // (120-100) x 10 = +$200 in each window: each counts from the last point on or before its start (12-31).
    expect(flows.text).toBe(
      "Small-cap ETF net flows (IWM), change in shares outstanding × NAV: year to date +$200, 90 days +$200, 30 days +$200; computed by riskon from iShares fund data, to 2026-03-20.",
    );
    expect(caveatText(flows, es).replace(/\u00a0/g, " ")).toBe(
      "Flujos netos de ETF de pequeña capitalización (IWM), variación de participaciones en circulación × valor liquidativo: en lo que va de año +200 US$, 90 días +200 US$, 30 días +200 US$; calculado por riskon a partir de iShares fund data, hasta el 20 mar 2026.",
    );
    // A curated fact: its claim is the source's words; riskon's words around it are translated.
    expect(caveatText(reportedCaveat(fact, "2026-01-10"), es)).toBe(
      "Small-cap ETFs had about $19.5B of net outflows in 2025, publicado por Duality Research (cifra de 2025; fecha de publicación no registrada).",
    );
    // A caveat cached without its figures is shown as it was written.
    const { phrase: _, ...old } = computed;
    expect(caveatText(old, es)).toBe(computed.text);
  });
});
