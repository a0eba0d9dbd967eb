// A Postgres schema of its own per test file, on the server the tests are given (RISKON_TEST_DATABASE_URL, or
// this machine's: 127.0.0.1:5432, database test). Where none answers, the Postgres tests skip and say so.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openPool } from "../../src/storage/postgres/pg-digest-store.ts";

export const TEST_DATABASE_URL =
  process.env.RISKON_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const why = await reachable();
if (why) console.warn(`postgres tests skipped: no server at ${TEST_DATABASE_URL} (${why})`);

/** False when no server answers: `describe.skipIf(!hasPostgres)`. */
export const hasPostgres = why === null;

export interface TestSchema {
  readonly pool: pg.Pool;
  /** A connection string whose clients use this schema (for child processes). */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh schema, and a pool whose clients use it. */
export async function freshSchema(): Promise<TestSchema> {
  const name = `riskon_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const url = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  const pool = openPool(url);
  return {
    pool,
    url,
    name,
    async drop() {
      await pool.end().catch(() => {});
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      // pg-boss's schema beside it (src/storage/postgres/pg-jobs.ts), when a test used the job queue.
      await cleanup.query(`DROP SCHEMA IF EXISTS ${name}_pgboss CASCADE`);
      await cleanup.end();
    },
  };
}
