// The bundled offline snapshot: real daily history copied into data/snapshot (see its PROVENANCE.md).
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root.ts";
import { CsvDirectorySource } from "./csv-directory-source.ts";

export const SNAPSHOT_DIR = join(PROJECT_ROOT, "data", "snapshot/");

const YAHOO = "Yahoo Finance";
const CMC = "CoinMarketCap (Kaggle dataset)";

/** Who published each bundled series; the snapshot's PROVENANCE.md has repositories and commits. */
export const SNAPSHOT_PROVIDERS: Readonly<Record<string, string>> = {
  RUT: `${YAHOO} ^RUT`,
  IWM: `${YAHOO} IWM adj. close`,
  IWN: `${YAHOO} IWN adj. close`,
  BTC: `${YAHOO} BTC-USD`,
  ETH: `${YAHOO} ETH-USD (CoinMarketCap before 2017-11-09)`,
  ...Object.fromEntries(["XRP", "SOL", "ADA", "AVAX", "DOGE", "LINK", "TRX", "XLM"].map((c) => [c, YAHOO])),
  ...Object.fromEntries(
    ["LTC", "BNB", "DOT", "XMR", "EOS", "ATOM", "CRO", "MIOTA", "XEM", "AAVE", "UNI"].map((c) => [c, CMC]),
  ),
  TOTAL3_WEEKLY: "CoinMarketCap market-cap breakdown (weekly)",
};

export function createSnapshotSource(): CsvDirectorySource {
  return new CsvDirectorySource({
    dir: SNAPSHOT_DIR,
    name: "snapshot",
    freshness: "snapshot",
    providers: SNAPSHOT_PROVIDERS,
    note: "bundled snapshot",
  });
}
