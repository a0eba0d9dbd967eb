// The answer cache on the bundled history: a repeated question is served from the cache, an alias and the
// default are one key, a new bar (a new data version) is never answered from an old entry, identical questions
// in flight share one computation, charts are kept per version and theme, and the cache never outgrows its bound.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { MarketData, SeriesData } from "../../src/core/ports.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");

/** The snapshot, with bars that can be appended to a series (a refresh that brings a new session) and reads counted. */
function growingMarket() {
  const snapshot = createSnapshotSource();
  const extra = new Map<string, SeriesData["bars"][number][]>();
  let reads = 0;
  const market: MarketData = {
    name: snapshot.name,
    listSeries: () => snapshot.listSeries(),
    getRankings: () => snapshot.getRankings?.() ?? Promise.resolve([]),
    async getSeries(id) {
      reads++;
      const data = await snapshot.getSeries(id);
      const more = extra.get(id) ?? [];
      if (more.length === 0) return data;
      const bars = [...data.bars, ...more];
      return {
        ...data,
        bars,
        source: { ...data.source, lastDate: bars.at(-1)?.date ?? data.source.lastDate },
      };
    },
  };
  return {
    market,
    reads: () => reads,
    async append(id: string, date: string, factor: number) {
      const data = await market.getSeries(id);
      const last = data.bars.at(-1);
      if (!last) throw new Error(`${id} has no bars`);
      extra.set(id, [...(extra.get(id) ?? []), { ...last, date, close: last.close * factor }]);
    },
  };
}

