// The market data one instance refreshed, for the others: one row per live series (its stored bars and fetch
// state), renumbered from a sequence on every publish, so an instance asks only for rows past the last it took.
import type pg from "pg";
import type { MarketShare } from "../../app/market-share.ts";
import type { SharedSeries } from "../../data/live-market-data.ts";

export class PgMarketShare implements MarketShare {
  constructor(private readonly pool: pg.Pool) {}

  async publish(series: readonly SharedSeries[], now: number): Promise<void> {
    for (const { series: id, body } of series) {
      await this.pool.query(
        `INSERT INTO market_series (series, body, seq, published_at) VALUES ($1, $2, nextval('market_series_seq'), $3)
         ON CONFLICT (series) DO UPDATE SET body = excluded.body, seq = excluded.seq, published_at = excluded.published_at`,
        [id, body, now],
      );
    }
  }

  async since(seq: number): Promise<{ series: SharedSeries[]; seq: number }> {
    const { rows } = await this.pool.query<{ series: string; body: string; seq: number }>(
      "SELECT series, body, seq FROM market_series WHERE seq > $1 ORDER BY seq",
      [seq],
    );
    return {
      series: rows.map((r) => ({ series: r.series, body: r.body })),
      seq: rows.reduce((last, r) => Math.max(last, Number(r.seq)), seq),
    };
  }
}
