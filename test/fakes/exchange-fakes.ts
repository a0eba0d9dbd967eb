// Fake spot exchanges (Binance, Bybit, OKX, Coinbase, Kraken) answering the market-list and daily-candle endpoints ccxt
// calls, in each exchange's real format (fixtures/formats) and paging rules, from the real closes in the
// snapshot. ccxt's own request signing-free public calls, parsing and error mapping run against them.
import { addDays, type IsoDate, utcDateOf } from "../../src/core/base/dates.ts";
import {
  disordered,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  type Route,
  type RouteMode,
} from "./fake-http.ts";
import { formatFixture, history, type OhlcBar, ohlcFromCloses } from "./history.ts";

const DAY_MS = 86_400_000;

/** Exchange base currency -> snapshot series. */
export const FAKE_COINS: Readonly<Record<string, string>> = {
  BTC: "BTC",
  ETH: "ETH",
  XRP: "XRP",
  SOL: "SOL",
  ADA: "ADA",
  AVAX: "AVAX",
  DOGE: "DOGE",
  LINK: "LINK",
  TRX: "TRX",
  XLM: "XLM",
  BNB: "BNB",
  LTC: "LTC",
  DOT: "DOT",
  XMR: "XMR",
  EOS: "EOS",
  ATOM: "ATOM",
  CRO: "CRO",
  IOTA: "MIOTA",
  XEM: "XEM",
  AAVE: "AAVE",
  UNI: "UNI",
};

export interface Candle extends OhlcBar {
  readonly ts: number;
  /** Today's candle, still forming: its close is the price so far. */
  readonly forming: boolean;
}

const candleCache = new Map<string, Candle[]>();

function allCandles(base: string): Candle[] {
  let candles = candleCache.get(base);
  if (!candles) {
    const series = FAKE_COINS[base];
    candles = series
      ? ohlcFromCloses(history(series)).map((b) => ({
          ...b,
          ts: Date.parse(`${b.date}T00:00:00Z`),
          forming: false,
        }))
      : [];
    candleCache.set(base, candles);
  }
  return candles;
}

/** What the exchange knows at `now`: closed days, plus today's forming candle (halfway to its final close). */
export function candlesAt(base: string, now: Date): Candle[] {
  const today = utcDateOf(now);
  const out: Candle[] = [];
  for (const c of allCandles(base)) {
    if (c.date > today) break;
    if (c.date === today) {
      const close = (c.open + c.close) / 2;
      out.push({ ...c, close, high: Math.max(c.open, close), low: Math.min(c.open, close), forming: true });
    } else out.push(c);
  }
  return out;
}

/** The closes as the exchange's strings would carry them (8 decimals), for comparing with what was stored. */
export function exchangeClose(value: number): number {
  return Number(value.toFixed(8));
}

const s8 = (x: number) => x.toFixed(8);

export interface ExchangeFakeOptions {
  readonly now: () => Date;
  /** Bases listed as spot /USDT markets; every coin with history when absent. */
  readonly listed?: readonly string[];
  /** The first daily candle the exchange has, per base ("*" for any other); the exchange's own when absent. */
  readonly firstDates?: FirstDates;
}

/** First candle dates per base; "*" covers every base not named. */
export type FirstDates = Readonly<Record<string, IsoDate>> & { readonly "*": IsoDate };

abstract class ExchangeFake {
  protected readonly now: () => Date;
  protected listed: readonly string[];
  private http: FakeHttpServer | null = null;
  readonly firstDates: FirstDates;

  constructor(
    private readonly name: string,
    options: ExchangeFakeOptions,
    defaultFirstDates: FirstDates,
  ) {
    this.now = options.now;
    this.listed = options.listed ?? Object.keys(FAKE_COINS);
    this.firstDates = options.firstDates ?? defaultFirstDates;
  }

  /** The day of the first candle the exchange serves for `base`. */
  firstDate(base: string): IsoDate {
    return this.firstDates[base] ?? this.firstDates["*"];
  }

  /** What the exchange serves for `base` at this moment: its candles from its first date to today's forming one. */
  protected served(base: string): Candle[] {
    const first = this.firstDate(base);
    return candlesAt(base, this.now()).filter((c) => c.date >= first);
  }

