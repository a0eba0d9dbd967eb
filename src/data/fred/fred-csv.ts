// The Fed's liquidity series from FRED's CSV form (`date,value`; FRED's `fredgraph.csv` names the value column
// after the series, which is read the same way): the bundled copies in data/snapshot/fred/ (see its
// PROVENANCE.md). A blank or FRED's `.` is no observation, skipped; anything else that is not a number, a date out
// of order or an HTML page is refused with a one-line reason.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isIsoDate } from "../../core/base/dates.ts";
import { SourceError } from "../../core/base/errors.ts";
import type { FredSeriesId, Observation } from "../../core/liquidity/publication.ts";
import type { FredSeries, LiquidityData, SourceRef } from "../../core/ports.ts";
import { parseCsvWithLines } from "../csv.ts";
import { SNAPSHOT_DIR } from "../snapshot.ts";

/** FRED's units for each series, as its graph CSV and API give them today. */
export const FRED_UNITS: Readonly<Record<FredSeriesId, string>> = {
  WALCL: "millions of USD",
  WTREGEN: "millions of USD",
  WRESBAL: "millions of USD",
  RRPONTSYD: "billions of USD",
  M2SL: "billions of USD",
  DFF: "percent",
};

/** Parses FRED CSV text; throws a SourceError whose message is the reason (logged; the stored data stay). */
export function parseFredCsv(text: string, id: FredSeriesId): Observation[] {
  if (/^\s*</.test(text)) throw new SourceError(`FRED ${id}: an HTML page, not CSV`, "fred", false);
  let records: ReturnType<typeof parseCsvWithLines>;
  try {
    records = parseCsvWithLines(text);
  } catch (error) {
    throw new SourceError(
      `FRED ${id}: not readable as CSV (${(error as Error).message.split("\n")[0]})`,
      "fred",
      false,
    );
  }
  const header = (records[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  const dateCol = header.findIndex((h) => h === "date" || h === "observation_date");
  const valueCol = header.findIndex((h) => h === "value" || h === id.toLowerCase());
  if (dateCol < 0 || valueCol < 0)
    throw new SourceError(`FRED ${id}: the header names no date and value columns`, "fred", false);
  return fredObservations(
    id,
    records.slice(1).map(({ cells, line }) => ({
      date: cells[dateCol] ?? "",
      text: cells[valueCol] ?? "",
      where: `line ${line}`,
    })),
  );
}

/**
 * FRED's rows (a CSV line or an API observation: a date and the value as FRED writes it) as observations: a
 * blank or `.` is no observation, skipped; a malformed date, dates out of order, a value that is not a number or
 * no observation at all is refused with a one-line reason naming the row.
 */
export function fredObservations(
  id: FredSeriesId,
  rows: Iterable<{ readonly date: string; readonly text: string; readonly where: string }>,
): Observation[] {
  const out: Observation[] = [];
  let last = "";
  for (const { date, text, where } of rows) {
    if (!isIsoDate(date))
      throw new SourceError(`FRED ${id} ${where}: date must be YYYY-MM-DD`, "fred", false);
    if (last >= date)
      throw new SourceError(`FRED ${id} ${where}: dates must ascend (${date} after ${last})`, "fred", false);
    last = date;
    const value = text.trim();
    if (value === "" || value === ".") continue; // no observation: never a zero, never filled
    const number = Number(value);
    if (!Number.isFinite(number))
      throw new SourceError(`FRED ${id} ${where}: not a number: ${value.slice(0, 20)}`, "fred", false);
    out.push({ date, value: number });
  }
  if (out.length === 0) throw new SourceError(`FRED ${id}: no observations`, "fred", false);
  return out;
}

export const FRED_SNAPSHOT_DIR = join(SNAPSHOT_DIR, "fred");

/** A bundled FRED series (data/snapshot/fred/<ID>.csv), read once. */
export function createFredSnapshot(dir = FRED_SNAPSHOT_DIR): LiquidityData {
  const loaded = new Map<FredSeriesId, Promise<FredSeries>>();
  return {
    getFredSeries(id: FredSeriesId): Promise<FredSeries> {
      let series = loaded.get(id);
      if (!series) {
        series = readFile(join(dir, `${id}.csv`), "utf8").then((text) => {
          const observations = parseFredCsv(text, id);
          const source: SourceRef = {
            series: id,
            provider: `FRED ${id} (${FRED_UNITS[id]})`,
            lastDate: (observations.at(-1) as Observation).date,
            freshness: "snapshot",
            note: "bundled snapshot",
          };
          return { id, observations, source };
        });
        loaded.set(id, series);
      }
      return series;
    },
  };
}
