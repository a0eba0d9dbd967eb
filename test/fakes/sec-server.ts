// Fake SEC EDGAR: company_tickers.json and companyfacts/CIK##########.json in the real formats, refusing a
// request without a User-Agent (403, as SEC does) and answering 429 to the first `rateLimitFirst` requests.
import { type LocalServer, startLocalServer } from "../evidence/local-server.ts";

export interface SecFakeOptions {
  /** The body of company_tickers.json. */
  readonly companyTickers: string;
  /** CIK (number) → companyfacts body. */
  readonly companyFacts: ReadonlyMap<number, string>;
  readonly rateLimitFirst?: number;
  /** Retry-After seconds sent with a 429 (none when undefined). */
  readonly retryAfterSeconds?: number;
  /** Every request answers 429. */
  readonly alwaysRateLimited?: boolean;
}

export function startSecFake(options: SecFakeOptions): Promise<LocalServer> {
  let seen = 0;
  return startLocalServer((url, req, res) => {
    seen += 1;
    if (!req.headers["user-agent"] || !/@/.test(String(req.headers["user-agent"]))) {
      res.writeHead(403, { "content-type": "text/html" });
      res.end(
        "<html><body>Your request has been identified as part of a network of automated tools</body></html>",
      );
      return;
    }
    if (options.alwaysRateLimited || seen <= (options.rateLimitFirst ?? 0)) {
      const headers: Record<string, string> = { "content-type": "text/html" };
      if (options.retryAfterSeconds !== undefined) headers["retry-after"] = String(options.retryAfterSeconds);
      res.writeHead(429, headers);
      res.end("<html><body>Request Rate Threshold Exceeded</body></html>");
      return;
    }
    if (url.pathname === "/files/company_tickers.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(options.companyTickers);
      return;
    }
    const m = /^\/api\/xbrl\/companyfacts\/CIK(\d{10})\.json$/.exec(url.pathname);
    const body = m ? options.companyFacts.get(Number(m[1])) : undefined;
    if (!body) {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not Found</body></html>");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
}

export function secUrls(server: LocalServer): { dataBaseUrl: string; tickersUrl: string } {
  return { dataBaseUrl: server.url, tickersUrl: `${server.url}/files/company_tickers.json` };
}
