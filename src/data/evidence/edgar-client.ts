// SEC EDGAR over HTTP under its fair-access rules: a descriptive User-Agent with contact details (required: no
// agent, no EDGAR), at most 10 requests a second across all callers, and backoff on HTTP 429.
import type { IsoDate } from "../../core/base/dates.ts";
import { ConfigError, SourceError } from "../../core/base/errors.ts";
import { retry } from "../../core/base/retry.ts";
import {
  companyFactsPath,
  companyFactsSchema,
  parseCompanyTickers,
  type TrailingEarnings,
  trailingEarnings,
} from "./edgar-facts.ts";
import { httpGet, retryAfterMs } from "./http-get.ts";

export const SEC_EDGAR = "SEC EDGAR";

export interface EdgarClientOptions {
  /** e.g. "riskon/0.1 ops@example.com"; SEC answers 403 without one. */
  readonly userAgent: string;
  /** Default https://data.sec.gov (companyfacts). */
  readonly dataBaseUrl?: string;
  /** Default https://www.sec.gov/files/company_tickers.json. */
  readonly tickersUrl?: string;
  /** Spacing of request starts; 100 ms = 10 a second, SEC's published ceiling. */
  readonly minIntervalMs?: number;
  /** Retries after a 429 (each waits Retry-After, else backoffMs × 2^attempt). */
  readonly maxRetries?: number;
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A User-Agent SEC will accept: some text and an e-mail address. */
export function checkSecUserAgent(agent: string | undefined): string | null {
  const a = agent?.trim();
  if (!a) return null;
  if (!/\S+@\S+\.\S+/.test(a)) {
    throw new ConfigError(
      `SEC_USER_AGENT must name the app and a contact e-mail, e.g. "riskon/0.1 ops@example.com"; got "${a}".`,
    );
  }
  return a;
}

export class EdgarClient {
  private readonly minIntervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Requests run one after another through this chain, so the spacing holds across concurrent callers. */
  private tail: Promise<unknown> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  private tickers: Promise<Map<string, number>> | null = null;
  /** Requests sent (for tests and logs). */
  requests = 0;

  constructor(private readonly options: EdgarClientOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  /** GET under the rate limit with 429 backoff; returns null for 404. */
  async getJson(url: string): Promise<unknown | null> {
    const run = this.tail.then(() => this.getWithRetries(url));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async getWithRetries(url: string): Promise<unknown | null> {
    const maxRetries = this.options.maxRetries ?? 3;
    const backoffMs = this.options.backoffMs ?? 1000;
    let tries = 0;
    const attempt = async () => {
      const wait = this.lastStart + this.minIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      this.lastStart = this.now();
      this.requests += 1;
      tries += 1;
      const answer = await httpGet(url, {
        provider: SEC_EDGAR,
        headers: { "user-agent": this.options.userAgent, accept: "application/json" },
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
      if (answer.status === 429 || answer.status === 503)
        throw new RateLimited(answer.status, answer.retryAfter);
      return answer;
    };
    let answer: Awaited<ReturnType<typeof attempt>>;
    try {
      answer = await retry(attempt, {
        sleep: this.sleep,
        delayMs: (error, n) =>
          error instanceof RateLimited && n < maxRetries
            ? (retryAfterMs(error.retryAfter, this.now()) ?? backoffMs * 2 ** n)
            : null,
      });
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      throw new SourceError(`rate-limited (HTTP ${error.status}) after ${tries} tries`, SEC_EDGAR, true);
    }
    if (answer.status === 404) return null;
    if (answer.status === 403) {
      throw new SourceError("refused (HTTP 403): check SEC_USER_AGENT", SEC_EDGAR, false);
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw new SourceError(`HTTP ${answer.status}`, SEC_EDGAR, answer.status >= 500);
    }
    try {
      return JSON.parse(answer.text) as unknown;
    } catch (error) {
      throw new SourceError("answer is not JSON", SEC_EDGAR, false, { cause: error });
    }
  }

  /** Ticker → CIK from company_tickers.json, fetched once per client. */
  companyTickers(): Promise<Map<string, number>> {
    if (!this.tickers) {
      const url = this.options.tickersUrl ?? "https://www.sec.gov/files/company_tickers.json";
      this.tickers = this.getJson(url).then((json) => {
        if (json === null) throw new SourceError("company_tickers.json not found", SEC_EDGAR, false);
        return parseCompanyTickers(json);
      });
      this.tickers.catch(() => {
        this.tickers = null;
      });
    }
    return this.tickers;
  }

  /** Trailing 12-month earnings of one company, or null when EDGAR has no usable figure. */
  async trailingEarnings(cik: number, asOf: IsoDate): Promise<TrailingEarnings | null> {
    const base = (this.options.dataBaseUrl ?? "https://data.sec.gov").replace(/\/$/, "");
    const json = await this.getJson(`${base}${companyFactsPath(cik)}`);
    if (json === null) return null;
    const parsed = companyFactsSchema.safeParse(json);
    if (!parsed.success) throw new SourceError(`unexpected companyfacts for CIK ${cik}`, SEC_EDGAR, false);
    return trailingEarnings(parsed.data, asOf);
  }
}

/** EDGAR asked us to slow down (429, or 503 under load): retried by the plan, then a SourceError. */
class RateLimited extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super(`HTTP ${status}`);
  }
}
