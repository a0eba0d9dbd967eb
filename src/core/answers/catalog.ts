// Which series riskon uses and exactly what each one is. Every answer names its series from here.
import { type Locale, phrasebook } from "./locale.ts";

export type SeriesKind = "equity" | "crypto" | "derived" | "marketcap";

export interface SeriesInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: SeriesKind;
  readonly definition: string;
  /** A total-return series' quoted-price twin, for the event rule's sensitivity. */
  readonly priceId?: string;
}

export const INDEX_CHOICES = {
  rut: {
    id: "RUT",
    label: "Russell 2000 (^RUT)",
    kind: "equity",
    definition: "Russell 2000 price index, daily close",
  },
  iwm: {
    id: "IWM",
    label: "IWM",
    kind: "equity",
    definition: "iShares Russell 2000 ETF, dividend-adjusted daily close (total return)",
    priceId: "IWM_PRICE",
  },
  value: {
    id: "IWN",
    label: "Russell 2000 Value (IWN)",
    kind: "equity",
    definition: "iShares Russell 2000 Value ETF, dividend-adjusted daily close (total return)",
    priceId: "IWN_PRICE",
  },
} as const satisfies Record<string, SeriesInfo>;

export type IndexChoice = keyof typeof INDEX_CHOICES;

/**
 * The altcoin market for `vs:others` and /altseason: TOTAL3 from market caps (see src/core/altcoins). The option
 * keeps the name users type ("others"); the series is called what it is.
 */
export const TOTAL3: SeriesInfo = {
  id: "TOTAL3",
  label: "TOTAL3 (weekly, CoinMarketCap)",
  kind: "marketcap",
  definition:
    "TOTAL3: the whole crypto market cap minus BTC and ETH (stablecoins included), weekly (Sunday 00:00 UTC); " +
    "CoinMarketCap's market-cap breakdown (all coins) to 2024-12-08, then TradingView CRYPTOCAP TOTAL3 (about the " +
    "top 125 coins) rescaled to CoinMarketCap's level on their 52-week overlap; not TradingView's OTHERS (ex top 10)",
};

export const ASSET_CHOICES = {
  btc: { id: "BTC", label: "BTC", kind: "crypto", definition: "Bitcoin in USD, close of the UTC day" },
  eth: { id: "ETH", label: "ETH", kind: "crypto", definition: "Ether in USD, close of the UTC day" },
  others: TOTAL3,
} as const satisfies Record<string, SeriesInfo>;

export type AssetChoice = keyof typeof ASSET_CHOICES;

/**
 * The coins riskon has daily closes for, besides BTC: the Altcoin Season Index counts those of them that were in
 * the top 50 by market cap at a window's start (see src/core/altcoins/season-index.ts).
 */
// biome-ignore format: a list of tickers reads better filled than one per line
export const CLOSE_UNIVERSE = [
  "ETH", "XRP", "SOL", "ADA", "AVAX", "DOGE", "LINK", "TRX", "XLM", "BNB", "LTC", "DOT", "XMR", "EOS", "ATOM", "CRO",
  "MIOTA", "XEM", "AAVE", "UNI",
] as const;

export const RANGE_YEARS = { "1y": 1, "3y": 3, "5y": 5, "10y": 10, max: null } as const;
export type RangeChoice = keyof typeof RANGE_YEARS;

/** What each choice means, for pickers and autocomplete ("value" → "Russell 2000 Value (IWN)"). */
export const CHOICE_LABELS = {
  index: Object.fromEntries(Object.entries(INDEX_CHOICES).map(([k, v]) => [k, v.label])),
  vs: Object.fromEntries(Object.entries(ASSET_CHOICES).map(([k, v]) => [k, v.label])),
  range: { "1y": "1 year", "3y": "3 years", "5y": "5 years", "10y": "10 years", max: "the full history" },
} as const satisfies Record<string, Record<string, string>>;

/** The series' definitions in English by id; other languages have them under `catalog.` in the translation files. */
export const CATALOG_MESSAGES = Object.fromEntries(
  [...Object.values(INDEX_CHOICES), ...Object.values(ASSET_CHOICES)].map((s) => [s.id, s.definition]),
) as Readonly<Record<string, string>>;
const say = phrasebook("catalog", CATALOG_MESSAGES);

/** What a series is, in the chat's language (the JSON keeps the English `definition`). */
export function definitionIn(info: SeriesInfo, locale?: Locale): string {
  return CATALOG_MESSAGES[info.id] === undefined ? info.definition : say(locale, info.id);
}
