// The live evidence source end to end against local fakes in the real formats: the real May-2026 IWM holdings,
// a deterministic quote fixture, EDGAR companyfacts; then every fault down to "all sources failing".
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import caveatsCommand from "../../commands/caveats.ts";
import type { CommandContext } from "../../src/core/answers/command.ts";
import { caveatLines } from "../../src/core/evidence/evidence.ts";
import { loadCuratedFacts } from "../../src/data/evidence/curated-facts.ts";
import { EdgarClient } from "../../src/data/evidence/edgar-client.ts";
import { JsonFileEvidenceCache, MemoryEvidenceCache } from "../../src/data/evidence/evidence-cache.ts";
import { constituentsOf, parseHoldingsCsv } from "../../src/data/evidence/ishares-holdings.ts";
import { CuratedEvidenceSource, LiveEvidenceSource } from "../../src/data/evidence/live-evidence.ts";
import { YahooQuoteSource } from "../../src/data/evidence/yahoo-quotes.ts";
import { localeFor } from "../../src/i18n/index.ts";
import { holdingsUrl, startIsharesFake } from "../fakes/ishares-server.ts";
import { secUrls, startSecFake } from "../fakes/sec-server.ts";
import { startYahooFake } from "../fakes/yahoo-quote-server.ts";
import { COMPANY_TICKERS, MAY_2026, NOV_2025, NVDA_FACTS, shiftFactYears } from "./fixtures.ts";
import type { LocalServer } from "./local-server.ts";

/**
 * The quote fixture rule: FNV-1a (32-bit) of the Yahoo symbol, h; trailing EPS = ((h mod 2001) − 700) / 100.
 * Symbols with h mod 97 = 0, and BE, CRDO, STRL, FN, are left out of Yahoo's answers (missing tickers).
 * EDGAR serves NVDA's real companyfacts with every date moved 4 years later (so a figure exists before the
 * 2026-05-05 holdings date: NVDA's own TTM to 2022-05-01, positive) for BE and FN, the same with every value
 * negated for CRDO (a loss), and 404 for STRL.
 *
 * Hand count (python, csv module over the holdings file, own filter, own FNV-1a; not this code):
 * 1,915 constituents; 35 left out by Yahoo; of the 1,880 with EPS, 652 negative (34.68%).
 * With EDGAR: 653 negative of 1,883 (34.68%), 32 missing. With the third batch of 100 (PI..MHO, file order,
 * contains OII) answering HTTP 500 and no EDGAR: 619 negative of 1,783, 132 missing.
 */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const SYMBOLS = constituentsOf(parseHoldingsCsv(MAY_2026)).symbols;
const FORCED = new Set(["BE", "CRDO", "STRL", "FN"]);
const OMIT = new Set(SYMBOLS.filter((s) => fnv1a(s) % 97 === 0 || FORCED.has(s)));
const QUOTES = new Map<string, Record<string, unknown>>(
  SYMBOLS.map((s) => [s, { epsTrailingTwelveMonths: ((fnv1a(s) % 2001) - 700) / 100 }]),
);
QUOTES.set("VB", {
  quoteType: "ETF",
  sharesOutstanding: 500_000_000,
  regularMarketPrice: 250,
  regularMarketTime: 1_778_000_000,
});
const SHIFTED = shiftFactYears(NVDA_FACTS, 4);
const negated = SHIFTED.replace(/"val":(\d)/g, '"val":-$1');
const CURATED = loadCuratedFacts();
const AGENT = "riskon-test ops@example.com";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  opts: { yahooFail?: boolean; holdingsFault?: "html" | number; secUp?: boolean; sec429?: boolean } = {},
) {
  const ishares = await startIsharesFake({
    latest: MAY_2026,
    byDate: { "20251105": NOV_2025 },
    ...(opts.holdingsFault !== undefined ? { fault: opts.holdingsFault } : {}),
  });
  const yahoo = await startYahooFake({
    quotes: QUOTES,
    omit: OMIT,
    ...(opts.yahooFail ? { failBatchWith: { symbol: "OII", status: 500 } } : {}),
  });
  const sec = await startSecFake({
    companyTickers: COMPANY_TICKERS,
    companyFacts: new Map([
      [1664703, SHIFTED],
      [1408710, SHIFTED],
      [1807794, negated],
    ]),
    ...(opts.sec429 ? { alwaysRateLimited: true } : {}),
  });
  servers.push(ishares, yahoo, sec);
  return { ishares, yahoo, sec };
}

