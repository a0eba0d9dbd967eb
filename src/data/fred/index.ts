// The Fed's liquidity series for the app: the bundled copies offline, FRED live (stored, refreshed daily, the
// stored copy or the snapshot when it fails) otherwise.
import type { LiquidityData } from "../../core/ports.ts";
import { SqliteBarStore } from "../../storage/sqlite-bar-store.ts";
import type { LiveDataConfig } from "../live-config.ts";
import { FredClient } from "./fred-client.ts";
import { createFredSnapshot } from "./fred-csv.ts";
import { LiveFredData, memoryFredStore, sqliteFredStore } from "./live-fred.ts";

export { createFredSnapshot } from "./fred-csv.ts";

export function createLiquidityData(
  live: LiveDataConfig | null,
  deps: {
    readonly clock: () => Date;
    readonly log?: (message: string) => void;
    readonly fetch?: typeof fetch;
  },
): LiquidityData {
  const snapshot = createFredSnapshot();
  if (!live || live.offline) return snapshot;
  const client = new FredClient({
    timeoutMs: live.requestTimeoutMs,
    ...(live.fredApiKey ? { apiKey: live.fredApiKey } : {}),
    ...(live.baseUrls.fred ? { graphBaseUrl: live.baseUrls.fred } : {}),
    ...(live.baseUrls.fredApi ? { apiBaseUrl: live.baseUrls.fredApi } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const store =
    live.dbPath === ":memory:" ? memoryFredStore() : sqliteFredStore(SqliteBarStore.open(live.dbPath));
  return new LiveFredData({
    client,
    store,
    snapshot,
    clock: deps.clock,
    ...(deps.log ? { log: deps.log } : {}),
  });
}
