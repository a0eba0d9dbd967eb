// Crypto daily candles through ccxt: one shared instance per exchange with ccxt's rate limiter on, paging
// through history in the fewest requests each exchange's page size allows, and an ordered fallback chain
// (a geo-block, a missing market or a failing exchange moves on to the next one).
import {
  BadResponse,
  BadSymbol,
  binance,
  bybit,
  coinbaseexchange,
  DDoSProtection,
  type Exchange,
  ExchangeNotAvailable,
  kraken,
  NetworkError,
  okx,
  RateLimitExceeded,
  RequestTimeout,
} from "ccxt";
import { z } from "zod";
import { type IsoDate, utcDateOf } from "../../core/base/dates.ts";
import { type FetchedBar, hasClose, normalizeBars } from "./fetched-bars.ts";
import { type CryptoSeriesSpec, pairOf, type Quote } from "./live-series.ts";
import { type CallTrace, observedFetch } from "./observed-fetch.ts";
import { describeMs, httpStatusError, kindOfStatus, UpstreamError } from "./upstream-error.ts";
import type { UpstreamGuard } from "./upstream-guard.ts";

export const EXCHANGE_IDS = ["binance", "bybit", "okx", "coinbase", "kraken"] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

interface ExchangeProfile {
  readonly name: string;
  /** The quote of the pairs fetched there. */
  readonly quote: Quote;
  /** Daily candles one request really returns (ccxt's own maximum is not always the exchange's). */
  readonly pageLimit: number;
  /**
   * "forward": `since` + `limit` returns the first candles at or after `since`, so a coin listed late costs no
   * empty pages. "window": the exchange answers the newest candles of a range, so each page names its end.
   * "latest": one request returns the newest candles after `since`; older ones do not exist there.
   */
  readonly paging: "forward" | "window" | "latest";
  readonly create: (config: Record<string, unknown>) => Exchange;
  /** Path of the candle endpoint(s), and the zod schema of their raw answer (checked before ccxt parses). */
  readonly candles: { readonly path: RegExp; readonly schema: z.ZodType };
  /** ccxt options: load spot markets only (one request instead of one per market type). */
  readonly options: Record<string, unknown>;
}

const SPOT_ONLY = { fetchMarkets: { types: ["spot"] } };
const DAY_MS = 86_400_000;

const decimal = z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i, "not a decimal string");
const stringRow = z.array(z.string()).min(5);

/** Raw candle answers as each exchange documents them; error envelopes pass so ccxt can map them. */
const CANDLE_SCHEMAS = {
  binance: z.array(
    z.tuple([z.number().int(), decimal, decimal, decimal, decimal, decimal]).rest(z.unknown()),
  ),
  bybit: z.union([
    z.object({ retCode: z.literal(0), result: z.object({ list: z.array(stringRow) }) }),
    z.object({
      retCode: z
        .number()
        .int()
        .refine((code) => code !== 0),
    }),
  ]),
  okx: z.union([
    z.object({ code: z.literal("0"), data: z.array(stringRow) }),
    z.object({ code: z.string().refine((code) => code !== "0") }),
  ]),
  kraken: z.union([
    z
      .object({
        error: z.array(z.string()).length(0),
        result: z.record(
          z.string(),
          z.union([z.array(z.array(z.union([z.number(), z.string()])).min(5)), z.number()]),
        ),
      })
      .refine(
        (body) => typeof body.result.last === "number" && Object.values(body.result).some(Array.isArray),
        {
          message: "no candle list",
        },
      ),
    z.object({ error: z.array(z.string()).min(1) }),
  ]),
  // Coinbase Exchange: [time (s), low, high, open, close, volume] as numbers; errors are {"message": "…"}.
  coinbase: z.union([
    z.array(z.tuple([z.number().int(), z.number(), z.number(), z.number(), z.number(), z.number()])),
    z.object({ message: z.string() }),
  ]),
} satisfies Record<string, z.ZodType>;

