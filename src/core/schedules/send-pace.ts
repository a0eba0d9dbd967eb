// A send rate several instances share (on Postgres: src/storage/postgres/pg-send-pace.ts), as a generic cell
// rate (GCRA): each message moves its bucket's next arrival time on by `gapMs`; a message may go once that time,
// less `toleranceMs` (the burst allowed), has come.
export interface SendPace {
  /** Reserves one message in the bucket; answers how many milliseconds it waits before it may be sent. */
  reserve(bucket: string, gapMs: number, toleranceMs: number): Promise<number>;
}
