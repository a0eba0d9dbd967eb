// Builds the bundled offline snapshot (data/snapshot/*.csv, `date,close`) from the shared real history.
// Values are copied verbatim from the source files; only columns are selected. Run: npm run snapshot:build [SHARED_DATA_DIR]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const sourceDir = resolve(process.argv[2] ?? join(import.meta.dirname, "../../shared/data"));
const outDir = resolve(join(import.meta.dirname, "../data/snapshot"));

function readRows(file: string): string[][] {
  const text = readFileSync(join(sourceDir, file), "utf8").trim();
  return text.split(/\r?\n/).map((line) => line.split(","));
}

function writeSeries(id: string, rows: Array<[string, string]>): void {
  const kept = rows.filter(([, close]) => close !== "" && Number(close) > 0);
  const body = kept.map(([date, close]) => `${date},${close}`).join("\n");
  writeFileSync(join(outDir, `${id}.csv`), `date,close\n${body}\n`);
  console.log(`${id}: ${kept.length} rows, ${kept[0]?.[0]} -> ${kept.at(-1)?.[0]}`);
}

function column(file: string, name: string): Array<[string, string]> {
  const [header, ...rows] = readRows(file);
  const index = header?.indexOf(name) ?? -1;
  if (index < 0) throw new Error(`${file} has no column ${name}`);
  return rows.map((row) => [row[0] ?? "", row[index] ?? ""]);
}

mkdirSync(outDir, { recursive: true });
writeSeries("RUT", column("RUT.csv", "close"));
writeSeries("IWM", column("IWM_ADJ.csv", "close"));
writeSeries("IWN", column("IWN_ADJ.csv", "close"));
// Quoted prices, for the event rule's sensitivity to price versus total-return closes.
writeSeries("IWM_PRICE", column("IWM.csv", "close"));
writeSeries("IWN_PRICE", column("IWN.csv", "close"));
writeSeries("BTC", column("BTC.csv", "close"));
writeSeries("ETH", column("ETH.csv", "close"));
for (const coin of ["xrp", "sol", "ada", "avax", "doge", "link", "trx", "xlm"]) {
  writeSeries(coin.toUpperCase(), column("ALTCOINS_CLOSE.csv", coin));
}
const kaggle = readRows("CRYPTO_CMC_KAGGLE_DAILY.csv").slice(1);
for (const coin of ["LTC", "BNB", "DOT", "XMR", "EOS", "ATOM", "CRO", "MIOTA", "XEM", "AAVE", "UNI"]) {
  writeSeries(
    coin,
    kaggle.filter((row) => row[1] === coin).map((row) => [row[0] ?? "", row[5] ?? ""]),
  );
}
// Market caps behind the altcoin series (TOTAL3) and the Altcoin Season Index; riskon stitches and checks them.
writeSeries("TOTAL3_CMC", column("CRYPTO_MARKET_CAP_WEEKLY_CMC.csv", "total3_ex_btc_eth"));
writeSeries("TOTAL3_TV", column("CRYPTO_GLOBAL_DAILY_TV.csv", "total3_usd"));
writeRanks();
// The Fed's liquidity series (FRED), copied whole: `date,value` with FRED's blanks kept (a blank is no
// observation, never a zero), in FRED's own units (see data/snapshot/PROVENANCE.md), into data/snapshot/fred/.
mkdirSync(join(outDir, "fred"), { recursive: true });
for (const id of ["WALCL", "WTREGEN", "RRPONTSYD", "WRESBAL", "M2SL", "DFF", "FEDFUNDS"]) {
  const text = readFileSync(join(sourceDir, `FRED_${id}.csv`), "utf8");
  if (!text.startsWith("date,value\n")) throw new Error(`FRED_${id}.csv: expected a date,value header`);
  writeFileSync(join(outDir, "fred", `${id}.csv`), text);
  console.log(`FRED_${id}: ${text.trim().split("\n").length - 1} rows`);
}

/**
 * CRYPTO_RANKS_MONTHLY.csv: who was in the top of the crypto market on the 1st of each month, as known then.
 * CoinMarketCap's top-200 snapshots (with cap and price) where they exist (2020-01 to 2025-10); the Yahoo-ticker
 * rank lists (order only, a rank within that list, not CoinMarketCap's) for the months they lack, top 100.
 */
function writeRanks(): void {
  const cmc = readRows("CMC_TOP200_MONTHLY_SNAPSHOTS.csv").slice(1);
  const cmcMonths = new Set(cmc.map((row) => row[0]));
  const lines = cmc.map(([date, rank, name, symbol, cap, price]) =>
    [date, "cmc", rank, symbol, name, cap, price].join(","),
  );
  const lists = readRows("TOP_UNIVERSE_MONTHLY_RANKS.csv").slice(1);
  for (const [date, rank, ticker] of lists) {
    if (cmcMonths.has(date) || Number(rank) > 100) continue;
    lines.push([date, "list", rank, (ticker ?? "").replace(/-USD$/, ""), "", "", ""].join(","));
  }
  lines.sort((a, b) => {
    const [da = "", , ra = "0"] = a.split(",");
    const [db = "", , rb = "0"] = b.split(",");
    return da === db ? Number(ra) - Number(rb) : da < db ? -1 : 1;
  });
  const header = "date,source,rank,symbol,name,market_cap_usd,price_usd";
  writeFileSync(join(outDir, "CRYPTO_RANKS_MONTHLY.csv"), `${header}\n${lines.join("\n")}\n`);
  console.log(`CRYPTO_RANKS_MONTHLY: ${lines.length} rows`);
}
