// Fake Yahoo Finance for quote(): the cookie page, /v1/test/getcrumb and /v7/finance/quote in the recorded
// real format (fixtures/formats/quote-AAPL-BABA.json, copied from ../shared/formats/yahoo), with faults: symbols left out of an answer
// (a partial batch), and a batch answered with an HTTP error.
import { readFileSync } from "node:fs";
import { type LocalServer, startLocalServer } from "../evidence/local-server.ts";

export const YAHOO_FORMATS = new URL("./fixtures/formats/", import.meta.url);

interface Recording {
  response: { bodyJson: { quoteResponse: { result: Array<Record<string, unknown>> } } };
}

/** The real AAPL quote object, used as the template every fake quote is built from. */
export function realQuoteTemplate(): Record<string, unknown> {
  const rec = JSON.parse(readFileSync(new URL("quote-AAPL-BABA.json", YAHOO_FORMATS), "utf8")) as Recording;
  const first = rec.response.bodyJson.quoteResponse.result[0];
  if (!first) throw new Error("quote-AAPL-BABA.json has no result");
  return first;
}

export interface YahooFakeOptions {
  /** Symbol → the quote fields to set on the real template (symbol is set by the fake). */
  readonly quotes: ReadonlyMap<string, Record<string, unknown>>;
  /** Symbols never returned (Yahoo silently leaves unknown symbols out). */
  readonly omit?: ReadonlySet<string>;
  /** A batch containing this symbol answers with this HTTP status. */
  readonly failBatchWith?: { readonly symbol: string; readonly status: number };
}

export function startYahooFake(options: YahooFakeOptions): Promise<LocalServer> {
  const template = realQuoteTemplate();
  return startLocalServer((url, _req, res) => {
    if (url.pathname.startsWith("/quote/")) {
      res.writeHead(200, {
        "content-type": "text/html",
        "set-cookie":
          "A3=d=fake&S=fake; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=2000000000; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly",
      });
      res.end("<html><body>quote</body></html>");
      return;
    }
    if (url.pathname === "/v1/test/getcrumb") {
      res.writeHead(200, { "content-type": "text/plain;charset=utf-8" });
      res.end("haT3oykhHqZ");
      return;
    }
    if (url.pathname === "/v7/finance/quote") {
      const symbols = (url.searchParams.get("symbols") ?? "").split(",").filter(Boolean);
      const fail = options.failBatchWith;
      if (fail && symbols.includes(fail.symbol)) {
        res.writeHead(fail.status, { "content-type": "text/plain" });
        res.end(fail.status === 429 ? "Edge: Too Many Requests" : "Internal Server Error");
        return;
      }
      const result = symbols
        .filter((s) => !options.omit?.has(s))
        .map((s) => {
          const fields = options.quotes.get(s);
          return fields ? { ...template, ...fields, symbol: s } : null;
        })
        .filter((q) => q !== null);
      res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
      res.end(JSON.stringify({ quoteResponse: { result, error: null } }));
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
}
