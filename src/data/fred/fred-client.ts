// FRED over HTTP: one series' whole history, from the keyless graph CSV (fred.stlouisfed.org/graph/fredgraph.csv)
// or, with FRED_API_KEY, from the API's series/observations (JSON, values as strings, "." for no value). A reply
// that is an HTML page, empty, an error body or in another unit than riskon reads (a series in billions where it
// reads millions) is refused with a one-line reason; the caller keeps what it has. The key is never in a message.
import { SourceError } from "../../core/base/errors.ts";
import type { FredSeriesId, Observation } from "../../core/liquidity/publication.ts";
import { httpGet } from "../evidence/http-get.ts";
import { FRED_UNITS, fredObservations, parseFredCsv } from "./fred-csv.ts";

export const FRED_GRAPH_BASE_URL = "https://fred.stlouisfed.org";
export const FRED_API_BASE_URL = "https://api.stlouisfed.org";

export interface FredClientOptions {
  /** FRED_API_KEY: the API (JSON) instead of the keyless graph CSV. */
  readonly apiKey?: string;
  readonly graphBaseUrl?: string;
  readonly apiBaseUrl?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Each series' values as FRED publishes them in the units riskon reads (FRED_UNITS), over its whole history
 * since 1954 (DFF) or 2002 (H.4.1) with room on both sides: a reply with a value outside is in another unit.
 * RRPONTSYD in millions would reach 2.5 million, M2SL in millions 23 million, WALCL in billions 9,000.
 */
export const FRED_PLAUSIBLE: Readonly<Record<FredSeriesId, readonly [number, number]>> = {
  WALCL: [100_000, 100_000_000],
  WTREGEN: [100, 50_000_000],
  WRESBAL: [100, 100_000_000],
  RRPONTSYD: [0, 20_000],
  M2SL: [1_000, 1_000_000],
  DFF: [-10, 40],
};

export class FredClient {
  /** Which of FRED's two forms this client reads (said in the answer's source). */
  readonly via: "FRED API" | "FRED graph CSV";

  constructor(private readonly options: FredClientOptions = {}) {
    this.via = options.apiKey ? "FRED API" : "FRED graph CSV";
  }

  /** The series' observations, ascending, missing values skipped; a SourceError with the reason otherwise. */
  async observations(id: FredSeriesId): Promise<Observation[]> {
    const observations = this.options.apiKey ? await this.fromApi(id) : await this.fromGraph(id);
    checkUnits(id, observations);
    return observations;
  }

  private async fromGraph(id: FredSeriesId): Promise<Observation[]> {
    const base = this.options.graphBaseUrl ?? FRED_GRAPH_BASE_URL;
    const answer = await httpGet(`${base}/graph/fredgraph.csv?id=${id}`, this.http());
    if (answer.status !== 200) throw statusError(id, answer.status, answer.text);
    if (/html/i.test(answer.contentType))
      throw new SourceError(`FRED ${id}: an HTML page, not CSV`, "fred", false);
    if (answer.text.trim() === "") throw new SourceError(`FRED ${id}: an empty reply`, "fred", false);
    return parseFredCsv(answer.text, id);
  }

  private async fromApi(id: FredSeriesId): Promise<Observation[]> {
    const base = this.options.apiBaseUrl ?? FRED_API_BASE_URL;
    const query = new URLSearchParams({
      series_id: id,
      api_key: this.options.apiKey ?? "",
      file_type: "json",
      sort_order: "asc",
    });
    const answer = await httpGet(`${base}/fred/series/observations?${query}`, this.http());
    if (answer.status !== 200) throw statusError(id, answer.status, answer.text);
    if (/html/i.test(answer.contentType) || /^\s*</.test(answer.text))
      throw new SourceError(`FRED ${id}: an HTML page, not JSON`, "fred", false);
    return parseFredJson(answer.text, id);
  }

  private http() {
    return {
      provider: "fred",
      timeoutMs: this.options.timeoutMs ?? 20_000,
      headers: { accept: "text/csv, application/json" },
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    };
  }
}

/** FRED's error body (`{"error_code":429,"error_message":"Too Many Requests.  Exceeded Rate Limit"}`), if it is one. */
function errorMessageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error_message?: unknown };
    return typeof body.error_message === "string"
      ? body.error_message.replace(/\s+/g, " ").trim()
      : undefined;
  } catch {
    return undefined;
  }
}

function statusError(id: FredSeriesId, status: number, text: string): SourceError {
  const said = errorMessageOf(text);
  // A rate limit or a server error passes; a refused key or an unknown series does not, until the settings change.
  const retryable = status === 429 || status >= 500;
  return new SourceError(`FRED ${id}: HTTP ${status}${said ? ` (${said})` : ""}`, "fred", retryable);
}

/** The API's JSON: `observations[].{date, value}`, the value a string ("6748567.0000000000", "6743028", "."). */
export function parseFredJson(text: string, id: FredSeriesId): Observation[] {
  let body: { observations?: unknown; error_message?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SourceError(
      text.trim() === "" ? `FRED ${id}: an empty reply` : `FRED ${id}: not JSON`,
      "fred",
      false,
    );
  }
  if (typeof body.error_message === "string")
    throw new SourceError(`FRED ${id}: ${errorMessageOf(text)}`, "fred", false);
  if (!Array.isArray(body.observations))
    throw new SourceError(`FRED ${id}: the reply has no observations`, "fred", false);
  const rows = (body.observations as Array<{ date?: unknown; value?: unknown } | null>).map((row, i) => {
    const where = `observation ${i + 1}`;
    if (typeof row?.value !== "string")
      throw new SourceError(`FRED ${id} ${where}: the value is not a string`, "fred", false);
    return { date: typeof row.date === "string" ? row.date : "", text: row.value, where };
  });
  return fredObservations(id, rows);
}

/** Refuses a reply with a value outside the series' plausible range in riskon's units (FRED_PLAUSIBLE). */
export function checkUnits(id: FredSeriesId, observations: readonly Observation[]): void {
  const [low, high] = FRED_PLAUSIBLE[id];
  const outside = observations.find((o) => o.value < low || o.value > high);
  if (outside)
    throw new SourceError(
      `FRED ${id}: ${outside.value} on ${outside.date} is not in ${FRED_UNITS[id]} (another unit?)`,
      "fred",
      false,
    );
}

/**
 * Refuses a reply that disagrees with what is kept on the dates both have: the median ratio of the new values to
 * the kept ones must lie within 20% (revisions move H.4.1 and M2 figures by far less; a change of unit by 1,000).
 */
export function checkAgainstKept(
  id: FredSeriesId,
  fetched: readonly Observation[],
  kept: readonly Observation[],
): void {
  const keptBy = new Map(kept.map((o) => [o.date, o.value]));
  const ratios: number[] = [];
  for (const o of fetched) {
    const before = keptBy.get(o.date);
    if (before !== undefined && before !== 0 && o.value !== 0) ratios.push(o.value / before);
  }
  if (ratios.length === 0) return;
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)] as number;
  if (median < 0.8 || median > 1.25)
    throw new SourceError(
      `FRED ${id}: the reply is ${median.toPrecision(3)}x the kept values on ${ratios.length} common dates (another unit?)`,
      "fred",
      false,
    );
}
