// The iShares "Download holdings" CSV: a preamble (fund, date, shares outstanding), a 15-column table of fully
// quoted fields, then disclaimers (one a multi-line quoted field). Yields the fund's figures and its constituents
// as Yahoo symbols, with cash, money-market, futures and unlisted rows dropped and said why.

import { type IsoDate, isIsoDate } from "../../core/base/dates.ts";
import { SourceError } from "../../core/base/errors.ts";
import { parseCsvRecords } from "../csv.ts";

export const ISHARES = "iShares";
const COLUMNS = 15;

export interface HoldingRow {
  readonly ticker: string;
  readonly name: string;
  readonly sector: string;
  readonly assetClass: string;
  readonly marketValue: number | null;
  readonly weightPct: number | null;
  readonly exchange: string;
}

export interface HoldingsFile {
  readonly fundName: string;
  readonly asOf: IsoDate;
  readonly sharesOutstanding: number | null;
  /** Sum of every row's market value (equities, cash, money market; futures carry 0). */
  readonly totalMarketValue: number;
  readonly rows: readonly HoldingRow[];
}

/** "1,532,594,919.50" → 1532594919.5; "-" or empty → null. */
export function parseNumber(text: string | undefined): number | null {
  const t = (text ?? "").trim();
  if (t === "" || t === "-") return null;
  const n = Number(t.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

/** "May 05, 2026" → "2026-05-05". */
export function parseIsharesDate(text: string): IsoDate | null {
  const m = /^([A-Z][a-z]{2})\w* (\d{1,2}), (\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [, mon, day, year] = m;
  const month = MONTHS[mon ?? ""];
  if (!month) return null;
  const iso = `${year}-${month}-${(day ?? "").padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

const clean = (s: string | undefined) =>
  (s ?? "")
    .replace(/^\uFEFF/, "")
    .replace(/\u00A0/g, " ")
    .trim();

/** Parses a holdings download; throws a SourceError when it is not one (an HTML page, an empty table). */
export function parseHoldingsCsv(text: string, provider = ISHARES): HoldingsFile {
  if (looksLikeHtml(text)) {
    throw new SourceError("the holdings download returned an HTML page, not the CSV", provider, true);
  }
  const records = parseCsvRecords(text);
  const headerAt = records.findIndex((r) => clean(r[0]) === "Ticker" && r.length === COLUMNS);
  if (headerAt < 0)
    throw new SourceError("no holdings table (Ticker header) in the download", provider, true);
  const preamble = new Map<string, string>();
  for (const r of records.slice(0, headerAt)) if (r.length >= 2) preamble.set(clean(r[0]), clean(r[1]));
  const asOf = parseIsharesDate(preamble.get("Fund Holdings as of") ?? "");
  if (!asOf) throw new SourceError("no 'Fund Holdings as of' date in the holdings preamble", provider, false);
  const header = (records[headerAt] ?? []).map(clean);
  const col = (name: string) => header.indexOf(name);
  const idx = {
    ticker: col("Ticker"),
    name: col("Name"),
    sector: col("Sector"),
    assetClass: col("Asset Class"),
    marketValue: col("Market Value"),
    weight: col("Weight (%)"),
    exchange: col("Exchange"),
  };
  if (Object.values(idx).some((i) => i < 0)) {
    throw new SourceError(`unexpected holdings header: ${header.join(",")}`, provider, false);
  }
  const rows: HoldingRow[] = [];
  // The table ends at the first record that is not 15 fields (the NO-BREAK SPACE line before the disclaimers).
  for (const r of records.slice(headerAt + 1)) {
    if (r.length !== COLUMNS) break;
    rows.push({
      ticker: clean(r[idx.ticker]),
      name: clean(r[idx.name]),
      sector: clean(r[idx.sector]),
      assetClass: clean(r[idx.assetClass]),
      marketValue: parseNumber(r[idx.marketValue]),
      weightPct: parseNumber(r[idx.weight]),
      exchange: clean(r[idx.exchange]),
    });
  }
  if (rows.length === 0) throw new SourceError(`the holdings table of ${asOf} is empty`, provider, true);
  return {
    fundName: clean(records[0]?.[0]),
    asOf,
    sharesOutstanding: parseNumber(preamble.get("Shares Outstanding")),
    totalMarketValue: rows.reduce((sum, r) => sum + (r.marketValue ?? 0), 0),
    rows,
  };
}

export function looksLikeHtml(text: string): boolean {
  const head = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  return head.startsWith("<") || head.includes("<html") || head.includes("<!doctype");
}

/**
 * iShares writes class shares without the separator (BRKB); Yahoo wants BRK-B. A rule cannot tell them apart
 * (ZETA, ACVA, IBTA, CIA, ZVIA, BETA, CBNA are "CLASS A" names whose real NYSE ticker ends in A), so NYSE class
 * shares are listed here. Nasdaq class tickers (RUSHA, BELFB) are already what Yahoo uses.
 */
export const CLASS_SHARE_SYMBOLS: Readonly<Record<string, string>> = {
  BRKA: "BRK-A",
  BRKB: "BRK-B",
  BFA: "BF-A",
  BFB: "BF-B",
  MOGA: "MOG-A",
  MOGB: "MOG-B",
  GEFB: "GEF-B",
  CRDA: "CRD-A",
  CRDB: "CRD-B",
  HEIA: "HEI-A",
  LGFA: "LGF-A",
  LGFB: "LGF-B",
  LENB: "LEN-B",
  UHALB: "UHAL-B",
  WSOB: "WSO-B",
  HVTA: "HVT-A",
  AKOA: "AKO-A",
  AKOB: "AKO-B",
};

/** The Yahoo symbol of an iShares ticker: the class-share table, else "." "/" " " become "-". */
export function toYahooSymbol(ticker: string): string {
  const t = ticker.trim().toUpperCase();
  return CLASS_SHARE_SYMBOLS[t] ?? t.replace(/[./ ]+/g, "-");
}

export interface DroppedRow {
  readonly ticker: string;
  readonly name: string;
  readonly reason: string;
}

export interface Constituents {
  /** Distinct Yahoo symbols of the listed equity holdings, in file order. */
  readonly symbols: readonly string[];
  readonly dropped: readonly DroppedRow[];
}

// At the end of the name only: "CVR ENERGY INC" is a company, "AKERO THERAPEUTICS CVR" is a contingent right.
const NOT_A_COMPANY = /\b(ESCROW|CVR|PRVT|RIGHTS?|WARRANTS?)\s*$/i;

/**
 * Listed equity holdings only: asset class "Equity" (cash, money market, collateral, futures and other
 * derivatives go), a real ticker (not "-"), a listing (not "NO MARKET"), and not an escrow, CVR, private
 * placement, right or warrant line.
 */
export function constituentsOf(file: HoldingsFile): Constituents {
  const symbols: string[] = [];
  const seen = new Set<string>();
  const dropped: DroppedRow[] = [];
  for (const row of file.rows) {
    const drop = (reason: string) => dropped.push({ ticker: row.ticker, name: row.name, reason });
    if (row.assetClass !== "Equity") drop(`asset class ${row.assetClass}`);
    else if (row.ticker === "" || row.ticker === "-") drop("no ticker");
    else if (/^NO MARKET/i.test(row.exchange)) drop("unlisted");
    else if (NOT_A_COMPANY.test(row.name)) drop("escrow, CVR, private placement, right or warrant");
    else {
      const symbol = toYahooSymbol(row.ticker);
      if (seen.has(symbol)) drop("duplicate ticker");
      else {
        seen.add(symbol);
        symbols.push(symbol);
      }
    }
  }
  return { symbols, dropped };
}

/** NAV per share estimated from the file: total market value over shares outstanding. */
export function navFromHoldings(file: HoldingsFile): number | null {
  if (!file.sharesOutstanding || file.sharesOutstanding <= 0) return null;
  return file.totalMarketValue / file.sharesOutstanding;
}
