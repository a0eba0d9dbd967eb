import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSX = join(import.meta.dirname, "../../node_modules/.bin/tsx");
const CLI = join(import.meta.dirname, "../../src/cli.ts");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, RISKON_DEBUG: "" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run cli", () => {
  it("russell --csv DIR writes the aligned daily closes and the analog table behind the answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-csv-"));
    const { code, stdout, stderr } = await cli(
      "russell",
      "vs:eth",
      "1y",
      "--as-of",
      "2020-11-20",
      "--csv",
      dir,
      "--json",
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(stderr).toContain(`CSV written to ${join(dir, "russell-rut-eth-2020-11-20-series.csv")}`);
    const series = readFileSync(join(dir, "russell-rut-eth-2020-11-20-series.csv"), "utf8").split("\r\n");
    expect(series[0]).toBe("date,RUT_close,ETH_close");
    // The as-of day's row holds the close the JSON reports (bundled ^RUT 2020-11-20: 1785.34), nothing later.
    expect(series.at(-2)?.startsWith(`2020-11-20,${json.index.close},`)).toBe(true);
    // 1y to 2020-11-20 starts 2019-11-20 (a Wednesday, a session).
    expect(json.range.from).toBe("2019-11-20");
    expect(series[1]?.slice(0, 10)).toBe("2019-11-20");
    const analogs = readFileSync(join(dir, "russell-rut-eth-2020-11-20-analogs.csv"), "utf8")
      .trim()
      .split("\r\n");
    expect(analogs[0]?.startsWith("event_date,ETH_d30_pct,ETH_d90_pct")).toBe(true);
    expect(analogs.slice(1).map((row) => row.split(",")[0])).toEqual(
      json.analogs.map((a: { eventDate: string }) => a.eventDate),
    );
    const first = json.analogs[0];
    const d30 = first.forward.ETH?.d30;
    expect(analogs[1]?.split(",")[1]).toBe(d30 === null || d30 === undefined ? "" : String(d30));
  }, 60_000);

  it("altseason --csv writes TOTAL3, BTC and IWM closes and the season index, none after the as-of date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-csv-"));
    const { code, stdout } = await cli("altseason", "1y", "--as-of", "2024-03-01", "--csv", dir, "--json");
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const series = readFileSync(join(dir, `altseason-${json.asOf}-series.csv`), "utf8")
      .trim()
      .split("\r\n");
    expect(series[0]).toBe("date,TOTAL3_close,BTC_close,IWM_close");
    expect(
      series.every(
        (row, i) => i === 0 || (row.slice(0, 10) <= json.asOf && row.slice(0, 10) >= "2023-03-01"),
      ),
    ).toBe(true);
    const index = readFileSync(join(dir, `altseason-${json.asOf}-season-index.csv`), "utf8")
      .trim()
      .split("\r\n");
    expect(index[0]).toBe("date,altcoin_season_index");
    expect(index.length).toBeGreaterThan(1);
    for (const row of index.slice(1)) {
      const value = Number(row.split(",")[1]);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
  }, 60_000);

  it("--csv for a command without data says so in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-csv-"));
    const { code, stderr } = await cli("help", "--csv", dir);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("riskon: /help has no data to export as CSV.");
  });

  it("russell --json --as-of 2020-11-20 prints the documented fields", async () => {
    const { code, stdout } = await cli("russell", "--json", "--as-of", "2020-11-20");
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.asOf).toBe("2020-11-20");
    expect(json.index).toEqual({ symbol: "RUT", date: "2020-11-20", close: 1785.34 });
    expect(json.ath).toEqual({ date: "2020-11-17", close: 1791.91 });
    expect(json.breakout).toMatchObject({ state: "breakout", eventDate: "2020-11-13", level: 1740.75 });
    expect(json.events.at(-1)).toEqual({
      date: "2020-11-13",
      close: 1744.04,
      priorHighDate: "2018-08-31",
      priorHigh: 1740.75,
    });
    expect(Object.keys(json.analogs[0].forward).sort()).toEqual(["BTC", "ETH", "TOTAL3"]);
    expect(Object.keys(json.analogs[0].forward.BTC)).toEqual([
      "d30",
      "d90",
      "d180",
      "d365",
      "max180",
      "best365",
      "maxDrawdown365",
      "daysToOwnAth",
    ]);
    expect(Object.keys(json.analogSummary.BTC.d365).sort()).toEqual(
      ["baseline", "max", "median", "min", "n", "pValue", "q1", "q3", "sharePositive"].sort(),
    );
    expect(
      json.sensitivity.map((r: { minSessionsSincePriorHigh: number }) => r.minSessionsSincePriorHigh),
    ).toEqual([63, 126, 252, 504]);
    expect(json.correlation.w90).toMatchObject({ n: 90 });
    for (const frequency of ["daily", "weekly", "monthly"]) {
      for (const field of ["bestLag", "rho", "n", "lagsTested", "pValue", "significant", "method"]) {
        expect(json.correlation.leadLag[frequency]).toHaveProperty(field);
      }
    }
    expect(json.sources.map((s: { series: string }) => s.series)).toEqual(["RUT", "BTC", "ETH", "TOTAL3"]);
    expect(json.sources[0]).toMatchObject({ provider: "Yahoo Finance ^RUT", lastDate: "2026-08-21" });
    expect(json.text).toContain("Not financial advice");
  });

  it("altseason --json has the index, ETH/BTC and the altcoin series' record", async () => {
    const { code, stdout } = await cli("altseason", "--json", "--as-of", "2021-02-20");
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    // CoinMarketCap's snapshots: 17 of the top 50 altcoins of 2020-11-01 beat BTC by 2021-02-01 (92 days).
    expect(json.altseasonIndex).toMatchObject({
      value: 34,
      universe: 50,
      minUniverse: 10,
      windowDays: 92,
      label: "neither",
      reason: null,
    });
    expect(json.altseasonIndex.interval).toHaveLength(2);
    expect(json.others).toMatchObject({
      name: "TOTAL3",
      frequency: "weekly",
      from: "2013-05-05",
      to: "2021-02-14",
    });
    expect(json.others.definition).toMatch(/^TOTAL3: the whole crypto market cap minus BTC and ETH/);
    expect(json.ethBtc.value).toBeCloseTo(0.0342166, 6);
    expect(json.altcoin).toHaveProperty("ath");
    expect(json.altcoin).toHaveProperty("breakout");
    expect(Array.isArray(json.altcoin.events)).toBe(true);
  });

  it.each([
    [["russell", "--vs", "doge"], /^riskon: vs must be one of btc, eth, others, not "doge"/],
    [["russell", "--as-of", "2020-02-31"], /^riskon: date must be a date written YYYY-MM-DD/],
    [
      ["russell", "--as-of", "1900-01-01"],
      /^riskon: date 1900-01-01 is before the data: RUT starts 1987-09-10/,
    ],
    [["russell", "--as-of", "2999-01-01"], /^riskon: date 2999-01-01 is in the future/],
    [["bogus"], /^riskon: Unknown command "bogus". Commands: [a-z, ]*russell/],
    [["russell", "--colour", "red"], /^riskon: Unknown option "colour"/],
    [[], /^riskon: no command given/],
  ])("bad input %j: one line, exit 2, no stack trace", async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("--data-dir reads SYMBOL.csv files, and names a malformed one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-data-"));
    const days = Array.from({ length: 300 }, (_, i) =>
      new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    );
    writeFileSync(
      join(dir, "RUT.csv"),
      `date,open,high,low,close,volume\n${days.map((d, i) => `${d},1,1,1,${100 + (i % 50)},0`).join("\n")}\n`,
    );
    writeFileSync(
      join(dir, "BTC.csv"),
      `date,close\n${days.map((d, i) => `${d},${1000 + ((i * 7) % 90)}`).join("\n")}\n`,
    );
    const ok = await cli("russell", "--json", "--data-dir", dir);
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json.index.close).toBe(100 + (299 % 50));
    expect(json.sources[0].provider).toBe(join(dir, "RUT.csv"));
    expect(json.missing.map((m: { id: string }) => m.id).sort()).toEqual(["ETH", "TOTAL3"]);

    writeFileSync(join(dir, "RUT.csv"), "date,close\n2020-01-01,100\n2020-01-02,abc\n");
    const bad = await cli("russell", "--data-dir", dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/RUT\.csv line 3: close must be a positive number/);
    writeFileSync(join(dir, "RUT.csv"), "");
    expect((await cli("russell", "--data-dir", dir)).stderr).toMatch(
      /RUT\.csv: the header must name date and close/,
    );
  });
});
