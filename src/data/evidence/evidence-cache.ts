// Where computed evidence is kept between runs: the weekly negative-earnings figure and the daily record of each
// fund's shares outstanding. A JSON file now (RISKON_EVIDENCE_CACHE); the SQLite store may take it over later.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { IsoDate } from "../../core/base/dates.ts";
import type { Caveat, SharesPoint } from "../../core/evidence/evidence.ts";

export interface EvidenceCacheState {
  readonly version: 1;
  /** The last computed negative-earnings caveat and the day it was computed. */
  readonly negativeEarnings?: { readonly computedOn: IsoDate; readonly caveat: Caveat };
  /** Fund → its recorded daily shares outstanding and NAV, one point per date. */
  readonly shares: Readonly<Record<string, readonly SharesPoint[]>>;
  /** Fund → the day its current data was last asked for (at most once a day). */
  readonly recordedOn: Readonly<Record<string, IsoDate>>;
  /** Fund → past dates already asked for from the issuer's archive (never asked twice). */
  readonly backfillTried: Readonly<Record<string, readonly IsoDate[]>>;
}

export const EMPTY_EVIDENCE_STATE: EvidenceCacheState = {
  version: 1,
  shares: {},
  recordedOn: {},
  backfillTried: {},
};

export interface EvidenceCache {
  load(): Promise<EvidenceCacheState>;
  save(state: EvidenceCacheState): Promise<void>;
}

const pointSchema = z.object({ date: z.string(), sharesOutstanding: z.number(), nav: z.number() });
const caveatSchema = z.object({
  id: z.string(),
  text: z.string(),
  value: z.number().nullable(),
  unit: z.enum(["percent", "USD"]),
  source: z.string(),
  asOf: z.string(),
  method: z.enum(["computed", "reported"]),
  stale: z.boolean().optional(),
  phrase: z
    .object({
      key: z.enum(["earnings", "flows", "reported"]),
      vars: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    })
    .optional(),
  coverage: z
    .object({
      covered: z.number(),
      missing: z.number(),
      total: z.number(),
      reachesBackTo: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
});
const stateSchema = z.object({
  version: z.literal(1),
  negativeEarnings: z.object({ computedOn: z.string(), caveat: caveatSchema }).optional(),
  shares: z.record(z.string(), z.array(pointSchema)).default({}),
  recordedOn: z.record(z.string(), z.string()).default({}),
  backfillTried: z.record(z.string(), z.array(z.string())).default({}),
});

export class MemoryEvidenceCache implements EvidenceCache {
  constructor(private state: EvidenceCacheState = EMPTY_EVIDENCE_STATE) {}
  async load(): Promise<EvidenceCacheState> {
    return this.state;
  }
  async save(state: EvidenceCacheState): Promise<void> {
    this.state = state;
  }
}

export const DEFAULT_EVIDENCE_CACHE_PATH = "./riskon-evidence.json";

/** A JSON file written atomically (temp file + rename); a missing or unreadable file is an empty cache. */
export class JsonFileEvidenceCache implements EvidenceCache {
  readonly path: string;
  constructor(path: string = DEFAULT_EVIDENCE_CACHE_PATH) {
    this.path = resolve(path);
  }

  async load(): Promise<EvidenceCacheState> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch {
      return EMPTY_EVIDENCE_STATE;
    }
    try {
      const parsed = stateSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : EMPTY_EVIDENCE_STATE;
    } catch {
      return EMPTY_EVIDENCE_STATE;
    }
  }

  async save(state: EvidenceCacheState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(state, null, 1)}\n`, "utf8");
    await rename(temp, this.path);
  }
}
