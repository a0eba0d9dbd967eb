// Reads daily series from CSV text: a `date,close` or `date,open,high,low,close,volume` header, ascending dates.
import { isIsoDate } from "../core/base/dates.ts";
import { UserError } from "../core/base/errors.ts";
import type { Bar } from "../core/base/series.ts";
import { type CsvRecord, parseCsvWithLines } from "./csv.ts";

/** Parses a daily CSV; any malformed row is a one-line error naming the file and line. */
export function parseDailyCsv(text: string, fileLabel: string): Bar[] {
  let records: CsvRecord[];
  try {
    records = parseCsvWithLines(text);
  } catch (error) {
    throw new UserError(`${fileLabel}: not readable as CSV (${(error as Error).message.split("\n")[0]}).`);
  }
  const header = (records[0]?.cells ?? []).map((h) => h.toLowerCase());
  const dateCol = header.indexOf("date");
  const closeCol = header.indexOf("close");
  if (dateCol < 0 || closeCol < 0) {
    throw new UserError(
      `${fileLabel}: the header must name date and close columns (date,close or date,open,high,low,close,volume).`,
    );
  }
  const bars: Bar[] = [];
  for (const { cells, line } of records.slice(1)) {
    const date = cells[dateCol] ?? "";
    const closeText = cells[closeCol] ?? "";
    const where = `${fileLabel} line ${line}`;
    if (!isIsoDate(date)) throw new UserError(`${where}: date must be YYYY-MM-DD.`);
    if (cells.length < header.length)
      throw new UserError(`${where}: the row has ${cells.length} of ${header.length} columns.`);
    if (closeText === "") continue; // a missing close is a missing bar, never a zero
    const close = Number(closeText);
    if (!Number.isFinite(close) || close <= 0)
      throw new UserError(`${where}: close must be a positive number.`);
    const previous = bars.at(-1);
    if (previous && previous.date >= date) {
      throw new UserError(`${where}: dates must ascend without repeats (${date} after ${previous.date}).`);
    }
    bars.push({ date, close });
  }
  if (bars.length === 0) throw new UserError(`${fileLabel}: no data rows.`);
  return bars;
}
