// Versioned schema migrations for Postgres: plain numbered SQL files (migrations/NNN_name.sql) applied in order
// at start, each in its own transaction, recorded in riskon_schema. Several instances starting at once wait on
// one advisory lock (held for the whole run, the version table's creation included), so each migration runs once.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool } from "pg";
import { ConfigError } from "../../core/base/errors.ts";
import { PROJECT_ROOT } from "../../project-root.ts";

export interface SqlMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Read from the repository, whether riskon runs as TypeScript or compiled to dist/. */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, "src", "storage", "postgres", "migrations");

/** The migration files of a directory, by their number: "001_digests.sql" is version 1. */
export function readMigrations(dir = MIGRATIONS_DIR): SqlMigration[] {
  const out: SqlMigration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d+)_([\w-]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2] ?? file, sql: readFileSync(join(dir, file), "utf8") });
  }
  const versions = out.map((m) => m.version);
  if (new Set(versions).size !== versions.length)
    throw new ConfigError(`two migrations share a number in ${dir}`);
  return out;
}

/** Any number: the same for every riskon, so instances of one deployment wait for each other. */
const MIGRATION_LOCK = 7_215_360_001;

/** Applies the migrations not applied yet; returns the schema version. */
export async function migratePostgres(pool: Pool, migrations = readMigrations()): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS riskon_schema (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const latest = Math.max(0, ...migrations.map((m) => m.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      await client.query("BEGIN");
      try {
        const done = await client.query("SELECT 1 FROM riskon_schema WHERE version = $1", [
          migration.version,
        ]);
        if (done.rowCount === 0) {
          await client.query(migration.sql);
          await client.query("INSERT INTO riskon_schema (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    const current = await client.query<{ v: number | null }>("SELECT MAX(version) AS v FROM riskon_schema");
    const version = current.rows[0]?.v ?? 0;
    if (version > latest) {
      throw new ConfigError(
        `the database's schema is version ${version}, newer than this riskon knows (${latest})`,
      );
    }
    return version;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
