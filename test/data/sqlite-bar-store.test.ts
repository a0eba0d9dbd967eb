// The SQLite bar store: created with its schema on first start, migrated once, all-or-nothing writes, and
// one bar per date when several sources or a forming bar are stored.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/base/errors.ts";
import { BAR_STORE_MIGRATIONS, type BarToStore, SqliteBarStore } from "../../src/storage/sqlite-bar-store.ts";

const dir = mkdtempSync(join(tmpdir(), "riskon-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bar = (date: string, close: number, final = true): BarToStore => ({
  date,
  open: null,
  high: null,
  low: null,
  close,
  volume: null,
  final,
});
const at = new Date("2025-09-30T12:00:00Z");

describe("schema", () => {
  it("creates the file, its directory and every migration on first start, and applies them once", () => {
    const path = join(dir, "nested", "first.db");
    SqliteBarStore.open(path).close();
    expect(existsSync(path)).toBe(true);
    SqliteBarStore.open(path).close();
    const db = new DatabaseSync(path);
    const applied = db
      .prepare("SELECT version, name FROM schema_migrations WHERE component = 'bars' ORDER BY version")
      .all();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    db.close();
    expect(applied.map((r) => r.version)).toEqual(BAR_STORE_MIGRATIONS.map((m) => m.version));
    expect(tables.map((t) => t.name)).toEqual([
      "bars",
      "documents",
      "schema_migrations",
      "series_state",
      "source_state",
    ]);
  });

  it("refuses a database written by a newer schema", () => {
    const path = join(dir, "newer.db");
    SqliteBarStore.open(path).close();
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO schema_migrations VALUES ('bars', 99, 'future', '2030-01-01')").run();
    db.close();
    expect(() => SqliteBarStore.open(path)).toThrow(ConfigError);
  });
});

describe("writes", () => {
  it("replaces a forming bar with the final one and keeps one bar per date across sources", () => {
    const store = SqliteBarStore.open(":memory:");
    store.writeBars("BTC", "binance", [bar("2025-09-29", 100), bar("2025-09-30", 101, false)], "merge", at);
    store.writeBars("BTC", "bybit", [bar("2025-09-30", 102), bar("2025-10-01", 103, false)], "merge", at);
    expect(store.readBars("BTC")).toEqual([
      { date: "2025-09-29", close: 100, source: "binance", final: true },
      { date: "2025-09-30", close: 102, source: "bybit", final: true },
      { date: "2025-10-01", close: 103, source: "bybit", final: false },
    ]);
    expect(store.extent("BTC")).toEqual({ lastDate: "2025-10-01", lastFinalDate: "2025-09-30", count: 3 });
    store.close();
  });

  it("a failing write leaves what was stored untouched", () => {
    const store = SqliteBarStore.open(":memory:");
    store.writeBars("RUT", "yahoo", [bar("2025-09-26", 2400), bar("2025-09-29", 2435)], "merge", at);
    const before = store.readBars("RUT");
    // NaN is stored as NULL by SQLite and breaks `close NOT NULL` on the second row: the first must roll back.
    expect(() =>
      store.writeBars(
        "RUT",
        "yahoo",
        [bar("2025-09-29", 9999), bar("2025-09-30", Number.NaN)],
        "replace-source",
        at,
      ),
    ).toThrow();
    expect(store.readBars("RUT")).toEqual(before);
    store.close();
  });

  it("replace-source swaps one source's bars for a re-adjusted history; an empty write changes nothing", () => {
    const store = SqliteBarStore.open(":memory:");
    store.writeBars("IWM", "yahoo", [bar("2025-09-26", 240), bar("2025-09-29", 241)], "merge", at);
    store.writeBars("IWM", "yahoo", [], "replace-source", at);
    expect(store.readBars("IWM").map((b) => b.close)).toEqual([240, 241]);
    store.writeBars(
      "IWM",
      "yahoo",
      [bar("2025-09-26", 237.6), bar("2025-09-29", 238.59), bar("2025-09-30", 240)],
      "replace-source",
      at,
    );
    expect(store.readBars("IWM").map((b) => b.close)).toEqual([237.6, 238.59, 240]);
    expect(store.firstDate("IWM", "yahoo")).toBe("2025-09-26");
    expect(store.closeOn("IWM", "yahoo", "2025-09-29")).toBe(238.59);
    store.close();
  });

  it("keeps each series' and source's last success and last error, and cached documents", () => {
    const store = SqliteBarStore.open(":memory:");
    store.recordSeriesSuccess("RUT", "yahoo", at);
    store.recordSeriesFailure(
      "RUT",
      "Yahoo Finance unavailable (HTTP 429)",
      new Date("2025-09-30T13:00:00Z"),
    );
    expect(store.seriesState("RUT")).toMatchObject({
      lastSource: "yahoo",
      lastSuccessAt: at,
      lastError: "Yahoo Finance unavailable (HTTP 429)",
    });
    store.recordSourceFailure("binance", "geo-blocked (HTTP 451)", at);
    expect(store.sourceState("binance")).toMatchObject({
      lastSuccessAt: null,
      lastError: "geo-blocked (HTTP 451)",
    });
    store.putDocument("k", '{"a":1}', at);
    expect(store.getDocument("k")).toEqual({ body: '{"a":1}', updatedAt: at });
    store.close();
  });
});
