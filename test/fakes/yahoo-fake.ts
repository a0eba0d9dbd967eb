// A fake Yahoo Finance v8 chart endpoint that answers like the recorded responses (fixtures/formats), from the
// real history: bars stamped at the New York session open, float32 noise, adjclose beside close, today's bar
// forming until the close. yahoo-finance2's own request building, validation and parsing run against it.
import type { IsoDate } from "../../src/core/base/dates.ts";
import { closeMap } from "../../src/core/base/series.ts";
import { isNewYorkDst, newYorkDateOf, usSession } from "../../src/core/schedules/market-calendar.ts";
import {
  disordered,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  type RouteMode,
} from "./fake-http.ts";
import { formatFixture, history, slice } from "./history.ts";

interface Recorded {
  response: {
    headers: Record<string, string>;
    bodyJson: { chart: { result: Array<{ meta: Record<string, unknown> }> } };
  };
}

interface Instrument {
  readonly adjusted: string;
  readonly raw?: string;
  readonly instrumentType: "INDEX" | "ETF";
  readonly exchangeName: string;
  readonly fullExchangeName: string;
  readonly longName: string;
}

export const YAHOO_INSTRUMENTS: Readonly<Record<string, Instrument>> = {
  "^RUT": {
    adjusted: "RUT",
    instrumentType: "INDEX",
    exchangeName: "WCB",
    fullExchangeName: "Chicago Options",
    longName: "Russell 2000",
  },
  "^GSPC": {
    adjusted: "GSPC",
    instrumentType: "INDEX",
    exchangeName: "SNP",
    fullExchangeName: "SNP",
    longName: "S&P 500",
  },
  IWM: {
    adjusted: "IWM",
    raw: "IWM_RAW",
    instrumentType: "ETF",
    exchangeName: "PCX",
    fullExchangeName: "NYSEArca",
    longName: "iShares Russell 2000 ETF",
  },
  IWN: {
    adjusted: "IWN",
    raw: "IWN_RAW",
    instrumentType: "ETF",
    exchangeName: "PCX",
    fullExchangeName: "NYSEArca",
    longName: "iShares Russell 2000 Value ETF",
  },
};

const f32 = (x: number) => Math.fround(x);

export class YahooFake {
  readonly server: FakeHttpServer;
  private readonly template = formatFixture<Recorded>("chart-QQQ-2020-01-01-to-2020-01-03.json");
  private readonly emptyTemplate = formatFixture<Recorded>(
    "chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json",
  );
  /** Per symbol: adjclose before the date is multiplied by the factor (a dividend paid after we stored). */
  private readonly adjustments = new Map<string, { before: IsoDate; factor: number }>();
  private readonly nulls = new Map<string, Set<IsoDate>>();

  constructor(private readonly now: () => Date) {
    this.server = new FakeHttpServer("yahoo", [["/v8/finance/chart/", (req, mode) => this.chart(req, mode)]]);
  }

