import { describe, expect, it } from "vitest";
import { parseCsvRecords } from "../../src/data/csv.ts";
import { parseDailyCsv } from "../../src/data/csv-series.ts";

describe("CSV", () => {
  it("reads quoted fields, doubled quotes, a byte-order mark and CRLF line ends", () => {
    const text = '\uFEFFTicker,Name,Weight (%)\r\n"AAPL","Apple, Inc.","1.5"\r\nX,"say ""hi""",2\r\n';
    expect(parseCsvRecords(text)).toEqual([
      ["Ticker", "Name", "Weight (%)"],
      ["AAPL", "Apple, Inc.", "1.5"],
      ["X", 'say "hi"', "2"],
    ]);
  });

  it("parses a daily series with a BOM, CRLF and quoted cells, and names the line of a bad row", () => {
    const csv = '\uFEFF"Date","Close"\r\n2024-01-02,"100.5"\r\n\r\n2024-01-03,101\r\n';
    expect(parseDailyCsv(csv, "X.csv")).toEqual([
      { date: "2024-01-02", close: 100.5 },
      { date: "2024-01-03", close: 101 },
    ]);
    expect(() => parseDailyCsv("date,close\n2024-01-02,1\n2024-13-01,2\n", "Y.csv")).toThrow(
      "Y.csv line 3: date must be YYYY-MM-DD.",
    );
    expect(() => parseDailyCsv('date,close\n2024-01-02,"1\n', "Z.csv")).toThrow(
      /^Z\.csv: not readable as CSV/,
    );
  });
});
