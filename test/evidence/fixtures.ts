// The real-format files the evidence tests share, read once: copies of ../shared/formats kept in the repo
// (test/fakes/fixtures/formats, see its README) so a clone tests without ../shared.
import { readFileSync } from "node:fs";

const FORMATS = new URL("../fakes/fixtures/formats/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FORMATS), "utf8");

export const MAY_2026 = read("IWM_holdings-2026-05-05.csv");
export const NOV_2025 = read("IWM_holdings-2025-11-05.csv");
export const NVDA_FACTS = read("CIK0001045810-NVDA-trimmed.json");
export const AAPL_FACTS = read("CIK0000320193-AAPL-trimmed.json");
export const COMPANY_TICKERS = read("company_tickers-trimmed.json");

/** Every date in a companyfacts body moved `years` later (a multiple of 4 keeps 29 February valid). */
export function shiftFactYears(body: string, years: number): string {
  return body.replace(
    /"(\d{4})-(\d{2}-\d{2})"/g,
    (_, y: string, md: string) => `"${Number(y) + years}-${md}"`,
  );
}
