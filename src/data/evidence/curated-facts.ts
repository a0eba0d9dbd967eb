// Reads and validates data/caveats/curated.json: published figures with their source, period and date.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { isIsoDate } from "../../core/base/dates.ts";
import { ConfigError } from "../../core/base/errors.ts";
import type { CuratedFact } from "../../core/evidence/evidence.ts";
import { PROJECT_ROOT } from "../../project-root.ts";

export const CURATED_FACTS_PATH = join(PROJECT_ROOT, "data", "caveats", "curated.json");

const isoDate = z.string().refine(isIsoDate, "expected a YYYY-MM-DD date");
const factSchema = z.object({
  id: z.string().min(1),
  claim: z.string().min(1),
  value: z.number(),
  unit: z.enum(["percent", "USD"]),
  period: z.object({ label: z.string().min(1), end: isoDate }),
  source: z.object({
    name: z.string().min(1),
    publishedOn: isoDate.nullable(),
    url: z.url().nullable(),
  }),
  addedOn: isoDate,
  citedBy: z.object({ name: z.string().min(1), url: z.url() }).optional(),
});
export const curatedFileSchema = z.object({ version: z.literal(1), facts: z.array(factSchema) });

export function parseCuratedFacts(json: unknown, where = "curated facts"): CuratedFact[] {
  const parsed = curatedFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${where} is not valid: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  }
  const ids = parsed.data.facts.map((f) => f.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError(`${where} lists the fact "${dup}" twice.`);
  return parsed.data.facts;
}

/** The versioned file in the repo (or another path); a broken file fails at start-up, not in a chat. */
export function loadCuratedFacts(path = CURATED_FACTS_PATH): CuratedFact[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the curated caveat facts at ${path}`, { cause: error });
  }
  return parseCuratedFacts(JSON.parse(text), path);
}