describe("answer cache", () => {
  it("serves a repeated /russell from the cache, and treats the default index and `rut` as one question", async () => {
    const { market } = growingMarket();
    const app = await createApp({ clock, market });
    const first = await app.run("russell", []);
    const again = await app.run("russell", []);
    const aliased = await app.run("russell", ["index:rut"]);
    expect(again.version).toBe(first.version);
    expect(aliased.version).toBe(first.version);
    expect(again.lines).toEqual(first.lines);
    expect(app.answers?.stats()).toMatchObject({ hits: 2, misses: 1 });
    // Another variant is another answer.
    const iwm = await app.run("russell", ["index:iwm"]);
    expect(iwm.version).not.toBe(first.version);
  });

  it("never answers a new data version from an old entry: a new bar gives a new answer and a new version", async () => {
    const grow = growingMarket();
    const app = await createApp({ clock, market: grow.market });
    const before = await app.run("russell", []);
    const rut = await grow.market.getSeries("RUT");
    const lastDate = rut.bars.at(-1)?.date as string;
    const next = new Date(Date.parse(`${lastDate}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    await grow.append("RUT", next, 1.5); // a session that makes a new record by far
    const after = await app.run("russell", []);
    expect(after.version).not.toBe(before.version);
    expect(after.data.asOf).not.toBe(before.data.asOf);
    expect(JSON.stringify(after.data)).not.toBe(JSON.stringify(before.data));
    // And the new version is kept: asked once more, it is a hit again.
    const hitsBefore = app.answers?.stats().hits ?? 0;
    expect((await app.run("russell", [])).version).toBe(after.version);
    expect(app.answers?.stats().hits).toBe(hitsBefore + 1);
  });

  it("shares one computation between identical questions in flight", async () => {
    const grow = growingMarket();
    const app = await createApp({ clock, market: grow.market });
    const readsBefore = grow.reads();
    const answers = await Promise.all(Array.from({ length: 10 }, () => app.run("altseason", [])));
    expect(new Set(answers.map((a) => a.version)).size).toBe(1);
    const reads = grow.reads() - readsBefore;
    expect(app.answers?.stats()).toMatchObject({ misses: 1, hits: 0 });
    expect(reads).toBeGreaterThan(0);
    // Ten answers read the series once between them (as one answer does), not ten times.
    const oneAnswer = growingMarket();
    const single = await createApp({ clock, market: oneAnswer.market, cacheBytes: 0 });
    await single.run("altseason", []);
    expect(reads).toBe(oneAnswer.reads());
  });
});

describe("answer cache: charts, bounds and versions", () => {
  it("keeps a chart per answer version and theme, and draws it again for a new version", async () => {
    const grow = growingMarket();
    const app = await createApp({ clock, market: grow.market });
    const cache = app.answers;
    if (!cache) throw new Error("no cache");
    let drawn = 0;
    const draw = async () => {
      drawn++;
      return new Uint8Array(1000);
    };
    const reply = await app.run("russell", []);
    await cache.png(reply, "light", draw);
    await cache.png(reply, "light", draw);
    await cache.png(reply, "dark", draw);
    expect(drawn).toBe(2);
    await grow.append("RUT", "2099-01-02", 1.01);
    await cache.png(await app.run("russell", []), "light", draw);
    expect(drawn).toBe(3);
  });

  it("evicts rather than grow past its bound", async () => {
    const { market } = growingMarket();
    const bound = 1_500_000; // about two /russell answers (6 bytes per JSON character)
    const app = await createApp({ clock, market, cacheBytes: bound });
    for (const date of ["2020-11-20", "2021-11-05", "2024-11-25", "2025-09-18", "2017-01-03"]) {
      await app.run("russell", [`date:${date}`]);
      expect(app.answers?.stats().bytes).toBeLessThanOrEqual(bound);
    }
    expect(app.answers?.stats().evictions).toBeGreaterThan(0);
  });

  it("is off with a zero bound: every answer is computed", async () => {
    const app = await createApp({ clock, market: growingMarket().market, cacheBytes: 0 });
    expect(app.answers).toBeUndefined();
    const a = await app.run("russell", []);
    expect(a.version).toBeUndefined();
  });

  it("gives the same data the same version in another process (a fresh app): series read concurrently in any order", async () => {
    const versions = new Set<string | undefined>();
    for (let i = 0; i < 3; i++) {
      const app = await createApp({ clock, market: growingMarket().market });
      versions.add((await app.run("altseason", [])).version);
    }
    expect(versions.size).toBe(1);
    expect([...versions][0]).toMatch(/^altseason\|/);
  });
});

describe("answers prepared when the data change", () => {
  it("App.prepare answers the prepared questions once per data version; a member's first question is then a hit", async () => {
    const grow = growingMarket();
    const app = await createApp({ clock, market: grow.market });
    const first = await app.prepare();
    // /russell for rut, iwm and value, /altseason and /liquidity: the commands' own prepare lists.
    expect(first).toEqual({ computed: 5, failed: 0 });
    expect(await app.prepare()).toEqual({ computed: 0, failed: 0 }); // nothing changed: nothing computed
    const misses = app.answers?.stats().misses;
    await app.run("russell", []);
    expect(app.answers?.stats().misses).toBe(misses);
    // A new bar: the questions that read RUT are prepared again (/russell and /liquidity's chart), the others stay.
    const rut = await grow.market.getSeries("RUT");
    const next = new Date(Date.parse(`${rut.bars.at(-1)?.date}T00:00:00Z`) + 3 * 86_400_000).toISOString();
    await grow.append("RUT", next.slice(0, 10), 1.01);
    expect((await app.prepare()).computed).toBe(2);
  });

  it("logs a prepared question that fails and goes on with the others", async () => {
    const snapshot = createSnapshotSource();
    const failing: MarketData = {
      ...snapshot,
      name: snapshot.name,
      listSeries: () => snapshot.listSeries(),
      getRankings: () => snapshot.getRankings?.() ?? Promise.resolve([]),
      getSeries: (id) =>
        id === "IWM" ? Promise.reject(new Error("IWM: upstream down")) : snapshot.getSeries(id),
    };
    const logs: string[] = [];
    const app = await createApp({ clock, market: failing, log: (m) => logs.push(m) });
    // /russell index:iwm and /altseason (its chart shows IWM) fail; /russell for rut and value and /liquidity
    // are prepared.
    expect(await app.prepare()).toEqual({ computed: 3, failed: 2 });
    expect(logs.some((l) => l.startsWith("prepare /russell index:iwm:"))).toBe(true);
    expect(logs.some((l) => l.startsWith("prepare /altseason:"))).toBe(true);
  });
});
