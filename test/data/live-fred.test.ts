// Live FRED against a local fake that speaks FRED's graph CSV and API formats (test/fakes/fred-server.ts): the
// series read in both forms, stored in SQLite and refreshed at most daily, and every bad reply (HTML, empty, a
// series in billions, a rate limit, a refused key) refused with a logged reason while the stored data stay.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { FredSeriesId } from "../../src/core/liquidity/publication.ts";
import { checkAgainstKept, checkUnits, FredClient } from "../../src/data/fred/fred-client.ts";
import { createFredSnapshot, FRED_SNAPSHOT_DIR, parseFredCsv } from "../../src/data/fred/fred-csv.ts";
import { LiveFredData, memoryFredStore, sqliteFredStore } from "../../src/data/fred/live-fred.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";
import { SqliteBarStore } from "../../src/storage/sqlite-bar-store.ts";
import { type FredFake, startFredFake } from "../fakes/fred-server.ts";

const IDS: FredSeriesId[] = ["WALCL", "WTREGEN", "RRPONTSYD", "WRESBAL", "M2SL", "DFF"];
const bundled = (id: FredSeriesId) =>
  parseFredCsv(readFileSync(join(FRED_SNAPSHOT_DIR, `${id}.csv`), "utf8"), id);

/** The bundled copies as they stood at `date`: the snapshot a live source falls back to, older than FRED. */
function snapshotCutAt(date: string) {
  const dir = mkdtempSync(join(tmpdir(), "riskon-fred-"));
  for (const id of IDS) {
    const lines = readFileSync(join(FRED_SNAPSHOT_DIR, `${id}.csv`), "utf8")
      .trim()
      .split("\n");
    writeFileSync(
      join(dir, `${id}.csv`),
      `${[lines[0], ...lines.slice(1).filter((l) => l.slice(0, 10) <= date)].join("\n")}\n`,
    );
  }
  return createFredSnapshot(dir);
}

const fakes: FredFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function world(options: { apiKey?: string; format?: "current" | "older"; dbPath?: string } = {}) {
  const fake = await startFredFake(options);
  fakes.push(fake);
  let now = new Date("2026-12-04T12:00:00Z");
  const logs: string[] = [];
  const client = new FredClient({
    graphBaseUrl: fake.url,
    apiBaseUrl: fake.url,
    timeoutMs: 5000,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  const store = options.dbPath ? sqliteFredStore(SqliteBarStore.open(options.dbPath)) : memoryFredStore();
  const live = new LiveFredData({
    client,
    store,
    snapshot: snapshotCutAt("2026-06-30"),
    clock: () => now,
    log: (m) => logs.push(m),
  });
  return {
    fake,
    live,
    logs,
    advance: (hours: number) => {
      now = new Date(now.getTime() + hours * 3600_000);
    },
  };
}

describe("live FRED: both forms, stored, refreshed at most daily", () => {
  it.each<[string, { apiKey?: string; format?: "current" | "older" }]>([
    ["the keyless graph CSV", {}],
    ["the graph CSV in its older form (DATE, '.')", { format: "older" }],
    ["the API with a key", { apiKey: "abcdefghij0123456789abcdefghij01" }],
  ])(
    "reads every series from %s: FRED's figures, missing values skipped, said to be live",
    async (_, options) => {
      const { live, fake } = await world(options);
      for (const id of IDS) {
        const series = await live.getFredSeries(id);
        expect(series.observations).toEqual(bundled(id)); // the fake serves the bundled numbers in FRED's form
        expect(series.source).toMatchObject({ freshness: "live", lastDate: bundled(id).at(-1)?.date });
        expect(series.source.provider).toContain(options.apiKey ? "FRED API" : "FRED graph CSV");
        expect(fake.count(id)).toBe(1);
      }
      // RRPONTSYD has blank holiday rows and "." in the API; none is read as a value.
      const rrpRows =
        readFileSync(join(FRED_SNAPSHOT_DIR, "RRPONTSYD.csv"), "utf8").trim().split("\n").length - 1;
      expect((await live.getFredSeries("RRPONTSYD")).observations.length).toBeLessThan(rrpRows);
    },
  );

  it("fetches a series once a day: the same day answers from what it fetched, the next day asks again", async () => {
    const { live, fake, advance } = await world();
    const first = await live.getFredSeries("WALCL");
    advance(23);
    expect(await live.getFredSeries("WALCL")).toBe(first);
    expect(fake.count("WALCL")).toBe(1);
    advance(2);
    // FRED unchanged: the same arrays, so what was computed from them stays (net liquidity's weeks).
    expect((await live.getFredSeries("WALCL")).observations).toBe(first.observations);
    expect(fake.count("WALCL")).toBe(2);
  });

  it("keeps what it fetched in SQLite: after a restart with FRED down, the stored copy, said so", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "riskon-fred-db-")), "riskon.db");
    const before = await world({ dbPath });
    const fetched = await before.live.getFredSeries("WTREGEN");
    const after = await world({ dbPath });
    after.fake.fault("WTREGEN", "html");
    after.advance(30); // a day later: due again, and FRED answers with a page
    const served = await after.live.getFredSeries("WTREGEN");
    expect(served.observations).toEqual(fetched.observations);
    expect(served.source.freshness).toBe("stored");
    expect(served.source.note).toContain("the copy fetched 2026-12-04");
    expect(
      after.logs.some((l) =>
        /FRED WTREGEN refused or failed: an HTML page, not CSV; answering from the copy fetched/.test(l),
      ),
    ).toBe(true);
  });
});

