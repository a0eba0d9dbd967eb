// The real daily history the fakes serve: the bundled snapshot (data/snapshot) plus the few series it lacks
// (fixtures/history: ^GSPC, raw IWM and IWN closes). Read once, shared by every fake.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IsoDate } from "../../src/core/base/dates.ts";
import type { Bar } from "../../src/core/base/series.ts";
import { SNAPSHOT_DIR } from "../../src/data/snapshot.ts";

export const FIXTURES_DIR = fileURLToPath(new URL("./fixtures/", import.meta.url));

const cache = new Map<string, readonly Bar[]>();

function readCloses(path: string): readonly Bar[] {
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  return lines.flatMap((line) => {
    const [date, close] = line.split(",");
    const value = Number(close);
    return date && close && Number.isFinite(value) ? [{ date, close: value }] : [];
  });
}

/** Daily closes of a snapshot series (RUT, IWM adj., BTC, XRP, ...) or a fixture file (GSPC, IWM_RAW). */
export function history(name: string): readonly Bar[] {
  let bars = cache.get(name);
  if (!bars) {
    const fixture = ["GSPC", "IWM_RAW", "IWN_RAW"].includes(name);
    bars = readCloses(fixture ? `${FIXTURES_DIR}history/${name}.csv` : `${SNAPSHOT_DIR}${name}.csv`);
    cache.set(name, bars);
  }
  return bars;
}

export function formatFixture<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}formats/${file}`, "utf8")) as T;
}

/** A daily OHLC bar made from closes: open at the previous close, high and low around both. */
export interface OhlcBar {
  readonly date: IsoDate;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export function ohlcFromCloses(bars: readonly Bar[]): OhlcBar[] {
  return bars.map((bar, i) => {
    const open = bars[i - 1]?.close ?? bar.close;
    return {
      date: bar.date,
      open,
      high: Math.max(open, bar.close) * 1.004,
      low: Math.min(open, bar.close) * 0.996,
      close: bar.close,
      volume: 1_000_000 + ((i * 7919) % 500_000),
    };
  });
}

/** Bars dated from `from` to `to` (inclusive), by binary search. */
export function slice<T extends { date: IsoDate }>(bars: readonly T[], from: IsoDate, to: IsoDate): T[] {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid] as T).date < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < bars.length && (bars[i] as T).date <= to; i++) out.push(bars[i] as T);
  return out;
}