  /** Built on first use: the routes read fields a subclass sets after this constructor. */
  get server(): FakeHttpServer {
    this.http ??= new FakeHttpServer(this.name, this.routes());
    return this.http;
  }

  protected abstract routes(): ReadonlyArray<readonly [string, Route]>;
  /** The path of the candle endpoint, for counting. */
  abstract readonly candlePath: string;
  abstract readonly marketsPath: string;

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  /** Changes the listed bases (a delisting); clients that already loaded the market list keep theirs. */
  setListed(bases: readonly string[]): void {
    this.listed = bases;
  }

  /** Every coin with history, minus `bases`. */
  listAllBut(...bases: string[]): void {
    this.listed = Object.keys(FAKE_COINS).filter((b) => !bases.includes(b));
  }

  candleRequests(): number {
    return this.server.count(this.candlePath);
  }

  marketRequests(): number {
    return this.server.count(this.marketsPath);
  }

  /** Candle requests for one base (e.g. "BTC"), by the symbol parameter each exchange uses. */
  abstract candleRequestsFor(base: string): number;

  close(): Promise<void> {
    return this.server.close();
  }
}

// --- Binance ----------------------------------------------------------------------------------------------

interface BinanceInfo {
  symbols: Array<Record<string, unknown>>;
  serverTime: number;
}

export class BinanceFake extends ExchangeFake {
  readonly candlePath = "/api/v3/klines";
  readonly marketsPath = "/api/v3/exchangeInfo";

  static start(options: ExchangeFakeOptions): Promise<BinanceFake> {
    return new BinanceFake("binance", options, FIRST_DATES.binance).start();
  }

  candleRequestsFor(base: string): number {
    return this.server.requests.filter(
      (r) => r.path === this.candlePath && r.query.get("symbol") === `${base}USDT`,
    ).length;
  }

  protected routes(): ReadonlyArray<readonly [string, Route]> {
    return [
      [this.marketsPath, () => this.exchangeInfo()],
      [this.candlePath, (req, mode) => this.klines(req, mode)],
    ];
  }

  private exchangeInfo(): FakeResponse {
    const info = formatFixture<BinanceInfo>("exchangeInfo-BTCUSDT-ETHUSDT.json");
    const template = info.symbols[0] ?? {};
    info.serverTime = this.now().getTime();
    info.symbols = this.listed.map((base) => ({ ...template, symbol: `${base}USDT`, baseAsset: base }));
    return { status: 200, body: info, headers: { "x-mbx-used-weight-1m": "20" } };
  }

  private klines(req: FakeRequest, mode: RouteMode): FakeResponse {
    const symbol = req.query.get("symbol") ?? "";
    const base = symbol.endsWith("USDT") ? symbol.slice(0, -4) : "";
    if (!this.listed.includes(base)) return { status: 400, body: { code: -1121, msg: "Invalid symbol." } };
    if (req.query.get("interval") !== "1d")
      return { status: 400, body: { code: -1120, msg: "Invalid interval." } };
    const limit = Math.min(Number(req.query.get("limit") ?? 500), 1000);
    const start = req.query.has("startTime") ? Number(req.query.get("startTime")) : null;
    const end = req.query.has("endTime") ? Number(req.query.get("endTime")) : null;
    let rows = this.served(base).filter(
      (c) => (start === null || c.ts >= start) && (end === null || c.ts <= end),
    );
    rows = start !== null ? rows.slice(0, limit) : rows.slice(-limit);
    if (mode === "empty") rows = [];
    if (mode === "disorder") rows = disordered(rows);
    if (mode === "schema") {
      return {
        status: 200,
        body: rows.map((c) => ({ openTime: c.ts, open: s8(c.open), close: s8(c.close) })),
      };
    }
    return {
      status: 200,
      headers: { "x-mbx-used-weight-1m": "22" },
      body: rows.map((c, i) => [
        c.ts,
        s8(c.open),
        s8(c.high),
        s8(c.low),
        s8(c.close),
        s8(c.volume / c.close),
        c.ts + DAY_MS - 1,
        s8(c.volume),
        1000 + i,
        s8(c.volume / c.close / 2),
        s8(c.volume / 2),
        "0",
      ]),
    };
  }
}

/** Binance's answer to a US address (HTTP 451). */
export const BINANCE_451_BODY = {
  code: 0,
  msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.",
};

