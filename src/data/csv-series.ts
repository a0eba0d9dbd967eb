// Reads daily series from CSV text: a `date,close` or `date,open,high,low,close,volume` header, ascending dates.
import { isIsoDate } from "../core/dates.ts";
import { UserError } from "../core/errors.ts";
import type { Bar } from "../core/series.ts";

/** Parses a daily CSV; any malformed row is a one-line error naming the file and line. */
export function parseDailyCsv(text: string, fileLabel: string): Bar[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "")
    .trim()
    .toLowerCase()
    .split(",")
    .map((h) => h.trim().replace(/^"|"$/g, ""));
  const dateCol = header.indexOf("date");
  const closeCol = header.indexOf("close");
  if (dateCol < 0 || closeCol < 0) {
    throw new UserError(
      `${fileLabel}: the header must name date and close columns (date,close or date,open,high,low,close,volume).`,
    );
  }
  const bars: Bar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    const cells = line.split(",");
    const date = (cells[dateCol] ?? "").trim();
    const closeText = (cells[closeCol] ?? "").trim();
    const where = `${fileLabel} line ${i + 1}`;
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
