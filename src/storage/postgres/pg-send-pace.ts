// The shared send rate on Postgres (GCRA): one upsert per message moves its bucket's theoretical arrival time
// forward by the message's gap and answers how long this message waits. Every instance draws from the same
// rows, so the bot's rate holds across all of them together; the server's clock is the one clock they share.
import type pg from "pg";
import type { SendPace } from "../../core/schedules/send-pace.ts";

const NOW_MS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
/** Rows of groups not written to for a day are removed, about once every this many reservations. */
const PRUNE_EVERY = 5000;

export class PgSendPace implements SendPace {
  private reservations = 0;

  constructor(private readonly pool: pg.Pool) {}

  async reserve(bucket: string, gapMs: number, toleranceMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ wait_ms: number }>(
      `INSERT INTO send_pace AS p (bucket, tat) VALUES ($1, ${NOW_MS} + $2::bigint)
       ON CONFLICT (bucket) DO UPDATE SET tat = GREATEST(p.tat, ${NOW_MS}) + $2::bigint
       RETURNING GREATEST(0, p.tat - $2::bigint - $3::bigint - ${NOW_MS})::int AS wait_ms`,
      [bucket, Math.round(gapMs), Math.round(toleranceMs)],
    );
    if (++this.reservations % PRUNE_EVERY === 0) {
      await this.pool.query(`DELETE FROM send_pace WHERE tat < ${NOW_MS} - 86400000`).catch(() => {});
    }
    return rows[0]?.wait_ms ?? 0;
  }
}
