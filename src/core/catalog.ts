// Which series riskon uses and exactly what each one is. Every answer names its series from here.

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

/** The altcoin basket behind the OTHERS proxy: large alts, excluding BTC, ETH, stablecoins and wrapped tokens. */
export const ALT_BASKET = ["XRP", "SOL", "ADA", "AVAX", "DOGE", "LINK", "TRX", "XLM"] as const;

export const OTHERS: SeriesInfo = {
  id: "OTHERS",
  label: "OTHERS proxy (ALT8)",
  kind: "derived",
  definition:
    "OTHERS proxy: equal-weight index of 8 large alts ex BTC, ETH, stablecoins and wrapped tokens " +
    `(${ALT_BASKET.join(", ")}), rebalanced quarterly, built from daily closes (not market caps); ` +
    "not TradingView's OTHERS (ex top 10) nor TOTAL3. The coins are today's large alts, so alts that faded " +
    "since are missing (survivorship bias: older altcoin returns look better than a basket chosen at the time), " +
    "and a coin counts only from the first quarter it has closes",
};

export const ASSET_CHOICES = {
  btc: { id: "BTC", label: "BTC", kind: "crypto", definition: "Bitcoin in USD, close of the UTC day" },
  eth: { id: "ETH", label: "ETH", kind: "crypto", definition: "Ether in USD, close of the UTC day" },
  others: OTHERS,
} as const satisfies Record<string, SeriesInfo>;

export type AssetChoice = keyof typeof ASSET_CHOICES;

/**
 * The Altcoin Season Index universe: every non-stable, non-wrapped coin riskon has history for.
 * Fewer than Blockchain Center's top 50; each answer states how many were available on its date.
 */
export const ALTSEASON_UNIVERSE = [
  "ETH",
  ...ALT_BASKET,
  "BNB",
  "LTC",
  "DOT",
  "XMR",
  "EOS",
  "ATOM",
  "CRO",
  "MIOTA",
  "XEM",
  "AAVE",
  "UNI",
] as const;

export const TOTAL3_WEEKLY: SeriesInfo = {
  id: "TOTAL3_WEEKLY",
  label: "TOTAL3 (ex BTC, ETH), weekly",
  kind: "marketcap",
  definition:
    "Total crypto market cap excluding BTC and ETH (stablecoins included), weekly Sunday snapshots, CoinMarketCap",
};

export const RANGE_YEARS = { "1y": 1, "3y": 3, "5y": 5, "10y": 10, max: null } as const;
export type RangeChoice = keyof typeof RANGE_YEARS;