export const BINANCE_429_BODY = {
  code: -1003,
  msg: "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.",
};

// --- Bybit ------------------------------------------------------------------------------------------------

interface BybitEnvelope {
  retCode: number;
  retMsg: string;
  result: { list: Array<Record<string, unknown>> };
  time: number;
}

export class BybitFake extends ExchangeFake {
  readonly candlePath = "/v5/market/kline";
  readonly marketsPath = "/v5/market/instruments-info";

  static start(options: ExchangeFakeOptions): Promise<BybitFake> {
    return new BybitFake("bybit", options, FIRST_DATES.bybit).start();
  }

  candleRequestsFor(base: string): number {
    return this.server.requests.filter(
      (r) => r.path === this.candlePath && r.query.get("symbol") === `${base}USDT`,
    ).length;
  }

  protected routes(): ReadonlyArray<readonly [string, Route]> {
    return [
      [this.marketsPath, () => this.instruments()],
      [this.candlePath, (req, mode) => this.kline(req, mode)],
    ];
  }

  private instruments(): FakeResponse {
    const body = formatFixture<BybitEnvelope>("v5-market-instruments-info-spot.json");
    const template = body.result.list[0] ?? {};
    body.result.list = this.listed.map((base) => ({ ...template, symbol: `${base}USDT`, baseCoin: base }));
    body.time = this.now().getTime();
    return { status: 200, body };
  }

  private kline(req: FakeRequest, mode: RouteMode): FakeResponse {
    const symbol = req.query.get("symbol") ?? "";
    const base = symbol.endsWith("USDT") ? symbol.slice(0, -4) : "";
    const now = this.now().getTime();
    if (!this.listed.includes(base)) {
      return {
        status: 200,
        body: { retCode: 10001, retMsg: "Not supported symbols", result: {}, retExtInfo: {}, time: now },
      };
    }
    const limit = Math.min(Number(req.query.get("limit") ?? 200), 1000);
    const start = req.query.has("start") ? Number(req.query.get("start")) : 0;
    const end = req.query.has("end") ? Number(req.query.get("end")) : now;
    let rows = this.served(base).filter((c) => c.ts >= start && c.ts <= end);
    rows = rows.slice(-limit).reverse();
    if (mode === "empty") rows = [];
    const list = rows.map((c) => [
      String(c.ts),
      s8(c.open),
      s8(c.high),
      s8(c.low),
      s8(c.close),
      s8(c.volume / c.close),
      s8(c.volume),
    ]);
    const result =
      mode === "schema" ? { symbol, category: "spot", rows: list } : { symbol, category: "spot", list };
    return { status: 200, body: { retCode: 0, retMsg: "OK", result, retExtInfo: {}, time: now } };
  }
}

// --- OKX --------------------------------------------------------------------------------------------------

export class OkxFake extends ExchangeFake {
  readonly candlePath = "/api/v5/market/";
  readonly marketsPath = "/api/v5/public/instruments";

  static start(options: ExchangeFakeOptions): Promise<OkxFake> {
    return new OkxFake("okx", options, FIRST_DATES.okx).start();
  }

  candleRequestsFor(base: string): number {
    return this.server.requests.filter(
      (r) => r.path.startsWith(this.candlePath) && r.query.get("instId") === `${base}-USDT`,
    ).length;
  }

  protected routes(): ReadonlyArray<readonly [string, Route]> {
    return [
      [this.marketsPath, () => this.instruments()],
      ["/api/v5/market/history-candles", (req, mode) => this.candles(req, mode, 100, false)],
      ["/api/v5/market/candles", (req, mode) => this.candles(req, mode, 300, true)],
    ];
  }

  /** Row shape from ccxt's okx.parseMarket comment (no recorded response was found). */
  private instruments(): FakeResponse {
    const data = this.listed.map((base) => ({
      alias: "",
      baseCcy: base,
      category: "1",
      ctMult: "",
      ctType: "",
      ctVal: "",
      ctValCcy: "",
      expTime: "",
      instFamily: "",
      instId: `${base}-USDT`,
      instType: "SPOT",
      lever: "10",
      listTime: "1548133413000",
      lotSz: "0.00000001",
      maxLmtSz: "9999999999",
      maxMktSz: "1000000",
      minSz: "0.00001",
      optType: "",
      quoteCcy: "USDT",
      settleCcy: "",
      state: "live",
      stk: "",
      tickSz: "0.0001",
      uly: "",
    }));
    return { status: 200, body: { code: "0", msg: "", data } };
  }