  static async start(now: () => Date): Promise<YahooFake> {
    const fake = new YahooFake(now);
    await fake.server.start();
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  /** Chart requests so far, for one symbol or all. */
  chartRequests(symbol?: string): number {
    return this.server.count(symbol ? `/v8/finance/chart/${symbol}` : "/v8/finance/chart/");
  }

  /** Simulates a dividend paid after our last fetch: Yahoo rescales every earlier adjclose. */
  reAdjust(symbol: string, before: IsoDate, factor: number): void {
    this.adjustments.set(symbol, { before, factor });
  }

  /** Yahoo sometimes answers null for a bar; these dates will be null. */
  nullBars(symbol: string, dates: readonly IsoDate[]): void {
    this.nulls.set(symbol, new Set(dates));
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private chart(request: FakeRequest, mode: RouteMode): FakeResponse {
    const symbol = request.path.slice("/v8/finance/chart/".length);
    const instrument = YAHOO_INSTRUMENTS[symbol];
    if (!instrument) {
      return {
        status: 404,
        body: {
          chart: {
            result: null,
            error: { code: "Not Found", description: "No data found, symbol may be delisted" },
          },
        },
      };
    }
    const period1 = Number(request.query.get("period1"));
    const period2 = Number(request.query.get("period2"));
    const now = this.now();
    const today = newYorkDateOf(now);
    const fromDate = new Date(period1 * 1000).toISOString().slice(0, 10);
    const toDate = new Date(period2 * 1000).toISOString().slice(0, 10);
    const adjusted = history(instrument.adjusted);
    const raw = instrument.raw ? closeMap(history(instrument.raw)) : null;
    const adjustment = this.adjustments.get(symbol);
    const nulls = this.nulls.get(symbol);
    const rows: Array<{
      ts: number;
      open: number | null;
      high: number | null;
      low: number | null;
      close: number | null;
      adj: number | null;
      volume: number | null;
    }> = [];
    const lastDate = [toDate, today].sort()[0] ?? today;
    const window = slice(adjusted, fromDate, lastDate);
    let previous = slice(adjusted, "1900-01-01", fromDate)
      .filter((b) => b.date < fromDate)
      .at(-1)?.close;
    for (const bar of window) {
      const session = usSession(bar.date);
      if (!session) continue;
      const ts = Math.floor(session.open.getTime() / 1000);
      if (ts < period1 || ts > period2 || session.open.getTime() > now.getTime()) continue;
      const forming = now.getTime() < session.close.getTime();
      const factor = adjustment && bar.date < adjustment.before ? adjustment.factor : 1;
      const adjClose = bar.close * factor;
      const rawClose = raw?.get(bar.date) ?? bar.close;
      const ratio = rawClose / adjClose;
      const open = (previous ?? bar.close) * factor;
      // The forming bar: the price so far, halfway between the open and the day's final close.
      const value = forming ? (open + adjClose) / 2 : adjClose;
      previous = bar.close;
      if (nulls?.has(bar.date)) {
        rows.push({ ts, open: null, high: null, low: null, close: null, adj: null, volume: null });
        continue;
      }
      rows.push({
        ts,
        open: f32(open * ratio),
        high: f32(Math.max(open, value) * ratio * 1.003),
        low: f32(Math.min(open, value) * ratio * 0.997),
        close: f32(value * ratio),
        adj: f32(value),
        volume: instrument.instrumentType === "INDEX" ? 0 : 20_000_000 + (ts % 9_000_000),
      });
    }
    const dst = isNewYorkDst(today);
    const session = usSession(today);
    const tz = dst ? "EDT" : "EST";
    const gmtoffset = dst ? -14400 : -18000;
    const period = (start: Date, end: Date) => ({
      timezone: tz,
      start: Math.floor(start.getTime() / 1000),
      end: Math.floor(end.getTime() / 1000),
      gmtoffset,
    });
    const open = session?.open ?? new Date(now.getTime());
    const close = session?.close ?? new Date(now.getTime() + 60_000);
    const lastClose = rows.at(-1)?.close ?? previous ?? 0;
    const meta = {
      ...this.template.response.bodyJson.chart.result[0]?.meta,
      symbol,
      instrumentType: instrument.instrumentType,
      exchangeName: instrument.exchangeName,
      fullExchangeName: instrument.fullExchangeName,
      longName: instrument.longName,
      shortName: instrument.longName,
      firstTradeDate: Math.floor(Date.parse(`${adjusted[0]?.date ?? "2000-01-03"}T14:30:00Z`) / 1000),
      regularMarketTime: Math.floor(now.getTime() / 1000),
      regularMarketPrice: lastClose,
      chartPreviousClose: previous ?? lastClose,
      gmtoffset,
      timezone: tz,
      currentTradingPeriod: {
        pre: period(new Date(open.getTime() - 5.5 * 3_600_000), open),
        regular: period(open, close),
        post: period(close, new Date(close.getTime() + 4 * 3_600_000)),
      },
      dataGranularity: "1d",
      range: "",
    };
    const headers = Object.fromEntries(
      Object.entries(this.template.response.headers).filter(
        ([k]) => !["content-length", "date", "age"].includes(k),
      ),
    );
    if (mode === "empty" || rows.length === 0) {
      const empty = structuredClone(this.emptyTemplate.response.bodyJson);
      const result = empty.chart.result[0] as Record<string, unknown>;
      result.meta = { ...meta, dataGranularity: "1d" };
      return { status: 200, headers, body: empty };
    }
    if (mode === "schema") {
      // A reshaped answer: timestamps as ISO strings and the quote block renamed.
      return {
        status: 200,
        headers,
        body: {
          chart: {
            result: [
              {
                meta,
                timestamp: rows.map((r) => new Date(r.ts * 1000).toISOString()),
                indicators: { quotes: [{ close: rows.map((r) => r.close) }] },
              },
            ],
            error: null,
          },
        },
      };
    }
    const served = mode === "disorder" ? disordered(rows) : rows;
    return {
      status: 200,
      headers,
      body: {
        chart: {
          result: [
            {
              meta,
              timestamp: served.map((r) => r.ts),
              indicators: {
                quote: [
                  {
                    low: served.map((r) => r.low),
                    close: served.map((r) => r.close),
                    volume: served.map((r) => r.volume),
                    open: served.map((r) => r.open),
                    high: served.map((r) => r.high),
                  },
                ],
                adjclose: [{ adjclose: served.map((r) => r.adj) }],
              },
            },
          ],
          error: null,
        },
      },
    };
  }
}

/** Yahoo's 429: plain text, as seen in the wild. */
export const YAHOO_429_BODY = "Edge: Too Many Requests";
