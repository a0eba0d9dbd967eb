// Market data on several instances: one refresh at a time for all of them (a shared job; whichever instance
// takes it fetches what is due and publishes the series that changed), and every instance takes the published
// series into its own store, from which its answers are served. An answer never waits on an upstream then.
import type { LiveMarketData, SharedSeries } from "../data/live-market-data.ts";
import type { JobQueue } from "./job-queue.ts";

/** Where the refreshed series are published (Postgres: src/storage/postgres/pg-market-share.ts). */
export interface MarketShare {
  publish(series: readonly SharedSeries[], now: number): Promise<void>;
  /** The series published after `seq`, and the last number among them. */
  since(seq: number): Promise<{ series: SharedSeries[]; seq: number }>;
}

type Sharing = Required<
  Pick<LiveMarketData, "refreshAll" | "changedSeries" | "importSeries" | "forgetShared">
>;

export interface MarketShareOptions {
  readonly market: unknown;
  readonly jobs: JobQueue;
  readonly share: MarketShare;
  readonly log: (message: string, error?: unknown) => void;
  /** How often the shared refresh job is offered. Default one minute (each series keeps its own schedule). */
  readonly refreshMs?: number;
  /** How often this instance takes what was published. Default 15 seconds. */
  readonly pullMs?: number;
  readonly clock?: () => number;
}

export const MARKET_REFRESH_JOB = "riskon-market-refresh";

function sharing(market: unknown): Sharing | null {
  const m = market as Partial<Sharing>;
  return m.changedSeries && m.importSeries && m.forgetShared && m.refreshAll ? (m as Sharing) : null;
}

/** Starts sharing (a no-op for a market without live data: the bundled snapshot, a data directory). */
export async function startMarketShare(options: MarketShareOptions): Promise<{ stop(): Promise<void> }> {
  const market = sharing(options.market);
  if (!market) return { stop: async () => {} };
  const { share, log } = options;
  const clock = options.clock ?? Date.now;
  let seq = 0;
  let busy: Promise<void> = Promise.resolve();
  const pull = () => {
    busy = busy
      .then(async () => {
        const published = await share.since(seq);
        market.importSeries(published.series);
        seq = published.seq;
      })
      .catch((error: unknown) => log("market data: could not take the shared series", error));
    return busy;
  };
  await pull();
  await options.jobs.every(MARKET_REFRESH_JOB, options.refreshMs ?? 60_000, async () => {
    await pull(); // first what the others published, so this instance does not publish older copies
    const result = await market.refreshAll();
    if (result.failed.length > 0) log(`market data: shared refresh failed for ${result.failed.join("; ")}`);
    const changed = market.changedSeries();
    try {
      await share.publish(changed, clock());
    } catch (error) {
      market.forgetShared();
      throw error;
    }
  });
  const timer = setInterval(pull, options.pullMs ?? 15_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await busy;
    },
  };
}