export const EXCHANGE_PROFILES: Readonly<Record<ExchangeId, ExchangeProfile>> = {
  // GET /api/v3/klines: limit max 1000, candles from startTime forward.
  binance: {
    name: "Binance",
    quote: "USDT",
    pageLimit: 1000,
    paging: "forward",
    create: (c) => new binance(c),
    options: SPOT_ONLY,
    candles: { path: /\/api\/v3\/klines$/, schema: CANDLE_SCHEMAS.binance },
  },
  // GET /v5/market/kline: limit max 1000, newest first within [start, end].
  bybit: {
    name: "Bybit",
    quote: "USDT",
    pageLimit: 1000,
    paging: "window",
    create: (c) => new bybit(c),
    options: SPOT_ONLY,
    candles: { path: /\/v5\/market\/kline$/, schema: CANDLE_SCHEMAS.bybit },
  },
  // GET /api/v5/market/history-candles: limit max 100 (ccxt allows 300, OKX answers 100), newest first.
  okx: {
    name: "OKX",
    quote: "USDT",
    pageLimit: 100,
    paging: "window",
    create: (c) => new okx(c),
    options: SPOT_ONLY,
    candles: { path: /\/api\/v5\/market\/(history-)?candles$/, schema: CANDLE_SCHEMAS.okx },
  },
  // GET /0/public/OHLC: at most the latest 720 candles, whatever `since` says: no deep backfill possible.
  kraken: {
    name: "Kraken",
    quote: "USDT",
    pageLimit: 720,
    paging: "latest",
    create: (c) => new kraken(c),
    options: {},
    candles: { path: /\/0\/public\/OHLC$/, schema: CANDLE_SCHEMAS.kraken },
  },
  // GET /products/{id}/candles: at most 300 candles for [start, end] (a wider range is a 400), newest first.
  // US dollar pairs: the deep Coinbase markets with the long histories are BTC-USD, ETH-USD, …, not -USDT.
  coinbase: {
    name: "Coinbase",
    quote: "USD",
    pageLimit: 300,
    paging: "window",
    create: (c) => new coinbaseexchange(c),
    options: {},
    candles: { path: /\/products\/[^/]+\/candles$/, schema: CANDLE_SCHEMAS.coinbase },
  },
};

/** "Coinbase BTC/USD", "Binance BTC/USDT": what a stored bar's exchange key and series were. */
export function exchangePairLabel(key: string, spec: CryptoSeriesSpec): string {
  const profile = (EXCHANGE_PROFILES as Readonly<Record<string, ExchangeProfile>>)[key];
  return profile ? `${profile.name} ${pairOf(spec, profile.quote)}` : `${key} ${pairOf(spec)}`;
}

export interface ExchangeSourceOptions {
  readonly timeoutMs: number;
  readonly baseUrl?: string;
  /** Overrides ccxt's per-exchange minimum spacing (ms); the rate limiter itself stays on. */
  readonly rateLimitMs?: number;
  readonly now: () => number;
  /** How long a 451 keeps the exchange out of the chain. */
  readonly geoBlockMs: number;
}

/** What ccxt threw, with the status our fetch saw, as one of our upstream failures. */
export function classifyCcxtError(provider: string, error: unknown, trace: CallTrace, timeoutMs: number) {
  if (error instanceof UpstreamError) return error;
  const status = trace.lastStatus;
  const retryAfterMs = trace.retryAfterMs;
  if (status !== undefined && status >= 400 && !(error instanceof BadSymbol))
    return httpStatusError(provider, status, retryAfterMs, error);
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection)
    return new UpstreamError("rate limited", provider, "rate-limit", {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      cause: error,
    });
  if (error instanceof RequestTimeout)
    return new UpstreamError(`timed out after ${describeMs(timeoutMs)}`, provider, "timeout", {
      cause: error,
    });
  if (error instanceof BadSymbol)
    return new UpstreamError("no such market", provider, "no-market", { cause: error });
  if (error instanceof ExchangeNotAvailable)
    return new UpstreamError("exchange not available", provider, status ? kindOfStatus(status) : "server", {
      cause: error,
    });
  if (error instanceof NetworkError)
    return new UpstreamError("network error", provider, "network", { cause: error });
  if (error instanceof BadResponse)
    return new UpstreamError("malformed response", provider, "malformed", { cause: error });
  const message = (error as Error)?.message ?? String(error);
  return new UpstreamError(`unexpected response (${message.slice(0, 120)})`, provider, "malformed", {
    cause: error,
  });
}

/** Every 2xx answer must be JSON; a candle answer must also have its documented shape. */
function inspectBody(profile: ExchangeProfile, url: URL, body: string): void {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new UpstreamError("malformed JSON", profile.name, "malformed", { cause: error });
  }
  if (!profile.candles.path.test(url.pathname)) return;
  const parsed = profile.candles.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UpstreamError(
      `unexpected response shape (${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"})`,
      profile.name,
      "malformed",
      { cause: parsed.error },
    );
  }
}

export class CcxtExchangeSource {
  readonly name: string;
  private readonly exchange: Exchange;
  private marketsLoaded: Promise<void> | null = null;
  private marketsFailedOnce = false;
  private blockedUntil = 0;
  private blockReason: string | null = null;

