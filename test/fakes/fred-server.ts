// Fake FRED: the keyless graph CSV (`/graph/fredgraph.csv?id=ID`, header `observation_date,ID`, a blank cell for
// no value; or the older `DATE` header with `.`) and the API (`/fred/series/observations`, the envelope of the
// captured replies in fixtures/formats, values as strings with FRED's varying decimals, "." for no value, its
// error bodies). The numbers are the bundled FRED copies (data/snapshot/fred), optionally cut at a date. Faults
// per series: an HTML page, an empty 200, the values in billions, FRED's real 429.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FredSeriesId } from "../../src/core/liquidity/publication.ts";
import { FRED_SNAPSHOT_DIR } from "../../src/data/fred/fred-csv.ts";
import { type LocalServer, startLocalServer } from "../evidence/local-server.ts";

const FORMATS = join(import.meta.dirname, "fixtures", "formats");
const envelope = JSON.parse(
  readFileSync(join(FORMATS, "series-observations-WALCL-desc-limit60.json"), "utf8"),
) as {
  observations: Array<{ realtime_start: string; realtime_end: string; date: string; value: string }>;
  [key: string]: unknown;
};
const RATE_LIMITED = readFileSync(join(FORMATS, "fred-error-429-rate-limit.json"), "utf8");
const BAD_KEY =
  '{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}';

export type FredFault = "html" | "empty" | "billions" | "rate-limited";

export interface FredFake extends LocalServer {
  /** Makes every later request for `id` misbehave (or behave again: null). */
  fault(id: FredSeriesId, fault: FredFault | null): void;
  /** Serves the rows up to `date` only (FRED as it stood then), or all of them (null). */
  cutAt(date: string | null): void;
  /** Requests per series id. */
  count(id: FredSeriesId): number;
}

/** A series' rows as FRED has them: the bundled file's `date,value` text, a blank where there is none. */
function rowsOf(id: FredSeriesId): Array<[date: string, value: string]> {
  const text = readFileSync(join(FRED_SNAPSHOT_DIR, `${id}.csv`), "utf8");
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",") as [string, string]);
}

export async function startFredFake(options: { apiKey?: string; format?: "current" | "older" } = {}) {
  const rows = new Map<FredSeriesId, Array<[string, string]>>();
  const faults = new Map<FredSeriesId, FredFault>();
  let cut: string | null = null;
  const rowsFor = (id: FredSeriesId) => {
    const all = rows.get(id) ?? rowsOf(id);
    rows.set(id, all);
    return cut === null ? all : all.filter(([date]) => date <= (cut as string));
  };
  const server = await startLocalServer((url, _req, res) => {
    const id = (url.searchParams.get("id") ?? url.searchParams.get("series_id") ?? "") as FredSeriesId;
    const api = url.pathname === "/fred/series/observations";
    if ((url.pathname !== "/graph/fredgraph.csv" && !api) || !/^[A-Z0-9]+$/.test(id)) {
      res.writeHead(404, { "content-type": "text/html; charset=UTF-8" });
      return void res.end("<!DOCTYPE html><html><body>Page Not Found</body></html>");
    }
    if (api && url.searchParams.get("api_key") !== options.apiKey) {
      res.writeHead(400, { "content-type": "application/json; charset=UTF-8" });
      return void res.end(BAD_KEY);
    }
    const fault = faults.get(id);
    if (fault === "html") {
      res.writeHead(200, { "content-type": "text/html; charset=UTF-8" });
      return void res.end(
        "<!DOCTYPE html><html><head><title>FRED maintenance</title></head><body></body></html>",
      );
    }
    if (fault === "empty") {
      res.writeHead(200, { "content-type": api ? "application/json; charset=UTF-8" : "text/csv" });
      return void res.end("");
    }
    if (fault === "rate-limited") {
      res.writeHead(429, { "content-type": "application/json; charset=UTF-8" });
      return void res.end(RATE_LIMITED);
    }
    const scale =
      fault === "billions" ? (v: string) => (v === "" ? v : String(Number(v) / 1000)) : (v: string) => v;
    const served = rowsFor(id).map(([date, value]) => [date, scale(value)] as const);
    if (api) {
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      return void res.end(apiBody(served, url.searchParams.get("sort_order") === "desc"));
    }
    res.writeHead(200, { "content-type": "text/csv" });
    res.end(csvBody(id, served, options.format ?? "current"));
  });
  const count = (id: FredSeriesId) =>
    server.requests.filter((r) => new RegExp(`[?&](id|series_id)=${id}(&|$)`).test(r.path)).length;
  return Object.assign(server, {
    fault: (id: FredSeriesId, fault: FredFault | null) => {
      if (fault) faults.set(id, fault);
      else faults.delete(id);
    },
    cutAt: (date: string | null) => {
      cut = date;
    },
    count,
  }) as FredFake;
}

function csvBody(
  id: string,
  rows: ReadonlyArray<readonly [string, string]>,
  format: "current" | "older",
): string {
  const header = format === "current" ? `observation_date,${id}` : `DATE,${id}`;
  const missing = format === "current" ? "" : ".";
  return `${[header, ...rows.map(([d, v]) => `${d},${v === "" ? missing : v}`)].join("\n")}\n`;
}

/** The API's reply: the captured envelope, every observation, the newest four with ".0000000000" as FRED writes them. */
function apiBody(rows: ReadonlyArray<readonly [string, string]>, newestFirst: boolean): string {
  const [stamp] = envelope.observations;
  const observations = rows.map(([date, value], i) => ({
    realtime_start: stamp?.realtime_start ?? "",
    realtime_end: stamp?.realtime_end ?? "",
    date,
    value: value === "" ? "." : i >= rows.length - 4 && !value.includes(".") ? `${value}.0000000000` : value,
  }));
  if (newestFirst) observations.reverse();
  return JSON.stringify({
    ...envelope,
    sort_order: newestFirst ? "desc" : "asc",
    count: observations.length,
    limit: 100000,
    observations,
  });
}
