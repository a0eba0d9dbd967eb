// Trailing EPS, shares outstanding and NAV from Yahoo Finance quotes, in batches, through yahoo-finance2's
// quote() (it does Yahoo's cookie-and-crumb handshake that /v7/finance/quote needs). Every request can be sent
// to a local base URL (tests). A symbol missing from an answer is missing, never zero; a failed batch makes all
// its symbols missing and is reported, the other batches still count.
import YahooFinance from "yahoo-finance2";
import { z } from "zod";

export const YAHOO_FINANCE = "Yahoo Finance";

export interface YahooQuoteOptions {
  /** Tests: send every request to this origin instead of *.yahoo.com. */
  readonly baseUrl?: string;
  /** Symbols per request (Yahoo accepts a few hundred; 100 keeps URLs short). */
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
}

/** The fields riskon reads; validated here rather than by the library, so a changed field fails softly. */
const quoteSchema = z.object({
  symbol: z.string(),
  quoteType: z.string().optional(),
  epsTrailingTwelveMonths: z.number().nullish(),
  trailingEps: z.number().nullish(),
  sharesOutstanding: z.number().nullish(),
  navPrice: z.number().nullish(),
  regularMarketPrice: z.number().nullish(),
  regularMarketTime: z.union([z.number(), z.string(), z.date()]).nullish(),
});
export type QuoteFields = z.infer<typeof quoteSchema>;

export interface QuoteBatchResult {
  readonly quotes: ReadonlyMap<string, QuoteFields>;
  /** One line per failed batch. */
  readonly failures: readonly string[];
}

export function rebase(url: string, baseUrl: string): string {
  const original = new URL(url);
  const base = new URL(baseUrl);
  return `${base.origin}${base.pathname.replace(/\/$/, "")}${original.pathname}${original.search}`;
}

/** Trailing 12-month EPS: epsTrailingTwelveMonths, else trailingEps; null when Yahoo has neither. */
export function trailingEpsOf(quote: QuoteFields): number | null {
  return quote.epsTrailingTwelveMonths ?? quote.trailingEps ?? null;
}

export class YahooQuoteSource {
  private readonly client: InstanceType<typeof YahooFinance>;

  constructor(private readonly options: YahooQuoteOptions = {}) {
    const baseUrl = options.baseUrl;
    const timeoutMs = options.timeoutMs ?? 20_000;
    const log = options.log ?? (() => {});
    const fetchVia: typeof fetch = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const signal = AbortSignal.timeout(timeoutMs);
      return globalThis.fetch(baseUrl ? rebase(url, baseUrl) : url, { ...init, signal });
    };
    const line = (...args: unknown[]) => log(`yahoo-finance2: ${args.map(String).join(" ").slice(0, 200)}`);
    this.client = new YahooFinance({
      fetch: fetchVia,
      versionCheck: false,
      suppressNotices: ["yahooSurvey"],
      validation: { logErrors: false, logOptionsErrors: false },
      logger: { info: line, warn: line, error: line, debug: () => {}, dir: () => {} },
    });
  }

  /** Quotes for `symbols`, in batches, one batch at a time. */
  async quotes(symbols: readonly string[]): Promise<QuoteBatchResult> {
    const size = this.options.batchSize ?? 100;
    const quotes = new Map<string, QuoteFields>();
    const failures: string[] = [];
    for (let i = 0; i < symbols.length; i += size) {
      const batch = symbols.slice(i, i + size);
      try {
        const raw: unknown = await this.client.quote(
          [...batch],
          { return: "array" },
          { validateResult: false },
        );
        for (const item of Array.isArray(raw) ? raw : []) {
          const parsed = quoteSchema.safeParse(item);
          if (parsed.success) quotes.set(parsed.data.symbol.toUpperCase(), parsed.data);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`batch ${batch[0]}…${batch.at(-1)} (${batch.length}): ${message.slice(0, 120)}`);
      }
    }
    return { quotes, failures };
  }
}
