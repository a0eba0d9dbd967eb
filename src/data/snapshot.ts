// The bundled offline snapshot: real daily history copied into data/snapshot (see its PROVENANCE.md).
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root.ts";
import { CsvDirectorySource } from "./csv-directory-source.ts";

export const SNAPSHOT_DIR = join(PROJECT_ROOT, "data", "snapshot/");

const YAHOO = "Yahoo Finance";
const CMC = "CoinMarketCap (Kaggle dataset)";

const ALTS = ["XRP", "SOL", "ADA", "AVAX", "DOGE", "LINK", "TRX", "XLM"];
const KAGGLE = ["LTC", "BNB", "DOT", "XMR", "EOS", "ATOM", "CRO", "MIOTA", "XEM", "AAVE", "UNI"];

/** Who published each bundled series; the snapshot's PROVENANCE.md has repositories and commits. */
export const SNAPSHOT_PROVIDERS: Readonly<Record<string, string>> = {
  RUT: `${YAHOO} ^RUT`,
  IWM: `${YAHOO} IWM adj. close`,
  IWN: `${YAHOO} IWN adj. close`,
  BTC: `${YAHOO} BTC-USD`,
  ETH: `${YAHOO} ETH-USD (CoinMarketCap before 2017-11-09)`,
  ...Object.fromEntries(ALTS.map((c) => [c, YAHOO])),
  ...Object.fromEntries(KAGGLE.map((c) => [c, CMC])),
  TOTAL3_CMC: "CoinMarketCap market-cap breakdown",
  TOTAL3_TV: "TradingView CRYPTOCAP TOTAL3",
};

/** Why each bundled series ends where it does (data/snapshot/PROVENANCE.md has the sources). */
export const SNAPSHOT_ENDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ALTS.map((c) => [
      c,
      "alt closes in the offline snapshot end 2025-09-29, when their shared Yahoo copy was taken",
    ]),
  ),
  ...Object.fromEntries(
    KAGGLE.map((c) => [c, "the CoinMarketCap (Kaggle) dataset in the offline snapshot ends 2021-07-06"]),
  ),
  IWN: "the adjusted IWN copy in the offline snapshot ends 2026-08-03",
  TOTAL3_CMC: "the CoinMarketCap weekly breakdown in the offline snapshot ends 2024-12-08",
  TOTAL3_TV: "the TradingView CRYPTOCAP export in the offline snapshot ends 2026-04-18",
};

export function createSnapshotSource(): CsvDirectorySource {
  return new CsvDirectorySource({
    dir: SNAPSHOT_DIR,
    name: "snapshot",
    freshness: "snapshot",
    providers: SNAPSHOT_PROVIDERS,
    endsBecause: SNAPSHOT_ENDS,
    note: "bundled snapshot",
  });
}