  private candles(req: FakeRequest, mode: RouteMode, maxLimit: number, recentOnly: boolean): FakeResponse {
    const instId = req.query.get("instId") ?? "";
    const base = instId.endsWith("-USDT") ? instId.slice(0, -5) : "";
    if (!this.listed.includes(base))
      return { status: 200, body: { code: "51001", msg: "Instrument ID does not exist", data: [] } };
    if (req.query.get("bar") !== "1Dutc")
      return { status: 200, body: { code: "51000", msg: "Parameter bar error", data: [] } };
    const limit = Math.min(Number(req.query.get("limit") ?? 100), maxLimit);
    const after = req.query.has("after") ? Number(req.query.get("after")) : Number.POSITIVE_INFINITY;
    const before = req.query.has("before") ? Number(req.query.get("before")) : Number.NEGATIVE_INFINITY;
    let all = this.served(base);
    // /market/candles keeps only the most recent 1,440 bars; history-candles has everything.
    if (recentOnly) all = all.slice(-1440);
    let rows = all
      .filter((c) => c.ts < after && c.ts > before)
      .slice(-limit)
      .reverse();
    if (mode === "empty") rows = [];
    const data = rows.map((c) => [
      String(c.ts),
      s8(c.open),
      s8(c.high),
      s8(c.low),
      s8(c.close),
      s8(c.volume / c.close),
      s8(c.volume),
      s8(c.volume),
      c.forming ? "0" : "1",
    ]);
    if (mode === "schema")
      return {
        status: 200,
        body: { code: "0", msg: "", data: data.map((row) => ({ ts: row[0], c: row[4] })) },
      };
    return { status: 200, body: { code: "0", msg: "", data } };
  }
}

// --- Kraken -----------------------------------------------------------------------------------------------

/** Kraken's asset ids: legacy X-prefixed codes, XBT for bitcoin and XDG for dogecoin. */
const KRAKEN_ASSET: Readonly<Record<string, string>> = {
  BTC: "XXBT",
  ETH: "XETH",
  XRP: "XXRP",
  XLM: "XXLM",
  LTC: "XLTC",
  XMR: "XXMR",
  DOGE: "XXDG",
};
const KRAKEN_ALT: Readonly<Record<string, string>> = { BTC: "XBT", DOGE: "XDG" };

interface KrakenPairs {
  error: string[];
  result: Record<string, Record<string, unknown>>;
}

export class KrakenFake extends ExchangeFake {
  readonly candlePath = "/0/public/OHLC";
  readonly marketsPath = "/0/public/Asset";

  static start(options: ExchangeFakeOptions): Promise<KrakenFake> {
    return new KrakenFake("kraken", options, FIRST_DATES.kraken).start();
  }

  private pairName(base: string): string {
    return `${KRAKEN_ALT[base] ?? base}USDT`;
  }

  candleRequestsFor(base: string): number {
    return this.server.requests.filter(
      (r) => r.path === this.candlePath && r.query.get("pair") === this.pairName(base),
    ).length;
  }

  protected routes(): ReadonlyArray<readonly [string, Route]> {
    return [
      ["/0/public/Assets", () => this.assets()],
      ["/0/public/AssetPairs", () => this.assetPairs()],
      [this.candlePath, (req, mode) => this.ohlc(req, mode)],
    ];
  }

  /** Shape from ccxt's kraken.fetchCurrencies comment (no recorded response was found). */
  private assets(): FakeResponse {
    const result: Record<string, unknown> = {
      USDT: { aclass: "currency", altname: "USDT", decimals: 8, display_decimals: 4, status: "enabled" },
    };
    for (const base of this.listed) {
      result[KRAKEN_ASSET[base] ?? base] = {
        aclass: "currency",
        altname: KRAKEN_ALT[base] ?? base,
        decimals: 10,
        display_decimals: 5,
        status: "enabled",
      };
    }
    return { status: 200, body: { error: [], result } };
  }

