// A fake CoinGecko API v3 (/global, /coins/markets) in the recorded format (fixtures/formats): the /global body
// is the recorded one with a current `updated_at`; /coins/markets rows take today's close from the real history.
import { barOnOrBefore } from "../../src/core/base/series.ts";
import { COINGECKO_IDS } from "../../src/data/live/coingecko-source.ts";
import { FakeHttpServer, type FakeRequest, type FakeResponse, type RouteMode } from "./fake-http.ts";
import { formatFixture, history } from "./history.ts";

/** Rough circulating supplies (late 2025) so market caps are plausible; the prices are real closes. */
const SUPPLY: Readonly<Record<string, number>> = {
  BTC: 19.9e6,
  ETH: 120.7e6,
  XRP: 59.8e9,
  SOL: 540e6,
  ADA: 36.5e9,
  AVAX: 422e6,
  DOGE: 150e9,
  LINK: 678e6,
  TRX: 94.7e9,
  XLM: 31.9e9,
  BNB: 139e6,
  LTC: 76e6,
  DOT: 1.6e9,
  XMR: 18.4e6,
  EOS: 1.5e9,
  ATOM: 470e6,
  CRO: 26e9,
  MIOTA: 3.8e9,
  XEM: 9e9,
  AAVE: 15e6,
  UNI: 630e6,
};

export const COINGECKO_429_BODY = formatFixture("error-429-rate-limit.TRANSCRIBED.json");
export const COINGECKO_500_BODY = formatFixture("error-500-ohlc.json");

export class CoinGeckoFake {
  readonly server: FakeHttpServer;
  /** Changes the next /global answers' `data` (a bad answer: a zero total, shares that do not add up). */
  mutateGlobal: ((data: Record<string, unknown>) => void) | null = null;

  constructor(private readonly now: () => Date) {
    this.server = new FakeHttpServer("coingecko", [
      ["/api/v3/global", (_req, mode) => this.global(mode)],
      ["/api/v3/coins/markets", (req, mode) => this.markets(req, mode)],
    ]);
  }

  static async start(now: () => Date): Promise<CoinGeckoFake> {
    const fake = new CoinGeckoFake(now);
    await fake.server.start();
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private global(mode: RouteMode): FakeResponse {
    const body = formatFixture<{ data: Record<string, unknown> }>("global.json");
    body.data.updated_at = Math.floor(this.now().getTime() / 1000);
    this.mutateGlobal?.(body.data);
    if (mode === "schema") return { status: 200, body: { data: { ...body.data, total_market_cap: 2.1e12 } } };
    return { status: 200, headers: { "cache-control": "public, max-age=60" }, body };
  }

  private markets(req: FakeRequest, mode: RouteMode): FakeResponse {
    if (!req.query.get("vs_currency"))
      return { status: 422, body: { error: "Missing parameter vs_currency" } };
    const template =
      formatFixture<Array<Record<string, unknown>>>("coins-markets-ids-bitcoin-vs-usd.json")[0] ?? {};
    const ids = (req.query.get("ids") ?? "").split(",").filter(Boolean);
    // Without ids, CoinGecko lists the market by market cap (order=market_cap_desc): here, the coins the fake knows.
    if (ids.length === 0 && req.query.get("order") === "market_cap_desc") return this.top(template);
    const today = this.now().toISOString().slice(0, 10);
    const rows =
      mode === "empty"
        ? []
        : ids.flatMap((gecko) => {
            const series = Object.keys(COINGECKO_IDS).find((k) => COINGECKO_IDS[k] === gecko);
            if (!series) return [];
            const price = barOnOrBefore(history(series), today)?.close ?? null;
            const supply = SUPPLY[series] ?? null;
            return [
              {
                ...template,
                id: gecko,
                symbol: series.toLowerCase(),
                current_price: price,
                market_cap: price !== null && supply !== null ? Math.round(price * supply) : null,
                circulating_supply: supply,
                last_updated: this.now().toISOString(),
              },
            ];
          });
    if (mode === "schema") return { status: 200, body: { coins: rows } };
    return { status: 200, headers: { "cache-control": "public, max-age=30" }, body: rows };
  }

  /** Requests for the top list, for tests that count them. */
  topRequests(): number {
    return this.server.requests.filter((r) => r.path === "/api/v3/coins/markets" && r.query.get("order"))
      .length;
  }

  private top(template: Record<string, unknown>): FakeResponse {
    const today = this.now().toISOString().slice(0, 10);
    const rows = Object.keys(COINGECKO_IDS)
      .flatMap((series) => {
        const price = barOnOrBefore(history(series), today)?.close;
        const supply = SUPPLY[series];
        if (price === undefined || supply === undefined) return [];
        return [{ series, price, cap: Math.round(price * supply) }];
      })
      .sort((a, b) => b.cap - a.cap)
      .map((c, i) => ({
        ...template,
        id: COINGECKO_IDS[c.series],
        symbol: c.series.toLowerCase(),
        name: c.series === "BTC" ? "Bitcoin" : c.series,
        current_price: c.price,
        market_cap: c.cap,
        market_cap_rank: i + 1,
        circulating_supply: SUPPLY[c.series],
        last_updated: this.now().toISOString(),
      }));
    return { status: 200, headers: { "cache-control": "public, max-age=30" }, body: rows };
  }
}