describe("live FRED: bad replies are refused and the stored data stay", () => {
  it.each([
    ["an HTML page", "html", /an HTML page/],
    ["an empty reply", "empty", /an empty reply/],
    ["the series in billions", "billions", /is not in millions of USD/],
    ["FRED's rate limit", "rate-limited", /HTTP 429 \(Too Many Requests\. Exceeded Rate Limit\)/],
  ] as const)("%s: logged once with its reason, answered from the stored copy", async (_, fault, reason) => {
    const { live, fake, logs, advance } = await world();
    const good = await live.getFredSeries("WALCL");
    fake.fault("WALCL", fault);
    advance(25);
    const served = await live.getFredSeries("WALCL");
    expect(served.observations).toBe(good.observations);
    expect(served.source.freshness).toBe("stored");
    expect(logs.filter((l) => reason.test(l))).toHaveLength(1);
    // Not asked again within the hour; asked again after it, and the next good reply is taken.
    await live.getFredSeries("WALCL");
    expect(fake.count("WALCL")).toBe(2);
    fake.fault("WALCL", null);
    advance(2);
    expect((await live.getFredSeries("WALCL")).source.freshness).toBe("live");
    expect(logs.at(-1)).toMatch(/FRED answers again/);
  });

  it("nothing stored and FRED refusing: the bundled snapshot, with FRED's reason in its note", async () => {
    const { live, fake } = await world();
    fake.fault("M2SL", "html");
    const served = await live.getFredSeries("M2SL");
    expect(served.source.freshness).toBe("snapshot");
    expect(served.source.lastDate <= "2026-06-30").toBe(true);
    expect(served.source.note).toMatch(/bundled snapshot; FRED did not answer \(FRED M2SL: an HTML page/);
  });

  it("a series in range but off the kept values by a factor is refused (recent TGA in billions)", () => {
    const kept = bundled("WTREGEN");
    const recent = kept.filter((o) => o.date >= "2025-01-01").map((o) => ({ ...o, value: o.value / 1000 }));
    expect(() => checkUnits("WTREGEN", recent)).not.toThrow(); // 700-900 reads as a TGA of 2003
    expect(() => checkAgainstKept("WTREGEN", recent, kept)).toThrow(
      /WTREGEN: the reply is 0\.00100x the kept values on \d+ common dates \(another unit\?\)/,
    );
    // A revision is not a change of unit: 2% on every week passes.
    expect(() =>
      checkAgainstKept(
        "WTREGEN",
        kept.map((o) => ({ ...o, value: o.value * 1.02 })),
        kept,
      ),
    ).not.toThrow();
  });

  it("a refused API key is one logged line without the key; the bundled figures answer", async () => {
    const fake = await startFredFake({ apiKey: "the-right-key-0123456789abcdefghij" });
    fakes.push(fake);
    const logs: string[] = [];
    const live = new LiveFredData({
      client: new FredClient({ apiKey: "a-wrong-key-0123456789abcdefghijkl", apiBaseUrl: fake.url }),
      store: memoryFredStore(),
      snapshot: snapshotCutAt("2026-06-30"),
      clock: () => new Date("2026-12-04T12:00:00Z"),
      log: (m) => logs.push(m),
    });
    expect((await live.getFredSeries("DFF")).source.freshness).toBe("snapshot");
    expect(logs.join("\n")).toMatch(
      /HTTP 400 \(Bad Request\. The value for variable api_key is not registered\.\)/,
    );
    expect(logs.join("\n")).not.toContain("a-wrong-key");
  });
});

describe("live FRED in /status", () => {
  it("is a source of its own: each series' last observation, when fetched, and a failing one with its reason", async () => {
    const { live, fake } = await world();
    expect((await live.health()).status).toBe("no calls yet");
    await live.getFredSeries("WALCL");
    fake.fault("WTREGEN", "html");
    await live.getFredSeries("WTREGEN");
    const health = await live.health();
    expect(health).toMatchObject({
      name: "FRED",
      healthy: false,
      lastError: { message: "FRED WTREGEN: an HTML page, not CSV" },
    });
    expect(health.status).toMatch(
      /^1 of 6 series failing \(FRED WTREGEN: an HTML page, not CSV\); next try 13:00 UTC$/,
    );
    const byId = new Map(health.series.map((s) => [s.series, s]));
    expect(byId.get("WALCL")).toMatchObject({
      state: "fresh",
      lastDate: bundled("WALCL").at(-1)?.date,
      lastSuccess: "2026-12-04T12:00:00.000Z",
    });
    expect(byId.get("WTREGEN")).toMatchObject({
      state: "empty",
      lastError: "FRED WTREGEN: an HTML page, not CSV",
    });
    // /status lists it beside the market's sources.
    const app = await createApp({
      clock: () => new Date("2026-12-04T12:00:00Z"),
      liquidity: live,
      market: (() => {
        const snapshot = createSnapshotSource();
        return {
          name: "live",
          getSeries: (id: string) => snapshot.getSeries(id),
          listSeries: () => snapshot.listSeries(),
          health: async () => [],
        };
      })(),
    });
    const status = await app.run("status", []);
    expect(
      status.lines.some((l) =>
        l.startsWith("DOWN FRED (liquidity (H.4.1, RRP, M2, fed funds)): 1 of 6 series failing"),
      ),
    ).toBe(true);
    expect(status.table?.rows.some((r) => r[0] === "WALCL" && r[2] === bundled("WALCL").at(-1)?.date)).toBe(
      true,
    );
  });
});

describe("live FRED in the app", () => {
  it("/liquidity from FRED later than the snapshot, and a new FRED week is a new answer, never the cached one", async () => {
    const { live, fake, advance } = await world();
    fake.cutAt("2026-08-31");
    const app = await createApp({
      clock: () => new Date("2026-12-04T12:00:00Z"),
      liquidity: live,
      cacheBytes: 8 << 20,
    });
    const first = await app.run("liquidity", []);
    const data = first.data as { netLiquidity: { date: string }; sources: Array<{ freshness: string }> };
    expect(data.netLiquidity.date > "2026-06-30").toBe(true); // beyond the bundled copies this test falls back to
    expect(data.sources.every((s) => s.freshness === "live")).toBe(true);
    expect((await app.run("liquidity", [])).version).toBe(first.version); // the same day: from the cache
    fake.cutAt(null); // FRED publishes more weeks
    advance(25);
    const next = await app.run("liquidity", []);
    expect(next.version).not.toBe(first.version);
    expect((next.data as { netLiquidity: { date: string } }).netLiquidity.date > data.netLiquidity.date).toBe(
      true,
    );
    fake.fault("WALCL", "html"); // the next day FRED is down: the stored copy, said in the answer
    advance(25);
    const down = await app.run("liquidity", []);
    expect(
      down.notes.some((n) =>
        n.startsWith("FRED did not answer at the last refresh: these figures are from riskon's copy fetched"),
      ),
    ).toBe(true);
    expect((down.data as { netLiquidity: unknown }).netLiquidity).toEqual(
      (next.data as { netLiquidity: unknown }).netLiquidity,
    );
  });
});
