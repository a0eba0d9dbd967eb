// A reply's datasets as CSV (RFC 4180): comma-separated, a header row, fields with a comma, quote or line break
// quoted, empty for a missing value, numbers as they are. A text cell that a spreadsheet would read as a formula
// (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe.
import type { ReplyDataset } from "./reply.ts";

function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function datasetCsv(dataset: ReplyDataset): string {
  return [dataset.header, ...dataset.rows]
    .map((row) => row.map(cell).join(","))
    .join("\r\n")
    .concat("\r\n");
}
