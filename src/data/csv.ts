// CSV through a kept parser (csv-parse): quoted fields with commas, doubled quotes and line breaks, a byte-order
// mark, CRLF or LF line ends. Every CSV riskon reads (snapshot series, --data-dir files, iShares holdings) goes
// through here.
import { parse } from "csv-parse/sync";

export interface CsvRecord {
  readonly cells: readonly string[];
  /** The line the record starts on, 1-based, for error messages. */
  readonly line: number;
}

/** Every record, blank lines included as one empty cell (the iShares preamble is line-oriented). */
export function parseCsvRecords(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
}

/** Records with their line numbers; blank lines are skipped and cells trimmed. */
export function parseCsvWithLines(text: string): CsvRecord[] {
  const rows = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return rows.map(({ record, info }) => ({ cells: record, line: info.lines }));
}