  private assetPairs(): FakeResponse {
    const recorded = formatFixture<KrakenPairs>("AssetPairs-XBTUSDT.json");
    const template = recorded.result.XBTUSDT ?? {};
    const result: Record<string, unknown> = {};
    for (const base of this.listed) {
      const name = this.pairName(base);
      result[name] = {
        ...template,
        altname: name,
        wsname: `${KRAKEN_ALT[base] ?? base}/USDT`,
        base: KRAKEN_ASSET[base] ?? base,
        quote: "USDT",
      };
    }
    return { status: 200, body: { error: [], result } };
  }

  private ohlc(req: FakeRequest, mode: RouteMode): FakeResponse {
    const pair = req.query.get("pair") ?? "";
    const base = this.listed.find((b) => this.pairName(b) === pair);
    if (!base) return { status: 200, body: { error: ["EQuery:Unknown asset pair"] } };
    if (req.query.get("interval") !== "1440")
      return { status: 200, body: { error: ["EGeneral:Invalid arguments"] } };
    const since = Number(req.query.get("since") ?? 0);
    // Kraken keeps only the latest 720 candles of an interval, whatever `since` asks for.
    let rows = this.served(base)
      .slice(-720)
      .filter((c) => c.ts / 1000 > since);
    if (mode === "empty") rows = [];
    const list = rows.map((c) => [
      c.ts / 1000,
      s8(c.open),
      s8(c.high),
      s8(c.low),
      s8(c.close),
      s8((c.high + c.low) / 2),
      s8(c.volume / c.close),
      100,
    ]);
    const lastClosed = rows.filter((c) => !c.forming).at(-1);
    const last = lastClosed ? lastClosed.ts / 1000 : since;
    if (mode === "schema") return { status: 200, body: { error: [], result: list } };
    return { status: 200, body: { error: [], result: { [pair]: list, last } } };
  }
}

// --- Coinbase Exchange ------------------------------------------------------------------------------------

/**
 * Coinbase Exchange (api.exchange.coinbase.com), which ccxt calls `coinbaseexchange`. No recorded response of it
 * is in shared/formats: the shapes follow ccxt's parse functions and their sample comments (fetchMarkets,
 * fetchCurrencies, parseOHLCV) and Coinbase's documented candle rules: `granularity` in seconds, `start` and
 * `end` as ISO times, at most 300 candles per request (a wider range is HTTP 400), rows newest first as numbers
 * `[time (s), low, high, open, close, volume]`, errors as `{"message": …}`.
 */
export class CoinbaseFake extends ExchangeFake {
  readonly candlePath = "/products/";
  readonly marketsPath = "/products";

  static start(options: ExchangeFakeOptions): Promise<CoinbaseFake> {
    return new CoinbaseFake("coinbase", options, FIRST_DATES.coinbase).start();
  }

  candleRequestsFor(base: string): number {
    return this.server.requests.filter((r) => r.path === `/products/${base}-USD/candles`).length;
  }

  override candleRequests(): number {
    return this.server.requests.filter((r) => r.path.endsWith("/candles")).length;
  }

  override marketRequests(): number {
    return this.server.requests.filter((r) => r.path === this.marketsPath).length;
  }

  protected routes(): ReadonlyArray<readonly [string, Route]> {
    return [
      ["/products/", (req, mode) => this.candles(req, mode)],
      ["/products", () => this.products()],
      ["/currencies", () => this.currencies()],
    ];
  }

  private products(): FakeResponse {
    const body = this.listed.map((base) => ({
      id: `${base}-USD`,
      base_currency: base,
      quote_currency: "USD",
      quote_increment: "0.01",
      base_increment: "0.00000001",
      display_name: `${base}/USD`,
      min_market_funds: "1",
      margin_enabled: false,
      post_only: false,
      limit_only: false,
      cancel_only: false,
      status: "online",
      status_message: "",
      trading_disabled: false,
      fx_stablecoin: false,
      max_slippage_percentage: "0.02000000",
      auction_mode: false,
      high_bid_limit_percentage: "",
    }));
    return { status: 200, body };
  }

  private currencies(): FakeResponse {
    const body = ["USD", ...this.listed].map((id) => ({
      id,
      name: id,
      min_size: "0.00000001",
      status: "online",
      message: "",
      max_precision: "0.00000001",
      convertible_to: [],
      details: { type: id === "USD" ? "fiat" : "crypto", symbol: null, sort_order: 0 },
      supported_networks: [],
      display_name: id,
    }));
    return { status: 200, body };
  }

