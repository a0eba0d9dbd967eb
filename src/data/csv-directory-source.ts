// A market-data source over a directory of SYMBOL.csv files: the bundled snapshot, or a user's --data-dir.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SourceError } from "../core/base/errors.ts";
import type { MarketData, MonthlyRanking, SeriesData, SourceRef } from "../core/ports.ts";
import { parseDailyCsv } from "./csv-series.ts";
import { parseRankingsCsv, RANKINGS_FILE } from "./rankings-csv.ts";

export interface CsvDirectoryOptions {
  readonly dir: string;
  readonly name: string;
  readonly freshness: SourceRef["freshness"];
  /** Provider to name per series (e.g. "Yahoo Finance"); defaults to the file path. */
  readonly providers?: Readonly<Record<string, string>>;
  /** Why a series ends where it does, per series. */
  readonly endsBecause?: Readonly<Record<string, string>>;
  /** Added to every SourceRef, e.g. "bundled snapshot". */
  readonly note?: string;
}

export class CsvDirectorySource implements MarketData {
  readonly name: string;
  private readonly cache = new Map<string, Promise<SeriesData>>();
  private rankings: Promise<readonly MonthlyRanking[]> | undefined;

  constructor(private readonly options: CsvDirectoryOptions) {
    this.name = options.name;
  }

  getSeries(id: string): Promise<SeriesData> {
    let pending = this.cache.get(id);
    if (!pending) {
      pending = this.read(id);
      // A failed read is not cached: the file may be fixed or appear later.
      pending.catch(() => this.cache.delete(id));
      this.cache.set(id, pending);
    }
    return pending;
  }

  async listSeries(): Promise<readonly string[]> {
    const files = await readdir(this.options.dir);
    return files.filter((f) => f.endsWith(".csv") && f !== RANKINGS_FILE).map((f) => f.slice(0, -4));
  }

  /** The monthly rankings file when the directory has one, else none. */
  getRankings(): Promise<readonly MonthlyRanking[]> {
    this.rankings ??= readFile(join(this.options.dir, RANKINGS_FILE), "utf8").then(
      (text) => parseRankingsCsv(text, join(this.options.dir, RANKINGS_FILE)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      },
    );
    return this.rankings;
  }

  private async read(id: string): Promise<SeriesData> {
    if (!/^[A-Z0-9_]+$/.test(id)) throw new SourceError(`no series named ${id}`, this.name, false);
    const path = join(this.options.dir, `${id}.csv`);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new SourceError(`${id}.csv not found in ${this.options.dir}`, this.name, false, { cause: error });
    }
    const bars = parseDailyCsv(text, path);
    const lastDate = (bars.at(-1) as { date: string }).date;
    const provider = this.options.providers?.[id] ?? path;
    const source: SourceRef = {
      series: id,
      provider,
      lastDate,
      freshness: this.options.freshness,
      ...(this.options.note ? { note: this.options.note } : {}),
      ...(this.options.endsBecause?.[id] ? { endsBecause: this.options.endsBecause[id] } : {}),
    };
    return { id, bars, source };
  }
}
