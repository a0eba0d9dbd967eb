// The real IWM holdings downloads (../shared/formats/ishares) parse to the counts in their README.
import { describe, expect, it } from "vitest";
import { flowSince } from "../../src/core/evidence/evidence.ts";
import {
  constituentsOf,
  navFromHoldings,
  parseHoldingsCsv,
  toYahooSymbol,
} from "../../src/data/evidence/ishares-holdings.ts";

import { MAY_2026, NOV_2025 } from "./fixtures.ts";

describe("parseHoldingsCsv on the real files", () => {
  it("reads the preamble and stops the table before the disclaimers", () => {
    // README: May 05 2026, Shares Outstanding 278,750,000.00, 1,929 rows; Nov 05 2025, 281,300,000.00, 1,967.
    const may = parseHoldingsCsv(MAY_2026);
    expect(may).toMatchObject({
      fundName: "iShares Russell 2000 ETF",
      asOf: "2026-05-05",
      sharesOutstanding: 278_750_000,
    });
    expect(may.rows).toHaveLength(1929);
    expect(may.rows[0]).toMatchObject({
      ticker: "BE",
      assetClass: "Equity",
      marketValue: 1_532_594_919.5,
      weightPct: 1.93,
    });
    const nov = parseHoldingsCsv(NOV_2025);
    expect(nov).toMatchObject({ asOf: "2025-11-05", sharesOutstanding: 281_300_000 });
    expect(nov.rows).toHaveLength(1967);
  });

  it("keeps listed equities only and maps class shares to Yahoo symbols", () => {
    // Hand count (grep -c '"Equity"' on the file): 1,924 equity rows; 1,929 − 1,924 = 5 cash/futures rows
    // (XTSLA money market, USD and CAD cash, MSFUT collateral, RTYM6 future). Of the equities, 3 have ticker "-"
    // (ARCELLX Prvt, OMNIAB ×2), 3 are on "NO MARKET (E.G. UNLISTED)" (INH CVR, ADRO ×2) and 3 end in CVR or
    // Escrow (AKE, GTXI, P5N994): 1,924 − 9 = 1,915. CVR ENERGY (CVI) is a company and stays.
    const { symbols, dropped } = constituentsOf(parseHoldingsCsv(MAY_2026));
    const reasons = dropped.map((d) => d.reason);
    expect(reasons.filter((r) => r.startsWith("asset class"))).toHaveLength(5);
    expect(reasons.filter((r) => r === "unlisted")).toHaveLength(3);
    expect(reasons.filter((r) => r === "no ticker")).toHaveLength(3);
    expect(dropped.filter((d) => d.reason.startsWith("escrow")).map((d) => d.ticker)).toEqual([
      "AKE",
      "GTXI",
      "P5N994",
    ]);
    expect(symbols).toHaveLength(1915);
    expect(symbols).toContain("CVI");
    expect(symbols).toContain("MOG-A");
    expect(symbols).toContain("GEF-B");
    expect(symbols).toContain("RUSHA");
    expect(symbols).toContain("ZETA");
    expect(symbols).not.toContain("XTSLA");
    expect(symbols).not.toContain("RTYM6");
  });

  it("maps tickers to Yahoo symbols", () => {
    expect(toYahooSymbol("BRKB")).toBe("BRK-B");
    expect(toYahooSymbol("BRK.B")).toBe("BRK-B");
    expect(toYahooSymbol("BF/B")).toBe("BF-B");
    expect(toYahooSymbol("ACVA")).toBe("ACVA");
  });

  it("estimates NAV and the flow between the two files", () => {
    // Hand count (python csv over every table row): market values sum to 79,332,456,869.53 (May 2026) and
    // 68,953,924,277.55 (Nov 2025); NAV = sum / shares = 284.6007 and 245.1259.
    // Flow = (278,750,000 − 281,300,000) × 284.6007 = −2,550,000 × 284.6007 = −725,731,893.
    const may = parseHoldingsCsv(MAY_2026);
    const nov = parseHoldingsCsv(NOV_2025);
    expect(navFromHoldings(may)).toBeCloseTo(284.6007, 4);
    expect(navFromHoldings(nov)).toBeCloseTo(245.1259, 4);
    const points = [may, nov].map((f) => ({
      date: f.asOf,
      sharesOutstanding: f.sharesOutstanding ?? 0,
      nav: navFromHoldings(f) ?? 0,
    }));
    const w = flowSince(points, "2025-11-05", "2026-05-05");
    expect(w.netFlowUsd).toBeCloseTo(-725_731_893, -1);
  });

  it("refuses an HTML page and a file without a table", () => {
    expect(() => parseHoldingsCsv("<!DOCTYPE html><html><body>error</body></html>")).toThrow(/HTML page/);
    expect(() => parseHoldingsCsv('iShares Russell 2000 ETF\nFund Holdings as of,"May 05, 2026"\n')).toThrow(
      /no holdings table/,
    );
  });
});