  constructor(
    readonly key: ExchangeId,
    private readonly guard: UpstreamGuard,
    private readonly options: ExchangeSourceOptions,
  ) {
    const profile = EXCHANGE_PROFILES[key];
    this.name = profile.name;
    this.exchange = profile.create({
      enableRateLimit: true,
      timeout: options.timeoutMs,
      options: profile.options,
      fetchImplementation: observedFetch({
        provider: profile.name,
        timeoutMs: options.timeoutMs,
        throwOnHttpError: false,
        now: options.now,
        inspect: (url, body) => inspectBody(profile, url, body),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      }),
      ...(options.rateLimitMs !== undefined ? { rateLimit: options.rateLimitMs } : {}),
    });
  }

  get pageLimit(): number {
    return EXCHANGE_PROFILES[this.key].pageLimit;
  }

  providerLabel(spec: CryptoSeriesSpec): string {
    return exchangePairLabel(this.key, spec);
  }

  private pair(spec: CryptoSeriesSpec): string {
    return pairOf(spec, EXCHANGE_PROFILES[this.key].quote);
  }

  /** Why the exchange is skipped right now (a recent 451), or null. */
  blocked(): string | null {
    return this.options.now() < this.blockedUntil ? this.blockReason : null;
  }

  private classify = (error: unknown, trace: CallTrace): UpstreamError => {
    const failure = classifyCcxtError(this.name, error, trace, this.options.timeoutMs);
    if (failure.kind === "geo-block") {
      this.blockedUntil = this.options.now() + this.options.geoBlockMs;
      this.blockReason = failure.message;
    }
    return failure;
  };

  private loadMarkets(): Promise<void> {
    if (!this.marketsLoaded) {
      // ccxt keeps a failed loadMarkets promise; after a failure ask it to reload.
      const reload = this.marketsFailedOnce;
      this.marketsLoaded = this.guard
        .call("markets", async () => void (await this.exchange.loadMarkets(reload)), this.classify)
        .catch((error: unknown) => {
          this.marketsLoaded = null;
          this.marketsFailedOnce = true;
          throw error;
        });
    }
    return this.marketsLoaded;
  }

  async hasMarket(spec: CryptoSeriesSpec): Promise<boolean> {
    await this.loadMarkets();
    const market = this.exchange.markets?.[this.pair(spec)];
    return market !== undefined && market.active !== false;
  }

  /** Daily candles dated `from` (inclusive) to `now`, today's forming candle included. All pages or nothing. */
  async fetchDaily(spec: CryptoSeriesSpec, from: IsoDate, now: Date): Promise<FetchedBar[]> {
    const blocked = this.blocked();
    if (blocked) throw new UpstreamError(blocked, this.name, "geo-block");
    if (!(await this.hasMarket(spec)))
      throw new UpstreamError(`no ${this.pair(spec)} market`, this.name, "no-market");
    const { pageLimit, paging } = EXCHANGE_PROFILES[this.key];
    const pair = this.pair(spec);
    const end = now.getTime();
    const rows: FetchedBar[] = [];
    let cursor = Date.parse(`${from}T00:00:00Z`);
    while (cursor <= end) {
      const until = paging === "window" ? Math.min(cursor + pageLimit * DAY_MS - 1, end) : undefined;
      const since = cursor;
      const page = await this.guard.call(
        `${pair} candles`,
        () => this.exchange.fetchOHLCV(pair, "1d", since, pageLimit, until !== undefined ? { until } : {}),
        this.classify,
      );
      if (!Array.isArray(page)) throw new UpstreamError("malformed response", this.name, "malformed");
      const inRange = page.filter(
        (row) => Array.isArray(row) && typeof row[0] === "number" && row[0] >= since,
      );
      for (const row of inRange) {
        const [ts, open, high, low, close, volume] = row as unknown[];
        rows.push({
          date: utcDateOf(new Date(ts as number)),
          open: hasClose(open) ? open : null,
          high: hasClose(high) ? high : null,
          low: hasClose(low) ? low : null,
          close: close as number,
          volume: hasClose(volume) ? volume : null,
        });
      }
      if (paging === "latest") break;
      if (paging === "window") {
        cursor = (until ?? end) + 1;
        continue;
      }
      const last = inRange.at(-1)?.[0];
      // A short page is the end of the history; so is an empty one (nothing at or after the cursor).
      if (typeof last !== "number" || inRange.length < pageLimit) break;
      cursor = last + DAY_MS;
    }
    return normalizeBars(this.name, rows, utcDateOf(now));
  }

  async close(): Promise<void> {
    await this.exchange.close();
  }
}
