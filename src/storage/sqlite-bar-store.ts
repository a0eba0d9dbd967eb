// Daily bars per series and source in SQLite, with each series' and source's last success and last error.
// Writes are all-or-nothing: a refresh's bars land in one transaction, or not at all.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { IsoDate } from "../core/base/dates.ts";
import { type Migration, migrate, openDatabase } from "./sqlite.ts";

export const BAR_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "daily bars and fetch state",
    sql: `
      CREATE TABLE bars (
        series TEXT NOT NULL,
        source TEXT NOT NULL,
        date TEXT NOT NULL,
        open REAL,
        high REAL,
        low REAL,
        close REAL NOT NULL,
        volume REAL,
        final INTEGER NOT NULL CHECK (final IN (0, 1)),
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (series, source, date)
      ) WITHOUT ROWID;
      CREATE INDEX bars_by_series_date ON bars (series, date);
      CREATE TABLE series_state (
        series TEXT PRIMARY KEY,
        last_source TEXT,
        last_success_at TEXT,
        last_attempt_at TEXT,
        last_error TEXT,
        last_error_at TEXT
      );
      CREATE TABLE source_state (
        source TEXT PRIMARY KEY,
        last_success_at TEXT,
        last_error TEXT,
        last_error_at TEXT
      );`,
  },
  {
    version: 2,
    name: "cached upstream documents (market overview)",
    sql: `
      CREATE TABLE documents (
        key TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );`,
  },
];

export interface BarToStore {
  readonly date: IsoDate;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly close: number;
  readonly volume: number | null;
  /** False for today's still-forming bar: replaced by later refreshes. */
  readonly final: boolean;
}

export interface StoredBar {
  readonly date: IsoDate;
  readonly close: number;
  readonly source: string;
  readonly final: boolean;
}

/** A stored bar row as SQLite holds it (a series' copy for another instance). */
export interface BarRow {
  readonly source: string;
  readonly date: IsoDate;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly close: number;
  readonly volume: number | null;
  readonly final: 0 | 1;
  readonly fetched_at: string;
}

/** One series' bars and fetch state, as one instance stored them. */
export interface SeriesCopy {
  readonly series: string;
  readonly bars: readonly BarRow[];
  readonly state: StateRow | null;
}

export interface FetchState {
  readonly lastSource: string | null;
  readonly lastSuccessAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

export type StateRow = {
  last_source?: string | null;
  last_success_at: string | null;
  last_attempt_at?: string | null;
  last_error: string | null;
  last_error_at: string | null;
};

const toDate = (text: string | null | undefined) => (text ? new Date(text) : null);

function toState(row: StateRow | undefined): FetchState | null {
  if (!row) return null;
  return {
    lastSource: row.last_source ?? null,
    lastSuccessAt: toDate(row.last_success_at),
    lastAttemptAt: toDate(row.last_attempt_at),
    lastError: row.last_error,
    lastErrorAt: toDate(row.last_error_at),
  };
}

export class SqliteBarStore {
  private readonly statements = new Map<string, StatementSync>();

  private constructor(
    private readonly db: DatabaseSync,
    readonly path: string,
  ) {}

  static open(path: string): SqliteBarStore {
    const db = openDatabase(path);
    migrate(db, "bars", BAR_STORE_MIGRATIONS);
    return new SqliteBarStore(db, path);
  }

  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** One bar per date: a final bar beats a forming one, then the most recent fetch wins. */
  readBars(series: string): StoredBar[] {
    const rows = this.sql(
      "SELECT date, close, source, final FROM bars WHERE series = ? ORDER BY date, final DESC, fetched_at DESC",
    ).all(series) as Array<{ date: string; close: number; source: string; final: number }>;
    const bars: StoredBar[] = [];
    for (const row of rows) {
      if (bars.at(-1)?.date === row.date) continue;
      bars.push({ date: row.date, close: row.close, source: row.source, final: row.final === 1 });
    }
    return bars;
  }

  /** Newest stored date, and newest final date, across sources. */
  extent(series: string): { lastDate: IsoDate | null; lastFinalDate: IsoDate | null; count: number } {
    const row = this.sql(
      "SELECT MAX(date) AS last, MAX(CASE WHEN final = 1 THEN date END) AS lastFinal, COUNT(*) AS n FROM bars WHERE series = ?",
    ).get(series) as { last: string | null; lastFinal: string | null; n: number };
    return { lastDate: row.last, lastFinalDate: row.lastFinal, count: row.n };
  }

  firstDate(series: string, source: string): IsoDate | null {
    const row = this.sql("SELECT MIN(date) AS first FROM bars WHERE series = ? AND source = ?").get(
      series,
      source,
    ) as { first: string | null };
    return row.first;
  }

  closeOn(series: string, source: string, date: IsoDate): number | null {
    const row = this.sql("SELECT close FROM bars WHERE series = ? AND source = ? AND date = ?").get(
      series,
      source,
      date,
    ) as { close: number } | undefined;
    return row?.close ?? null;
  }