describe("negative-earnings share from the fakes", () => {
  it("matches the hand count with Yahoo and EDGAR", async () => {
    const { ishares, yahoo, sec } = await setup();
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache: new MemoryEvidenceCache(),
      holdingsUrl: holdingsUrl(ishares),
      quotes: new YahooQuoteSource({ baseUrl: yahoo.url }),
      edgar: new EdgarClient({ userAgent: AGENT, ...secUrls(sec), minIntervalMs: 1 }),
      funds: [],
    });
    const c = await source.computeNegativeEarnings();
    expect(c.coverage).toMatchObject({ covered: 1883, missing: 32, total: 1915 });
    expect(c.value).toBe(34.7); // 653 / 1,883 = 34.68%
    expect(c.asOf).toBe("2026-05-05");
    expect(c.text).toContain("653 of 1,883");
    expect(c.source).toContain("SEC EDGAR company facts (3)");
    expect(yahoo.requests.filter((r) => r.path.startsWith("/v7/finance/quote"))).toHaveLength(20);
  });

  it("skips EDGAR without SEC_USER_AGENT and says so; a failed batch leaves its symbols missing", async () => {
    const { ishares, yahoo } = await setup({ yahooFail: true });
    const log: string[] = [];
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache: new MemoryEvidenceCache(),
      holdingsUrl: holdingsUrl(ishares),
      quotes: new YahooQuoteSource({ baseUrl: yahoo.url }),
      edgar: null,
      funds: [],
      log: (m) => log.push(m),
    });
    const c = await source.computeNegativeEarnings();
    expect(c.coverage).toMatchObject({ covered: 1783, missing: 132, total: 1915 });
    expect(c.text).toContain("619 of 1,783");
    expect(c.coverage?.note).toContain("SEC EDGAR skipped: SEC_USER_AGENT not set");
    expect(c.coverage?.note).toContain("1 Yahoo quote batch(es) failed");
    expect(log.some((m) => m.includes("batch PI"))).toBe(true);
  });

  it("EDGAR 429 beyond the retries stops the lookups and keeps the Yahoo figure", async () => {
    const { ishares, yahoo, sec } = await setup({ sec429: true });
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache: new MemoryEvidenceCache(),
      holdingsUrl: holdingsUrl(ishares),
      quotes: new YahooQuoteSource({ baseUrl: yahoo.url }),
      edgar: new EdgarClient({
        userAgent: AGENT,
        ...secUrls(sec),
        minIntervalMs: 1,
        backoffMs: 1,
        maxRetries: 1,
      }),
      funds: [],
    });
    const c = await source.computeNegativeEarnings();
    expect(c.coverage).toMatchObject({ covered: 1880, missing: 35 });
    expect(c.coverage?.note).toMatch(/SEC EDGAR unavailable \(rate-limited/);
  });
});

