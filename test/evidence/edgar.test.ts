// EDGAR: real companyfacts (../shared/formats/sec) to trailing 12-month net income, and the client's
// User-Agent, ≤10 requests a second and 429 backoff against a local fake.
import { afterEach, describe, expect, it } from "vitest";
import { SourceError } from "../../src/core/base/errors.ts";
import { checkSecUserAgent, EdgarClient } from "../../src/data/evidence/edgar-client.ts";
import {
  companyFactsSchema,
  parseCompanyTickers,
  trailingEarnings,
} from "../../src/data/evidence/edgar-facts.ts";
import { secUrls, startSecFake } from "../fakes/sec-server.ts";
import { AAPL_FACTS, COMPANY_TICKERS, NVDA_FACTS } from "./fixtures.ts";
import type { LocalServer } from "./local-server.ts";

describe("trailingEarnings on real companyfacts", () => {
  it("NVDA: last fiscal year + year to date − the same months a year earlier", () => {
    // From us-gaap NetIncomeLoss USD in the file: FY ending 2024-01-28 (10-K, frame CY2023) 29,760,000,000;
    // 9 months 2024-01-29..2024-10-27 (10-Q filed 2024-11-20) 50,789,000,000; 9 months 2023-01-30..2023-10-29
    // 17,475,000,000. TTM = 29,760 + 50,789 − 17,475 = 63,074 ($M). Cross-check, quarters: CY2024Q3 19,309 +
    // CY2024Q2 16,599 + CY2024Q1 14,881 + (29,760 − 17,475 = 12,285) = 63,074.
    const ttm = trailingEarnings(companyFactsSchema.parse(JSON.parse(NVDA_FACTS)), "2024-12-31");
    expect(ttm).toEqual({
      value: 63_074_000_000,
      method: "annual-plus-ytd",
      periodEnd: "2024-10-27",
      concept: "us-gaap:NetIncomeLoss",
      unit: "USD",
    });
  });
  it("AAPL: the fiscal year ending on the latest period end", () => {
    // From the file: FY 2023-10-01..2024-09-28 (10-K filed 2024-11-01, frame CY2024) 93,736,000,000.
    // Cross-check: CY2023Q4 33,916 + CY2024Q1 23,636 + CY2024Q2 21,448 + (93,736 − 79,000) = 93,736 ($M).
    const ttm = trailingEarnings(companyFactsSchema.parse(JSON.parse(AAPL_FACTS)), "2024-12-31");
    expect(ttm).toMatchObject({ value: 93_736_000_000, method: "fiscal-year", periodEnd: "2024-09-28" });
  });
  it("does not read periods after the as-of date, and gives up on a figure older than 550 days", () => {
    const facts = companyFactsSchema.parse(JSON.parse(AAPL_FACTS));
    // As of 2024-08-01 the latest period is the quarter ending 2024-06-29; the fiscal year ending 2023-09-30
    // + 9 months to 2024-06-29 (79,000) − 9 months to 2023-07-01 (74,039) = 96,995 + 4,961 = 101,956 ($M).
    expect(trailingEarnings(facts, "2024-08-01")).toMatchObject({
      value: 101_956_000_000,
      method: "annual-plus-ytd",
    });
    expect(trailingEarnings(facts, "2026-06-01")).toBeNull();
  });
  it("maps tickers to CIKs from company_tickers.json", () => {
    const map = parseCompanyTickers(JSON.parse(COMPANY_TICKERS));
    expect(map.get("AAPL")).toBe(320193);
    expect(map.get("BRK-B")).toBe(1067983);
    expect(map.get("CRDO")).toBe(1807794);
  });
});

describe("EdgarClient against a fake", () => {
  let server: LocalServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  const facts = new Map([
    [1045810, NVDA_FACTS],
    [320193, AAPL_FACTS],
  ]);

  it("sends the User-Agent, spaces requests at least 100 ms apart, and waits out a 429", async () => {
    server = await startSecFake({
      companyTickers: COMPANY_TICKERS,
      companyFacts: facts,
      rateLimitFirst: 1,
      retryAfterSeconds: 0,
    });
    // Request starts are timed where they leave the client (the server sees connection set-up jitter).
    const starts: number[] = [];
    const timedFetch: typeof fetch = (input, init) => {
      starts.push(performance.now());
      return fetch(input, init);
    };
    const client = new EdgarClient({
      userAgent: "riskon-test ops@example.com",
      ...secUrls(server),
      backoffMs: 5,
      fetch: timedFetch,
    });
    const [nvda, aapl, tickers] = await Promise.all([
      client.trailingEarnings(1045810, "2024-12-31"),
      client.trailingEarnings(320193, "2024-12-31"),
      client.companyTickers(),
    ]);
    expect(nvda?.value).toBe(63_074_000_000);
    expect(aapl?.value).toBe(93_736_000_000);
    expect(tickers.get("NVDA")).toBe(1045810);
    expect(server.requests).toHaveLength(4); // the first was answered 429 and repeated
    expect(server.requests.every((r) => r.headers["user-agent"] === "riskon-test ops@example.com")).toBe(
      true,
    );
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(98); // ≤ 10 a second (timer slack 2 ms)
  });

  it("gives up with a retryable SourceError when the 429s outlast the retries; 404 is null", async () => {
    server = await startSecFake({
      companyTickers: COMPANY_TICKERS,
      companyFacts: facts,
      alwaysRateLimited: true,
    });
    const client = new EdgarClient({
      userAgent: "riskon-test ops@example.com",
      ...secUrls(server),
      minIntervalMs: 1,
      backoffMs: 1,
      maxRetries: 2,
    });
    const error = await client.trailingEarnings(1045810, "2024-12-31").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
    await server.close();
    server = await startSecFake({ companyTickers: COMPANY_TICKERS, companyFacts: facts });
    const ok = new EdgarClient({
      userAgent: "riskon-test ops@example.com",
      ...secUrls(server),
      minIntervalMs: 1,
    });
    expect(await ok.trailingEarnings(1, "2024-12-31")).toBeNull();
  });

  it("requires a User-Agent with a contact address", () => {
    expect(checkSecUserAgent(undefined)).toBeNull();
    expect(checkSecUserAgent("  ")).toBeNull();
    expect(checkSecUserAgent("riskon ops@example.com")).toBe("riskon ops@example.com");
    expect(() => checkSecUserAgent("riskon")).toThrow(/contact e-mail/);
  });
});
