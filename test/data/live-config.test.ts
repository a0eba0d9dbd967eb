// The live data settings read from the environment: defaults, the exchange order, and bad values named.
import { describe, expect, it } from "vitest";
import { loadLiveConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/core/base/errors.ts";
import { DEFAULT_LIVE_CONFIG } from "../../src/data/live-config.ts";

describe("loadLiveConfig", () => {
  it("has working defaults with nothing set", () => {
    const config = loadLiveConfig({});
    expect(config).toEqual(DEFAULT_LIVE_CONFIG);
    expect(config.dbPath).toBe("./riskon.db");
    expect(config.exchanges).toEqual(["binance", "bybit", "okx", "coinbase", "kraken"]);
    expect(config.offline).toBe(false);
    expect(config.coingecko).toEqual({ tier: "demo" });
  });

  it("reads every variable", () => {
    const config = loadLiveConfig({
      RISKON_OFFLINE: "1",
      RISKON_DB: "/var/lib/riskon/riskon.db",
      RISKON_EXCHANGES: " Kraken, okx ,kraken",
      RISKON_BACKFILL_YEARS: "15",
      RISKON_HTTP_TIMEOUT_MS: "5000",
      RISKON_ANSWER_DEADLINE_MS: "8000",
      COINGECKO_API_KEY: "CG-abc",
      COINGECKO_API_TIER: "pro",
      RISKON_YAHOO_BASE_URL: "http://127.0.0.1:8080",
      RISKON_BINANCE_BASE_URL: "http://127.0.0.1:8081/binance",
      FRED_API_KEY: "abcdefghij0123456789abcdefghij01",
      RISKON_FRED_BASE_URL: "http://127.0.0.1:8082",
      RISKON_FRED_API_BASE_URL: "http://127.0.0.1:8083",
    });
    expect(config).toMatchObject({
      offline: true,
      dbPath: "/var/lib/riskon/riskon.db",
      exchanges: ["kraken", "okx"],
      backfillYears: 15,
      requestTimeoutMs: 5000,
      answerDeadlineMs: 8000,
      coingecko: { apiKey: "CG-abc", tier: "pro" },
      baseUrls: {
        yahoo: "http://127.0.0.1:8080",
        binance: "http://127.0.0.1:8081/binance",
        fred: "http://127.0.0.1:8082",
        fredApi: "http://127.0.0.1:8083",
      },
      fredApiKey: "abcdefghij0123456789abcdefghij01",
    });
  });

  it("treats blank variables as unset", () => {
    expect(
      loadLiveConfig({ RISKON_DB: "", COINGECKO_API_KEY: "", RISKON_EXCHANGES: "", FRED_API_KEY: "" }),
    ).toEqual(DEFAULT_LIVE_CONFIG);
  });

  it.each([
    [{ RISKON_EXCHANGES: "binance,ftx" }, /^RISKON_EXCHANGES: unknown exchange ftx/],
    [{ RISKON_OFFLINE: "maybe" }, /^RISKON_OFFLINE:/],
    [{ RISKON_BACKFILL_YEARS: "-3" }, /^RISKON_BACKFILL_YEARS:/],
    [{ COINGECKO_API_TIER: "enterprise" }, /^COINGECKO_API_TIER:/],
    [{ RISKON_YAHOO_BASE_URL: "ftp://example.org" }, /^RISKON_YAHOO_BASE_URL:/],
    [{ RISKON_FRED_BASE_URL: "not a url" }, /^RISKON_FRED_BASE_URL:/],
  ])("names the bad variable: %o", (env, message) => {
    expect(() => loadLiveConfig(env)).toThrow(ConfigError);
    expect(() => loadLiveConfig(env)).toThrow(message);
  });
});
