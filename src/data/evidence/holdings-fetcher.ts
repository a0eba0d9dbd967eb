// Downloads an iShares holdings CSV (today's, or a past date with &asOfDate=YYYYMMDD) and parses it; an HTML
// page (consent wall, error page, a moved URL) or a non-2xx answer is a SourceError, never a silent empty list.
import type { IsoDate } from "../../core/base/dates.ts";
import { SourceError } from "../../core/base/errors.ts";
import { httpGet } from "./http-get.ts";
import { type HoldingsFile, ISHARES, looksLikeHtml, parseHoldingsCsv } from "./ishares-holdings.ts";

/** The "Download holdings" link of iShares Russell 2000 ETF (IWM). */
export const IWM_HOLDINGS_URL =
  "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund";
/** The same link for iShares Core S&P Small-Cap ETF (IJR). */
export const IJR_HOLDINGS_URL =
  "https://www.ishares.com/us/products/239774/ishares-core-sp-smallcap-etf/1467271812596.ajax?fileType=csv&fileName=IJR_holdings&dataType=fund";

export interface HoldingsFetcherOptions {
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export function holdingsUrlFor(url: string, asOf?: IsoDate): string {
  if (!asOf) return url;
  const u = new URL(url);
  u.searchParams.set("asOfDate", asOf.replace(/-/g, ""));
  return u.toString();
}

export async function fetchHoldings(
  url: string,
  asOf?: IsoDate,
  options: HoldingsFetcherOptions = {},
): Promise<HoldingsFile> {
  const answer = await httpGet(holdingsUrlFor(url, asOf), {
    provider: ISHARES,
    headers: { accept: "text/csv,*/*" },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (answer.status < 200 || answer.status >= 300) {
    throw new SourceError(`holdings download answered HTTP ${answer.status}`, ISHARES, answer.status >= 500);
  }
  if (answer.contentType.includes("text/html") || looksLikeHtml(answer.text)) {
    throw new SourceError("the holdings download returned an HTML page, not the CSV", ISHARES, true);
  }
  return parseHoldingsCsv(answer.text);
}
