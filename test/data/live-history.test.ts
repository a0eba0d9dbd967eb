// Live mode keeps the whole history: the bundled snapshot's bars before what a live source serves (ten years
// of Yahoo backfill, Binance from 2017-08-17), joined with a level check. A live answer shows the same events
// and analog n as the offline answer on the dates both cover.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { Bar } from "../../src/core/base/series.ts";
import { segmentsLine } from "../../src/core/history/segments.ts";
import { prependHistory } from "../../src/core/history/stitch-daily.ts";
import { BINANCE_FIRST_DATE, FIRST_DATES } from "../fakes/exchange-fakes.ts";
import { type FakeWorld, startFakeWorld } from "../fakes/fake-world.ts";

const T0 = "2025-09-30T12:00:00Z";

/** Numbers to 6 significant digits, for comparing answers within the providers' own rounding. */
function approx(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(approx);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, approx(v)]));
  return value;
}
let world: FakeWorld;
let dir: string;

beforeAll(async () => {
  world = await startFakeWorld({ at: T0 });
  dir = mkdtempSync(join(tmpdir(), "riskon-history-"));
});

afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("live answers keep every event since 1987", () => {
  it("/russell live equals /russell offline as of the same date: events, analogs and their n", async () => {
    const market = world.market({ dbPath: join(dir, "live.db") });
    const live = await createApp({ market, clock: world.clock.now });
    const offline = await createApp({ clock: world.clock.now });
    const asOf = "2025-09-26";
    const a = await live.run("russell", [`date:${asOf}`]);
    const b = await offline.run("russell", [`date:${asOf}`]);
    // Before the fix: "3 events since 2016-08-22" live, 17 since 1987 offline. Yahoo's chart sends float32
    // closes (1744.0400390625 for 1744.04) and Binance 8 decimals: the providers' own differences.
    expect(approx(a.data.events)).toEqual(approx(b.data.events));
    expect((a.data.events as unknown[]).length).toBe(17);
    expect(approx(a.data.analogs)).toEqual(approx(b.data.analogs));
    expect(approx(a.data.analogSummary)).toEqual(approx(b.data.analogSummary));
    const btc = a.sources.find((s) => s.series === "BTC");
    expect(btc?.segments?.map((s) => [s.provider, s.freshness, s.from])).toEqual([
      ["Yahoo Finance BTC-USD", "snapshot", "2014-09-17"],
      ["Binance BTC/USDT", "live", BINANCE_FIRST_DATE],
    ]);
    expect(a.notes).toContain(
      `BTC: Yahoo Finance BTC-USD (bundled snapshot) 2014-09-17 to 2017-08-16, then Binance BTC/USDT to 2025-09-30.`,
    );
  }, 60_000);
});

describe("every exchange's own history, joined", () => {
  // Each exchange alone, with its own first candle and page size (FIRST_DATES in test/fakes/exchange-fakes.ts;
  // Kraken's latest 720 candles): the answer keeps the offline events and analogs, and the text names the join.
  it.each([
    ["bybit", "Bybit BTC/USDT", FIRST_DATES.bybit["*"]],
    ["okx", "OKX BTC/USDT", FIRST_DATES.okx["*"]],
    ["coinbase", "Coinbase BTC/USD", "2015-09-30"], // BTC-USD from 2015-07-20, before the 10-year backfill start
    ["kraken", "Kraken BTC/USDT", "2023-10-12"], // the latest 720 daily candles, today's forming one the last
  ] as const)(
    "%s: same events and analog n as offline; BTC's live piece is %s from %s",
    async (id, provider, from) => {
      const market = world.market({ dbPath: join(dir, `${id}.db`), exchanges: [id] });
      const live = await createApp({ market, clock: world.clock.now });
      const offline = await createApp({ clock: world.clock.now });
      const asOf = "2025-09-26";
      const [a, b] = [
        await live.run("russell", [`date:${asOf}`]),
        await offline.run("russell", [`date:${asOf}`]),
      ];
      expect(approx(a.data.events)).toEqual(approx(b.data.events));
      expect(approx(a.data.analogs)).toEqual(approx(b.data.analogs));
      const btc = a.sources.find((s) => s.series === "BTC");
      expect(btc?.segments?.at(-1)).toMatchObject({ provider, freshness: "live", from });
      expect(btc?.segments?.[0]).toMatchObject({ provider: "Yahoo Finance BTC-USD", freshness: "snapshot" });
    },
    90_000,
  );
});

