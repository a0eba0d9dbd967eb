// Opens riskon's embedded SQLite database (Node's built-in node:sqlite) and applies schema migrations.
// Each store owns a named migration list, so several stores can share one file and evolve apart.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ConfigError } from "../core/base/errors.ts";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Opens (creating the file and its directory on first start) a database; ":memory:" for tests. */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (error) {
    throw new ConfigError(`cannot open the database at ${path} (RISKON_DB): ${(error as Error).message}`);
  }
  db.exec("PRAGMA busy_timeout = 5000");
  if (path !== ":memory:") {
    db.exec("PRAGMA journal_mode = WAL");
    // In WAL mode NORMAL loses no committed data on a process crash (only, at worst, the last commits on a
    // power cut) and does not fsync each commit: a tick's writes stop stalling the event loop.
    db.exec("PRAGMA synchronous = NORMAL");
  }
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version)
  )`);
  return db;
}

/** Applies the migrations of `component` that are not applied yet, each in its own transaction. */
export function migrate(db: DatabaseSync, component: string, migrations: readonly Migration[]): number {
  const row = db
    .prepare("SELECT MAX(version) AS version FROM schema_migrations WHERE component = ?")
    .get(component) as { version: number | null } | undefined;
  const current = row?.version ?? 0;
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (current > latest) {
    throw new ConfigError(
      `the database's ${component} schema is version ${current}, newer than this riskon knows (${latest})`,
    );
  }
  const record = db.prepare(
    "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)",
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migration.sql);
      record.run(component, migration.version, migration.name, new Date().toISOString());
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
  return latest;
}