  /**
   * Stores a complete fetch in one transaction. "merge" upserts the dates fetched and drops forming bars
   * the fetch superseded; "replace-source" first removes every bar of this series from this source (a
   * re-adjusted history, fetched in full). An empty fetch changes nothing.
   */
  writeBars(
    series: string,
    source: string,
    bars: readonly BarToStore[],
    mode: "merge" | "replace-source",
    fetchedAt: Date,
  ): void {
    const first = bars[0];
    if (!first) return;
    const at = fetchedAt.toISOString();
    const insert = this.sql(
      `INSERT INTO bars (series, source, date, open, high, low, close, volume, final, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (series, source, date) DO UPDATE SET open = excluded.open, high = excluded.high,
         low = excluded.low, close = excluded.close, volume = excluded.volume, final = excluded.final,
         fetched_at = excluded.fetched_at`,
    );
    this.db.exec("BEGIN IMMEDIATE");
    try {
      if (mode === "replace-source") {
        this.sql("DELETE FROM bars WHERE series = ? AND source = ?").run(series, source);
      } else {
        // Forming bars from any source on or after the fetch start are superseded by this fetch.
        this.sql("DELETE FROM bars WHERE series = ? AND final = 0 AND date >= ?").run(series, first.date);
      }
      for (const bar of bars) {
        insert.run(
          series,
          source,
          bar.date,
          bar.open,
          bar.high,
          bar.low,
          bar.close,
          bar.volume,
          bar.final ? 1 : 0,
          at,
        );
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  seriesState(series: string): FetchState | null {
    return toState(
      this.sql("SELECT * FROM series_state WHERE series = ?").get(series) as StateRow | undefined,
    );
  }

  recordSeriesSuccess(series: string, source: string, at: Date): void {
    this.sql(
      `INSERT INTO series_state (series, last_source, last_success_at, last_attempt_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (series) DO UPDATE SET last_source = excluded.last_source,
         last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at`,
    ).run(series, source, at.toISOString(), at.toISOString());
  }

  recordSeriesFailure(series: string, message: string, at: Date): void {
    this.sql(
      `INSERT INTO series_state (series, last_attempt_at, last_error, last_error_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (series) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
         last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
    ).run(series, at.toISOString(), message, at.toISOString());
  }

  sourceState(source: string): FetchState | null {
    return toState(
      this.sql("SELECT * FROM source_state WHERE source = ?").get(source) as StateRow | undefined,
    );
  }

  recordSourceSuccess(source: string, at: Date): void {
    this.sql(
      `INSERT INTO source_state (source, last_success_at) VALUES (?, ?)
       ON CONFLICT (source) DO UPDATE SET last_success_at = excluded.last_success_at`,
    ).run(source, at.toISOString());
  }

  recordSourceFailure(source: string, message: string, at: Date): void {
    this.sql(
      `INSERT INTO source_state (source, last_error, last_error_at) VALUES (?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
    ).run(source, message, at.toISOString());
  }

  getDocument(key: string): { body: string; updatedAt: Date } | null {
    const row = this.sql("SELECT body, updated_at FROM documents WHERE key = ?").get(key) as
      | { body: string; updated_at: string }
      | undefined;
    return row ? { body: row.body, updatedAt: new Date(row.updated_at) } : null;
  }

  putDocument(key: string, body: string, at: Date): void {
    this.sql(
      `INSERT INTO documents (key, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ).run(key, body, at.toISOString());
  }

  /**
   * A series as it is stored here: every bar of every source and its fetch state, for an instance that shares
   * what it refreshed with the others (src/app/market-share.ts). `signature` changes whenever either does.
   */
  exportSeries(series: string): SeriesCopy {
    const bars = this.sql(
      "SELECT source, date, open, high, low, close, volume, final, fetched_at FROM bars WHERE series = ? ORDER BY source, date",
    ).all(series) as unknown as BarRow[];
    const state = (this.sql("SELECT * FROM series_state WHERE series = ?").get(series) ??
      null) as StateRow | null;
    return { series, bars, state };
  }

  /** Changes whenever a series' bars or fetch state do: what a sharing instance compares to publish less. */
  signature(series: string): string {
    const bars = this.sql("SELECT COUNT(*) AS n, MAX(fetched_at) AS at FROM bars WHERE series = ?").get(
      series,
    ) as {
      n: number;
      at: string | null;
    };
    const state = this.seriesState(series);
    return `${bars.n}|${bars.at}|${state?.lastAttemptAt?.toISOString()}|${state?.lastErrorAt?.toISOString()}`;
  }

  /** Replaces a series here by another instance's copy, in one transaction. */
  importSeries(copy: SeriesCopy): void {
    const insert = this.sql(
      `INSERT INTO bars (series, source, date, open, high, low, close, volume, final, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.sql("DELETE FROM bars WHERE series = ?").run(copy.series);
      for (const b of copy.bars) {
        insert.run(
          copy.series,
          b.source,
          b.date,
          b.open,
          b.high,
          b.low,
          b.close,
          b.volume,
          b.final,
          b.fetched_at,
        );
      }
      this.sql("DELETE FROM series_state WHERE series = ?").run(copy.series);
      const st = copy.state;
      if (st) {
        this.sql(
          `INSERT INTO series_state (series, last_source, last_success_at, last_attempt_at, last_error, last_error_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(
          copy.series,
          st.last_source ?? null,
          st.last_success_at,
          st.last_attempt_at ?? null,
          st.last_error,
          st.last_error_at,
        );
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