describe("providers that send bars out of order and twice", () => {
  it("the joined series and the answer are the same as from well-ordered pages", async () => {
    const messy = await startFakeWorld({ at: T0 });
    try {
      for (const server of [messy.yahoo.server, messy.binance.server])
        server.inject({ fault: { kind: "disorder" } });
      // The pages really are newest first with repeated rows.
      const page = (await (
        await fetch(`${messy.binance.url}/api/v3/klines?symbol=BTCUSDT&interval=1d&limit=10`)
      ).json()) as [number][];
      const opens = page.map((row) => row[0]);
      expect(opens[0]).toBeGreaterThan(opens.at(-1) ?? 0);
      expect(new Set(opens).size).toBeLessThan(opens.length);
      const market = messy.market({ dbPath: join(dir, "disorder.db") });
      const clean = world.market({ dbPath: join(dir, "ordered.db") });
      for (const id of ["RUT", "IWM", "BTC", "ETH"]) {
        const [got, want] = await Promise.all([market.getSeries(id), clean.getSeries(id)]);
        const dates = got.bars.map((b) => b.date);
        expect(new Set(dates).size, `${id}: one bar per date`).toBe(dates.length);
        expect(dates, `${id}: ascending`).toEqual([...dates].sort());
        expect(got.bars, id).toEqual(want.bars);
      }
      const app = await createApp({ market, clock: messy.clock.now });
      const offline = await createApp({ clock: messy.clock.now });
      const asOf = "2025-09-26";
      const a = await app.run("russell", [`date:${asOf}`]);
      const b = await offline.run("russell", [`date:${asOf}`]);
      expect(approx(a.data.events)).toEqual(approx(b.data.events));
      expect(approx(a.data.analogs)).toEqual(approx(b.data.analogs));
    } finally {
      await messy.close();
    }
  }, 90_000);
});

describe("joining older bars to newer ones", () => {
  const days = (from: string, values: number[]): Bar[] =>
    values.map((close, i) => ({
      date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      close,
    }));
  const piece = (bars: Bar[], provider: string, freshness: "snapshot" | "live") => ({
    bars,
    provider,
    freshness,
  });

  it("rescales a constant level difference (a later dividend adjustment) and says by how much", () => {
    const truth = Array.from({ length: 400 }, (_, i) => 100 + i + 5 * Math.sin(i));
    const older = days(
      "2020-01-01",
      truth.map((v) => v * 0.98),
    ); // adjusted before the last dividend
    const newer = days("2020-06-01", truth.slice(152));
    const joined = prependHistory(piece(older, "bundled", "snapshot"), piece(newer, "live", "live"), "IWM");
    expect(joined.bars.length).toBe(400);
    for (const [i, b] of joined.bars.entries()) expect(b.close).toBeCloseTo(truth[i] as number, 6);
    expect(joined.segments[0]?.scale).toBeCloseTo(1 / 0.98, 6);
    expect(joined.notes[0]).toMatch(/^IWM: bundled bars rescaled x1\.0204 to live's level/);
  });

  it("marks the older segment doubtful when the ratio varies, and changes none of its values", () => {
    const older = days(
      "2020-01-01",
      Array.from({ length: 300 }, (_, i) => 100 + (i % 2 === 0 ? 3 : -3)),
    );
    const newer = days(
      "2020-06-01",
      Array.from({ length: 100 }, () => 100),
    );
    const joined = prependHistory(piece(older, "bundled", "snapshot"), piece(newer, "live", "live"), "X");
    expect(joined.bars.slice(0, 152)).toEqual(older.slice(0, 152));
    expect(joined.segments[0]?.note).toMatch(/^doubtful: level ratio varies/);
    expect(segmentsLine("X", joined.segments)).toMatch(
      /^X: bundled \(bundled snapshot\) 2020-01-01 to 2020-05-31, doubtful/,
    );
  });

  it("the newer source wins on every date it has, and a gap is never filled", () => {
    const older = days(
      "2020-01-01",
      Array.from({ length: 60 }, () => 50),
    );
    const newer = days(
      "2020-01-31",
      Array.from({ length: 30 }, () => 50),
    ).filter((b) => b.date !== "2020-02-05");
    const joined = prependHistory(piece(older, "a", "snapshot"), piece(newer, "b", "live"), "Y");
    expect(joined.bars.some((b) => b.date === "2020-02-05")).toBe(false);
    expect(joined.bars.filter((b) => b.date >= "2020-01-31")).toEqual(newer);
    expect(joined.segments.map((s) => s.provider)).toEqual(["a", "b"]);
  });

  it("a split one side missed shows as a varying ratio: the older segment is marked doubtful, not rescaled", () => {
    const prices = Array.from({ length: 400 }, (_, i) => 200 + i);
    // The live provider adjusted a 2:1 split on day 300 back through its history; the bundled copy did not.
    const older = days(
      "2020-01-01",
      prices.map((p, i) => (i < 300 ? p : p / 2)),
    );
    const newer = days(
      "2020-06-01",
      prices.slice(152).map((p, i) => (i + 152 < 300 ? p / 2 : p / 2)),
    );
    const joined = prependHistory(piece(older, "bundled", "snapshot"), piece(newer, "live", "live"), "Z");
    // On the overlap the ratio is 2 before day 300 and 1 after: not a constant factor.
    expect(joined.segments[0]?.note).toMatch(/^doubtful/);
    expect(joined.segments[0]?.scale).toBeUndefined();
    expect(joined.notes[0]).toMatch(/^Z: the bundled bars before 2020-06-01 are doubtful/);
  });

  it("a provider that serves less history than asked: the bundled bars fill only the dates before its first", () => {
    const older = days(
      "2015-01-01",
      Array.from({ length: 2000 }, (_, i) => 10 + i),
    );
    // Kraken-like: only the last 720 days.
    const newer = older.slice(-720);
    const joined = prependHistory(piece(older, "bundled", "snapshot"), piece(newer, "kraken", "live"), "K");
    expect(joined.bars).toEqual(older);
    expect(joined.segments.map((x) => [x.provider, x.from])).toEqual([
      ["bundled", "2015-01-01"],
      ["kraken", newer[0]?.date],
    ]);
    expect(joined.notes).toEqual([]);
  });
});
