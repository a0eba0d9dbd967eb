// Reads and validates the environment once at start-up; a bad variable is named, never half-used.
import { z } from "zod";
import { ConfigError } from "../core/errors.ts";

const schema = z.object({
  RISKON_DATA_DIR: z.string().min(1).optional(),
});

export interface Config {
  /** Serve SYMBOL.csv files from this directory instead of the bundled snapshot. */
  readonly dataDir?: string;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  return { ...(parsed.data.RISKON_DATA_DIR ? { dataDir: parsed.data.RISKON_DATA_DIR } : {}) };
}