describe("getCaveats", () => {
  it("computes, caches for a week, records fund data and backfills from the issuer's archive", async () => {
    const { ishares, yahoo } = await setup();
    const dir = mkdtempSync(join(tmpdir(), "riskon-evidence-"));
    try {
      const cache = new JsonFileEvidenceCache(join(dir, "evidence.json"));
      const make = () =>
        new LiveEvidenceSource({
          curated: CURATED,
          cache,
          holdingsUrl: holdingsUrl(ishares),
          quotes: new YahooQuoteSource({ baseUrl: yahoo.url }),
          edgar: null,
          funds: [
            { fund: "IWM", kind: "ishares", holdingsUrl: holdingsUrl(ishares) },
            { fund: "VB", kind: "yahoo" },
          ],
        });
      const caveats = await make().getCaveats("2026-05-06");
      const negative = caveats.find((c) => c.id === "negative-earnings-share");
      expect(negative).toMatchObject({ method: "computed", asOf: "2026-05-05", value: 34.7 });
      // IWM: the latest file twice (constituents, then the fund's daily record) and the archive at the window
      // starts 2025-12-31, 2026-02-05, 2026-04-06 (empty tables in the fake): one point, no flow yet.
      // VB has one recorded day. Neither has two points, so the flows figure is the curated one.
      const flows = caveats.find((c) => c.id === "small-cap-etf-flows");
      expect(flows).toMatchObject({ method: "reported", source: "Duality Research", asOf: "2025-12-31" });
      const asked = ishares.requests.map((r) => new URL(r.path, "http://x").searchParams.get("asOfDate"));
      expect(asked).toEqual([null, null, "20251231", "20260205", "20260406"]);
      const saved = JSON.parse(readFileSync(join(dir, "evidence.json"), "utf8"));
      expect(saved.negativeEarnings.computedOn).toBe("2026-05-06");
      expect(saved.shares.IWM).toEqual([
        { date: "2026-05-05", sharesOutstanding: 278_750_000, nav: expect.any(Number) },
      ]);
      expect(saved.shares.VB[0]).toMatchObject({ sharesOutstanding: 500_000_000, nav: 250 });
      // A second run within the week reuses the figure: no new quote batches for the constituents.
      const quoteCalls = yahoo.requests.length;
      await make().getCaveats("2026-05-12");
      const newQuotes = yahoo.requests.slice(quoteCalls).filter((r) => r.path.includes("symbols=BE"));
      expect(newQuotes).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("computes IWM flows from two holdings files", async () => {
    const { ishares } = await setup();
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache: new MemoryEvidenceCache({
        version: 1,
        shares: { IWM: [{ date: "2025-11-05", sharesOutstanding: 281_300_000, nav: 245.1259 }] },
        recordedOn: {},
        backfillTried: { IWM: ["2025-12-31", "2026-02-05", "2026-04-06"] },
      }),
      holdingsUrl: holdingsUrl(ishares),
      quotes: null,
      edgar: null,
      funds: [{ fund: "IWM", kind: "ishares", holdingsUrl: holdingsUrl(ishares) }],
    });
    const flows = (await source.getCaveats("2026-05-06")).find((c) => c.id === "small-cap-etf-flows");
    // (278,750,000 − 281,300,000) × 284.6007 = −$725.7M (see ishares-holdings.test.ts); the one earlier point,
    // 2025-11-05, is before all three window starts, so YTD, 90 and 30 days are the same figure.
    expect(flows).toMatchObject({ method: "computed", asOf: "2026-05-05", unit: "USD" });
    expect(flows?.value).toBeCloseTo(-725_731_893, -2);
    expect(flows?.text).toContain("year to date −$725.7M");
    expect(flows?.text).toContain("iShares fund data");
  });

  it("records VB and VTWO from daily quotes, one point a day, and sums their flows over the days", async () => {
    const { ishares, yahoo } = await setup();
    const cache = new MemoryEvidenceCache();
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache,
      holdingsUrl: holdingsUrl(ishares),
      quotes: new YahooQuoteSource({ baseUrl: yahoo.url }),
      edgar: null,
      funds: [
        { fund: "VB", kind: "yahoo" },
        { fund: "VTWO", kind: "yahoo" },
      ],
    });
    const quote = (shares: number, nav: number, iso: string) => ({
      quoteType: "ETF",
      sharesOutstanding: shares,
      regularMarketPrice: nav,
      regularMarketTime: Date.parse(iso) / 1000,
    });
    const days: Array<[string, [number, number] | null, [number, number] | null]> = [
      ["2026-05-06", [500_000_000, 250], [100_000_000, 80]],
      ["2026-05-07", [504_000_000, 252], [99_000_000, 81]],
      ["2026-05-08", [501_000_000, 251], null], // no VTWO quote that day: its last point stays
    ];
    const saved = { VB: QUOTES.get("VB") };
    let flows: Awaited<ReturnType<typeof source.getCaveats>>[number] | undefined;
    try {
      for (const [day, vb, vtwo] of days) {
        if (vb) QUOTES.set("VB", quote(vb[0], vb[1], `${day}T20:00:00Z`));
        if (vtwo) QUOTES.set("VTWO", quote(vtwo[0], vtwo[1], `${day}T20:00:00Z`));
        else QUOTES.delete("VTWO");
        flows = (await source.getCaveats(day)).find((c) => c.id === "small-cap-etf-flows");
        await source.getCaveats(day); // a second call the same day records nothing more
      }
    } finally {
      QUOTES.set("VB", saved.VB ?? {});
      QUOTES.delete("VTWO");
    }
    // By hand: VB (504M − 500M) × 252 + (501M − 504M) × 251 = 1,008M − 753M = +$255M;
    // VTWO (99M − 100M) × 81 = −$81M. Sum +$174M, over 2026-05-06 .. 2026-05-08.
    expect(flows).toMatchObject({ method: "computed", unit: "USD" });
    expect(flows?.value).toBeCloseTo(174_000_000, -2);
    const state = await cache.load();
    expect(state.shares.VB?.map((p) => p.date)).toEqual(["2026-05-06", "2026-05-07", "2026-05-08"]);
    expect(state.shares.VTWO?.map((p) => p.date)).toEqual(["2026-05-06", "2026-05-07"]);
  });

  it("with every live source failing, still answers with the curated caveats and their dates", async () => {
    const { ishares, sec } = await setup({ holdingsFault: "html", sec429: true });
    const log: string[] = [];
    const source = new LiveEvidenceSource({
      curated: CURATED,
      cache: new MemoryEvidenceCache(),
      holdingsUrl: holdingsUrl(ishares),
      quotes: new YahooQuoteSource({ baseUrl: "http://127.0.0.1:9" }),
      edgar: new EdgarClient({
        userAgent: AGENT,
        ...secUrls(sec),
        minIntervalMs: 1,
        backoffMs: 1,
        maxRetries: 0,
      }),
      funds: [
        { fund: "IWM", kind: "ishares", holdingsUrl: holdingsUrl(ishares) },
        { fund: "VTWO", kind: "yahoo" },
      ],
      log: (m) => log.push(m),
    });
    const caveats = await source.getCaveats("2026-11-21");
    expect(caveats.map((c) => [c.id, c.method, c.source, c.asOf])).toEqual([
      ["negative-earnings-share", "reported", "The Kobeissi Letter", "2025-09-30"],
      ["small-cap-etf-flows", "reported", "Duality Research", "2025-12-31"],
    ]);
    expect(log.some((m) => m.includes("HTML page"))).toBe(true);
    for (const line of caveatLines(caveats)) {
      expect(line).toMatch(
        /reported by (The Kobeissi Letter|Duality Research) \((Q3 )?2025 figure; publication date not recorded\)/,
      );
    }
  });
});

