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
writeSeries("TOTAL3_WEEKLY", column("CRYPTO_MARKET_CAP_WEEKLY_CMC.csv", "total3_ex_btc_eth"));
