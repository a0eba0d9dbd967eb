// Opens the Postgres store a deployment of several instances shares: a pool, the migrations applied, the store.
import { ConfigError } from "../../core/base/errors.ts";
import { migratePostgres } from "./migrate.ts";
import { openPool, PgDigestStore } from "./pg-digest-store.ts";

export async function openPostgresDigests(
  url: string,
  options: { readonly claimLeaseMs?: number } = {},
): Promise<{ store: PgDigestStore; close(): Promise<void> }> {
  const pool = openPool(url);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    // The URL holds a password: the message names the variable, not its value.
    throw new ConfigError(`cannot open the Postgres database (DATABASE_URL): ${(error as Error).message}`);
  }
  return { store: new PgDigestStore(pool, options), close: () => pool.end() };
}
