// Which series the live source fetches, and from where: Yahoo symbols for equities, exchange pairs for crypto.
import { CLOSE_UNIVERSE } from "../../core/answers/catalog.ts";

export interface EquitySeriesSpec {
  readonly id: string;
  readonly kind: "equity";
  readonly symbol: string;
  /** IWM and IWN are total-return series: Yahoo's dividend-adjusted close. */
  readonly field: "close" | "adjclose";
  readonly label: string;
}

export interface CryptoSeriesSpec {
  readonly id: string;
  readonly kind: "crypto";
  /** Exchange base currency (IOTA for the catalog's MIOTA). */
  readonly base: string;
}

/** The quote currency of a crypto pair: USDT on most exchanges, US dollars where that is the deep market. */
export type Quote = "USDT" | "USD";

export type LiveSeriesSpec = EquitySeriesSpec | CryptoSeriesSpec;

export const EQUITY_SERIES: readonly EquitySeriesSpec[] = [
  { id: "RUT", kind: "equity", symbol: "^RUT", field: "close", label: "^RUT" },
  { id: "IWM", kind: "equity", symbol: "IWM", field: "adjclose", label: "IWM adj. close" },
  { id: "IWN", kind: "equity", symbol: "IWN", field: "adjclose", label: "IWN adj. close" },
  { id: "GSPC", kind: "equity", symbol: "^GSPC", field: "close", label: "^GSPC" },
];

const EXCHANGE_BASE: Readonly<Record<string, string>> = { MIOTA: "IOTA" };

export const CRYPTO_SERIES: readonly CryptoSeriesSpec[] = [
  ...new Set<string>(["BTC", ...CLOSE_UNIVERSE]),
].map((id) => ({ id, kind: "crypto", base: EXCHANGE_BASE[id] ?? id }));

export const LIVE_SERIES: readonly LiveSeriesSpec[] = [...EQUITY_SERIES, ...CRYPTO_SERIES];

/** ccxt's unified symbol, e.g. "BTC/USDT". */
export function pairOf(spec: CryptoSeriesSpec, quote: Quote = "USDT"): string {
  return `${spec.base}/${quote}`;
}
