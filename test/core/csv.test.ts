// CSV export of a reply's datasets: RFC 4180 quoting, blanks for missing values, no spreadsheet formulas.
import { describe, expect, it } from "vitest";
import { datasetCsv } from "../../src/core/answers/csv.ts";
import { alignedSeries } from "../../src/core/answers/datasets.ts";

describe("datasetCsv", () => {
  it("quotes commas, quotes and line breaks, leaves missing values empty, and defuses formulas", () => {
    const csv = datasetCsv({
      name: "x",
      header: ["date", "note", "value"],
      rows: [
        ["2020-11-13", 'a "quoted", text', -3.5],
        ["2020-11-14", '=HYPERLINK("http://x")', null],
        ["2020-11-15", "two\nlines", Number.NaN],
      ],
    });
    expect(csv).toBe(
      'date,note,value\r\n2020-11-13,"a ""quoted"", text",-3.5\r\n2020-11-14,"\'=HYPERLINK(""http://x"")",\r\n2020-11-15,"two\nlines",\r\n',
    );
  });
});

describe("alignedSeries", () => {
  it("puts each series' close on every date any of them has in the range, blank where one has none", () => {
    const daily = [
      { date: "2024-01-05", close: 1 },
      { date: "2024-01-06", close: 2 },
      { date: "2024-01-08", close: 3 },
    ];
    const weekly = [
      { date: "2023-12-31", close: 10 },
      { date: "2024-01-07", close: 20 },
    ];
    const data = alignedSeries(
      "s",
      [
        { id: "A", bars: daily },
        { id: "B", bars: weekly },
      ],
      "2024-01-01",
      "2024-01-07",
    );
    expect(data.header).toEqual(["date", "A_close", "B_close"]);
    expect(data.rows).toEqual([
      ["2024-01-05", 1, null],
      ["2024-01-06", 2, null],
      ["2024-01-07", null, 20],
    ]);
  });
});
