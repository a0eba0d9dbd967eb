// Fake iShares holdings endpoint: serves real-format CSV downloads (by ?asOfDate=YYYYMMDD, else the latest),
// with faults: an HTML page instead of the CSV, an HTTP error status.
import { type LocalServer, startLocalServer } from "../evidence/local-server.ts";

export const HOLDINGS_PATH = "/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax";

export interface IsharesFakeOptions {
  /** The current file. */
  readonly latest: string;
  /** Archive files by YYYYMMDD; an asked date without a file answers with an empty-table CSV, like iShares. */
  readonly byDate?: Readonly<Record<string, string>>;
  /** "html": a 200 text/html page (consent wall or error page); a number: that HTTP status. */
  readonly fault?: "html" | number;
}

export const HTML_PAGE =
  '<!DOCTYPE html>\n<html lang="en"><head><title>iShares | BlackRock</title></head><body><h1>Something went wrong</h1></body></html>\n';

const EMPTY_TABLE =
  '\uFEFFiShares Russell 2000 ETF\nFund Holdings as of,"-"\nInception Date,"May 22, 2000"\nShares Outstanding,"-"\n\u00A0\nTicker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date\n\u00A0';

export function startIsharesFake(options: IsharesFakeOptions): Promise<LocalServer> {
  return startLocalServer((url, _req, res) => {
    if (url.pathname !== HOLDINGS_PATH) {
      res.writeHead(404, { "content-type": "text/html" });
      res.end(HTML_PAGE);
      return;
    }
    if (options.fault === "html") {
      res.writeHead(200, { "content-type": "text/html;charset=UTF-8" });
      res.end(HTML_PAGE);
      return;
    }
    if (typeof options.fault === "number") {
      res.writeHead(options.fault, { "content-type": "text/plain" });
      res.end("error");
      return;
    }
    const asOf = url.searchParams.get("asOfDate");
    const body = asOf ? (options.byDate?.[asOf] ?? EMPTY_TABLE) : options.latest;
    res.writeHead(200, { "content-type": "text/csv;charset=UTF-8" });
    res.end(body);
  });
}

export function holdingsUrl(server: LocalServer): string {
  return `${server.url}${HOLDINGS_PATH}?fileType=csv&fileName=IWM_holdings&dataType=fund`;
}
