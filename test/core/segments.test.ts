// The four ways a joined series' pieces are named (src/core/history/segments.ts), on BTC's real join (bundled
// Yahoo BTC-USD to 2017-08-16, then Binance from 2017-08-17) and TOTAL3's pieces (CoinMarketCap, then
// TradingView rescaled; the factor 1.0812 is an example of the format, not a measured one).
import { describe, expect, it } from "vitest";
import {
  describeSegments,
  segmentsLine,
  segmentsUntil,
  segmentsWithin,
} from "../../src/core/history/segments.ts";
import type { SeriesSegment } from "../../src/core/ports.ts";

const btc: SeriesSegment[] = [
  {
    from: "2014-09-17",
    to: "2017-08-16",
    provider: "Yahoo Finance BTC-USD",
    freshness: "snapshot",
    frequency: "daily",
  },
  {
    from: "2017-08-17",
    to: "2026-12-01",
    provider: "Binance BTC/USDT",
    freshness: "live",
    frequency: "daily",
  },
];
const total3: SeriesSegment[] = [
  {
    from: "2013-05-05",
    to: "2024-12-08",
    provider: "CoinMarketCap market-cap breakdown, weekly",
    freshness: "snapshot",
    frequency: "weekly",
  },
  {
    from: "2024-12-15",
    to: "2026-04-19",
    provider: "TradingView CRYPTOCAP TOTAL3",
    freshness: "snapshot",
    frequency: "weekly",
    scale: 1.0812,
  },
];

describe("segment descriptions", () => {
  it("the text's one line names every piece with where it came from", () => {
    expect(segmentsLine("BTC", btc)).toBe(
      "BTC: Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2026-12-01.",
    );
  });

  it("a doubtful piece says so in the text; a rescaled one says rescaled", () => {
    const doubtful = [
      { ...btc[0], note: "doubtful: level ratio varies 3.2%" } as SeriesSegment,
      btc[1] as SeriesSegment,
    ];
    expect(describeSegments(doubtful, "text")).toContain("2017-08-16, doubtful: level ratio varies 3.2%");
    expect(describeSegments(total3, "text")).toContain(
      "then TradingView CRYPTOCAP TOTAL3 (bundled snapshot), rescaled",
    );
  });

  it("the footer, the legend and the definition say less, or the factor", () => {
    expect(describeSegments(btc, "footer")).toBe("Yahoo Finance BTC-USD + Binance BTC/USDT");
    expect(describeSegments(total3, "footer")).toBe(
      "CoinMarketCap market-cap breakdown, weekly + TradingView CRYPTOCAP TOTAL3 (rescaled)",
    );
    expect(describeSegments(total3, "legend")).toBe(
      "CoinMarketCap; TradingView CRYPTOCAP TOTAL3 from 2024-12-15, rescaled",
    );
    expect(describeSegments(total3, "definition")).toBe(
      "CoinMarketCap market-cap breakdown, weekly 2013-05-05 to 2024-12-08; TradingView CRYPTOCAP TOTAL3 (rescaled x1.081 on the overlap) to 2026-04-19",
    );
    expect(describeSegments([], "legend")).toBe("");
  });

  it("an answer about a past date sees the pieces as they were then", () => {
    expect(segmentsUntil(btc, "2016-01-01")).toEqual([{ ...btc[0], to: "2016-01-01" }]);
    expect(segmentsUntil(btc, "2020-01-01").map((s) => s.to)).toEqual(["2017-08-16", "2020-01-01"]);
    expect(segmentsWithin(total3, "2025-01-01", "2025-06-01").map((s) => s.from)).toEqual(["2024-12-15"]);
  });
});
