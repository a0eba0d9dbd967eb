// Current market caps, circulating supply and dominance from CoinGecko's public API (/global and
// /coins/markets) with plain fetch; an API key is optional. Responses are validated with zod.
import { z } from "zod";
import type { CoinMarket } from "../../core/ports.ts";
import { type CallTrace, observedFetch } from "./observed-fetch.ts";
import { describeMs, UpstreamError } from "./upstream-error.ts";
import type { UpstreamGuard } from "./upstream-guard.ts";

export const COINGECKO = "CoinGecko";

/** CoinGecko ids of the catalog's coins. */
export const COINGECKO_IDS: Readonly<Record<string, string>> = {
  BTC: "bitcoin",
  ETH: "ethereum",
  XRP: "ripple",
  SOL: "solana",
  ADA: "cardano",
  AVAX: "avalanche-2",
  DOGE: "dogecoin",
  LINK: "chainlink",
  TRX: "tron",
  XLM: "stellar",
  BNB: "binancecoin",
  LTC: "litecoin",
  DOT: "polkadot",
  XMR: "monero",
  EOS: "eos",
  ATOM: "cosmos",
  CRO: "crypto-com-chain",
  MIOTA: "iota",
  XEM: "nem",
  AAVE: "aave",
  UNI: "uniswap",
};

const amount = z.number().finite().nonnegative();

const globalSchema = z.object({
  data: z.object({
    total_market_cap: z.record(z.string(), amount).refine((caps) => caps.usd !== undefined, "no usd total"),
    market_cap_percentage: z
      .record(z.string(), z.number().finite())
      .refine((p) => p.btc !== undefined && p.eth !== undefined, "no btc/eth share"),
    updated_at: z.number().int().positive(),
  }),
});

const marketsSchema = z.array(
  z.object({
    id: z.string(),
    current_price: amount.nullable(),
    market_cap: amount.nullable(),
    circulating_supply: amount.nullable(),
  }),
);

const topMarketsSchema = z.array(
  z.object({
    id: z.string(),
    symbol: z.string(),
    name: z.string(),
    current_price: amount.nullable(),
    market_cap: amount.nullable(),
    market_cap_rank: z.number().int().positive().nullable(),
  }),
);

/** One coin of the market-cap ranking, as /coins/markets orders it. */
export interface RankedCoin {
  readonly rank: number;
  readonly symbol: string;
  readonly name: string;
  readonly marketCapUsd: number | null;
  readonly priceUsd: number | null;
}

export interface CoinGeckoSnapshot {
  readonly asOf: string;
  readonly totalMarketCapUsd: number;
  readonly altMarketCapExBtcEthUsd: number;
  readonly btcDominancePct: number;
  readonly ethDominancePct: number;
  /** Sum of every share /global lists; more than 100 means the answer does not add up. */
  readonly dominanceSumPct: number;
  readonly coins: readonly CoinMarket[];
}

export interface CoinGeckoOptions {
  readonly apiKey?: string;
  /** "demo" keys use the public host with x-cg-demo-api-key; "pro" keys the pro host with x-cg-pro-api-key. */
  readonly tier: "demo" | "pro";
  readonly baseUrl?: string;
  readonly timeoutMs: number;
  readonly now: () => number;
}

export class CoinGeckoSource {
  readonly key = "coingecko";
  readonly name = COINGECKO;
  private readonly fetch: typeof fetch;
  private readonly root: string;

  constructor(
    private readonly guard: UpstreamGuard,
    private readonly options: CoinGeckoOptions,
  ) {
    this.fetch = observedFetch({
      provider: COINGECKO,
      timeoutMs: options.timeoutMs,
      throwOnHttpError: true,
      now: options.now,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
    this.root =
      options.apiKey && options.tier === "pro"
        ? "https://pro-api.coingecko.com/api/v3"
        : "https://api.coingecko.com/api/v3";
  }

  get keyed(): boolean {
    return Boolean(this.options.apiKey);
  }

  private classify = (error: unknown, _trace: CallTrace): UpstreamError => {
    if (error instanceof UpstreamError) return error;
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError")
      return new UpstreamError(
        `timed out after ${describeMs(this.options.timeoutMs)}`,
        COINGECKO,
        "timeout",
        {
          cause: error,
        },
      );
    return new UpstreamError("malformed response", COINGECKO, "malformed", { cause: error });
  };

  private async getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.guard.call(
      path.split("?")[0] ?? path,
      async () => {
        const headers: Record<string, string> = { accept: "application/json" };
        if (this.options.apiKey)
          headers[this.options.tier === "pro" ? "x-cg-pro-api-key" : "x-cg-demo-api-key"] =
            this.options.apiKey;
        const response = await this.fetch(`${this.root}${path}`, { headers });
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw new UpstreamError("malformed JSON", COINGECKO, "malformed", { cause: error });
        }
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new UpstreamError(
            `unexpected response shape (${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"})`,
            COINGECKO,
            "malformed",
            { cause: parsed.error },
          );
        }
        return parsed.data;
      },
      this.classify,
    );
  }

  /** The top `count` coins by market cap (one request, at most 250): the Altcoin Season Index's membership. */
  async fetchTopMarkets(count = 100): Promise<RankedCoin[]> {
    const query = new URLSearchParams({
      vs_currency: "usd",
      order: "market_cap_desc",
      per_page: String(Math.min(250, count)),
      page: "1",
    });
    const rows = await this.getJson(`/coins/markets?${query}`, topMarketsSchema);
    return rows
      .filter((row) => row.market_cap_rank !== null)
      .map((row) => ({
        rank: row.market_cap_rank as number,
        symbol: row.symbol.toUpperCase(),
        name: row.name,
        marketCapUsd: row.market_cap && row.market_cap > 0 ? row.market_cap : null,
        priceUsd: row.current_price && row.current_price > 0 ? row.current_price : null,
      }))
      .sort((a, b) => a.rank - b.rank);
  }

  /** Two requests: /global for totals and dominance, /coins/markets for the listed coins. */
  async fetchSnapshot(coinIds: readonly string[]): Promise<CoinGeckoSnapshot> {
    const global = await this.getJson("/global", globalSchema);
    const wanted = coinIds.flatMap((id) => {
      const gecko = COINGECKO_IDS[id];
      return gecko ? [[id, gecko] as const] : [];
    });
    const query = new URLSearchParams({
      vs_currency: "usd",
      ids: wanted.map(([, gecko]) => gecko).join(","),
      per_page: "250",
      page: "1",
    });
    const markets = await this.getJson(`/coins/markets?${query}`, marketsSchema);
    const byGecko = new Map(markets.map((row) => [row.id, row]));
    const total = global.data.total_market_cap.usd ?? 0;
    const btc = global.data.market_cap_percentage.btc ?? 0;
    const eth = global.data.market_cap_percentage.eth ?? 0;
    return {
      asOf: new Date(global.data.updated_at * 1000).toISOString(),
      totalMarketCapUsd: total,
      altMarketCapExBtcEthUsd: total * (1 - (btc + eth) / 100),
      btcDominancePct: btc,
      ethDominancePct: eth,
      dominanceSumPct: Object.values(global.data.market_cap_percentage).reduce((a, b) => a + b, 0),
      coins: wanted.map(([id, gecko]) => {
        const row = byGecko.get(gecko);
        return {
          id,
          marketCapUsd: row?.market_cap ?? null,
          circulatingSupply: row?.circulating_supply ?? null,
          priceUsd: row?.current_price ?? null,
        };
      }),
    };
  }
}
