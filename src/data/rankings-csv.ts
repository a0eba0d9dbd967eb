// Reads CRYPTO_RANKS_MONTHLY.csv (date,source,rank,symbol,name,market_cap_usd,price_usd) into monthly rankings.
import { isIsoDate } from "../core/base/dates.ts";
import { UserError } from "../core/base/errors.ts";
import type { MonthlyRanking, RankEntry } from "../core/ports.ts";
import { parseCsvWithLines } from "./csv.ts";

export const RANKINGS_FILE = "CRYPTO_RANKS_MONTHLY.csv";

const COLUMNS = ["date", "source", "rank", "symbol", "name", "market_cap_usd", "price_usd"] as const;

/** A missing or non-positive cap or price is no value (null), never zero. */
function amount(text: string): number | null {
  if (text === "") return null;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Rankings oldest first, each month's entries in rank order; a malformed row is a one-line error. */
export function parseRankingsCsv(text: string, fileLabel: string): MonthlyRanking[] {
  const [head, ...rows] = parseCsvWithLines(text);
  const header = (head?.cells ?? []).map((h) => h.toLowerCase());
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const absent = COLUMNS.filter((c) => col[c] < 0);
  if (absent.length > 0) throw new UserError(`${fileLabel}: the header lacks ${absent.join(", ")}.`);
  const months = new Map<string, { source: MonthlyRanking["source"]; entries: RankEntry[] }>();
  for (const { cells, line } of rows) {
    const cell = (c: (typeof COLUMNS)[number]) => cells[col[c]] ?? "";
    const date = cell("date");
    const source = cell("source");
    const rank = Number(cell("rank"));
    if (!isIsoDate(date) || (source !== "cmc" && source !== "list") || !Number.isInteger(rank) || rank < 1)
      throw new UserError(`${fileLabel} line ${line}: expected date, source cmc or list, and a rank from 1.`);
    let month = months.get(date);
    if (!month) {
      month = { source, entries: [] };
      months.set(date, month);
    }
    month.entries.push({
      rank,
      symbol: cell("symbol"),
      name: cell("name"),
      marketCapUsd: amount(cell("market_cap_usd")),
      priceUsd: amount(cell("price_usd")),
    });
  }
  return [...months.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, m]) => ({ date, source: m.source, entries: m.entries.sort((a, b) => a.rank - b.rank) }));
}