  private candles(req: FakeRequest, mode: RouteMode): FakeResponse {
    const match = /^\/products\/([A-Z0-9]+)-USD\/candles$/.exec(req.path);
    const base = match?.[1] ?? "";
    if (!match || !this.listed.includes(base)) return { status: 404, body: { message: "NotFound" } };
    if (req.query.get("granularity") !== "86400")
      return { status: 400, body: { message: "Unsupported granularity" } };
    const startText = req.query.get("start");
    const endText = req.query.get("end");
    const now = this.now().getTime();
    const start = startText ? Date.parse(startText) : null;
    const end = endText ? Date.parse(endText) : now;
    if (startText !== null && Number.isNaN(start)) return { status: 400, body: { message: "Invalid start" } };
    if (endText !== null && Number.isNaN(end)) return { status: 400, body: { message: "Invalid end" } };
    if (start !== null && (end - start) / DAY_MS > 300)
      return {
        status: 400,
        body: {
          message:
            "granularity too small for the requested time range. Count of aggregations requested exceeds 300",
        },
      };
    let rows = this.served(base).filter((c) => (start === null || c.ts >= start) && c.ts <= end);
    rows = rows.slice(-300).reverse();
    if (mode === "empty") rows = [];
    if (mode === "disorder") rows = disordered([...rows].reverse());
    const body = rows.map((c) => [c.ts / 1000, c.low, c.high, c.open, c.close, c.volume / c.close]);
    if (mode === "schema") return { status: 200, body: body.map(([time, , , , close]) => ({ time, close })) };
    return { status: 200, body };
  }
}

export type AnyExchangeFake = BinanceFake | BybitFake | OkxFake | CoinbaseFake | KrakenFake;

/**
 * The first daily candle each fake serves (per base where it is known, "*" for the rest). The tests check that a
 * live history starting there keeps the bundled snapshot's older bars, whatever the date.
 * - Binance: its spot market opened in July 2017; the first daily klines (BTC/USDT, ETH/USDT) are of 2017-08-17,
 *   and the fake serves nothing older for any pair (later listings start later still on the real exchange).
 * - Coinbase: BTC-USD's daily candles start 2015-07-20 and ETH-USD's 2016-05-18 (the first days its candle
 *   endpoint has); other coins are given ETH's date, a lower bound (they were listed later).
 * - Bybit: spot trading opened in 2021; the exact first candle was not found offline, so the fake starts at
 *   2021-07-01, inside that year.
 * - OKX: the first daily candle its history-candles serves was not found offline; the fake assumes 2017-10-01
 *   (an assumption of this fake, not a fact about OKX).
 * - Kraken: only the latest 720 candles exist, whatever the first date (see KrakenFake).
 */
export const FIRST_DATES = {
  binance: { "*": "2017-08-17" },
  coinbase: { BTC: "2015-07-20", ETH: "2016-05-18", "*": "2016-05-18" },
  bybit: { "*": "2021-07-01" },
  okx: { "*": "2017-10-01" },
  kraken: { "*": "0000-01-01" },
} as const satisfies Record<string, FirstDates>;

export const BINANCE_FIRST_DATE = FIRST_DATES.binance["*"];

/** For a fake told to serve a coin's whole bundled history. */
export const WHOLE_HISTORY = "0000-01-01";

/** The daily candles an exchange serves for `base` from `from` to now (from `listedFrom` at the earliest). */
export function expectedCandles(
  base: string,
  from: IsoDate,
  now: Date,
  listedFrom: IsoDate = BINANCE_FIRST_DATE,
): Candle[] {
  const start = from > listedFrom ? from : listedFrom;
  return candlesAt(base, now).filter((c) => c.date >= start && c.date <= addDays(utcDateOf(now), 0));
}

/**
 * The part of a served series that came from its live provider: a live answer joins the bundled snapshot's older
 * bars before it (see src/core/history/stitch-daily.ts), and tests of a provider look at what it sent.
 */
export function liveBars(data: {
  readonly bars: readonly { readonly date: IsoDate; readonly close: number }[];
  readonly source: { readonly segments?: readonly { readonly from: IsoDate }[] };
}) {
  const from = data.source.segments?.at(-1)?.from;
  return from ? data.bars.filter((b) => b.date >= from) : data.bars;
}