describe("/caveats", () => {
  const context = (evidence: unknown): CommandContext =>
    ({
      market: {} as CommandContext["market"],
      today: "2026-11-21",
      now: Date.parse("2026-11-21T12:00:00Z"),
      commands: [],
      invoke: async () => {
        throw new Error("not used");
      },
      evidence,
      locale: localeFor("en"),
    }) as CommandContext;

  it("shows the evidence card with method, coverage, source and date, and the JSON fields", async () => {
    const reply = await caveatsCommand.run(context(new CuratedEvidenceSource(CURATED)), {});
    expect(reply.table?.rows).toEqual([
      // Both are stale by 2026-11-21: more than 120 days after the periods they describe ended.
      [
        "Small-cap ETF net flows",
        "−$19.5B",
        "reported (stale)",
        "as published",
        "Duality Research",
        "2025-12-31",
      ],
      [
        "Russell 2000 with negative TTM earnings",
        "40.0%",
        "reported (stale)",
        "as published",
        "The Kobeissi Letter",
        "2025-09-30",
      ],
    ]);
    expect(reply.lines[0]).toContain(
      "reported by Duality Research (2025 figure; publication date not recorded)",
    );
    expect(reply.data.caveats).toEqual([
      {
        id: "small-cap-etf-flows",
        text: "Small-cap ETFs had about $19.5B of net outflows in 2025, reported by Duality Research (2025 figure; publication date not recorded).",
        value: -19_500_000_000,
        unit: "USD",
        source: "Duality Research",
        asOf: "2025-12-31",
        method: "reported",
        stale: true,
      },
      expect.objectContaining({ id: "negative-earnings-share", method: "reported", asOf: "2025-09-30" }),
    ]);
  });

  it("says so when the app has no evidence source", async () => {
    const reply = await caveatsCommand.run(context(undefined), {});
    expect(reply.lines[0]).toMatch(/not configured/);
    expect(reply.data.caveats).toEqual([]);
  });
});
