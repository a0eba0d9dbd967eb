// Charts drawn in renderer processes: real PNGs, two processes drawing at once, and a renderer process that dies or hangs
// in the middle of a chart is replaced and the chart drawn again on another, never dropped.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { CHARTS_IN_HAND, RenderPool } from "../../src/charts/render-pool.ts";
import type { ChartSpec } from "../../src/core/answers/chart-spec.ts";

const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
const spec = (await app.run("russell", [])).chart as ChartSpec;
const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).toString("hex") === "89504e470d0a1a0a";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pools: RenderPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

async function busyPid(pool: RenderPool): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const busy = pool.processes().find((p) => p.busy && p.pid !== undefined);
    if (busy?.pid !== undefined) return busy.pid;
    await sleep(5);
  }
  throw new Error("no renderer process is drawing");
}

describe("render pool", () => {
  it("draws real PNGs in two processes at once", async () => {
    const pool = new RenderPool({ size: 2 });
    pools.push(pool);
    const pngs = await Promise.all([
      pool.render(spec, "light"),
      pool.render(spec, "dark"),
      pool.render(spec, "light"),
    ]);
    for (const png of pngs) expect(isPng(png)).toBe(true);
    expect(pngs[0]?.byteLength).toBeGreaterThan(20_000);
    expect(new Set(pool.processes().map((p) => p.pid)).size).toBe(2);
    expect(pool.stats()).toMatchObject({ rendered: 3, replaced: 0 });
  }, 60_000);

  it("a renderer process killed while drawing is replaced and the chart drawn again on another", async () => {
    const logs: string[] = [];
    const pool = new RenderPool({ size: 1, log: (m) => logs.push(m) });
    pools.push(pool);
    await pool.render(spec, "light"); // warm
    const drawing = pool.render(spec, "light");
    process.kill(await busyPid(pool), "SIGKILL");
    expect(isPng(await drawing)).toBe(true);
    expect(pool.stats()).toMatchObject({ replaced: 1, retried: 1 });
    expect(logs.some((l) => /renderer process exited \(SIGKILL\); starting another/.test(l))).toBe(true);
  }, 60_000);

  it("a renderer process killed with every chart it holds in hand (drawing, encoding, sent) has all drawn again", async () => {
    const pool = new RenderPool({ size: 1 });
    pools.push(pool);
    await pool.render(spec, "light"); // warm
    const themes = ["light", "dark"] as const;
    const drawing = Array.from({ length: CHARTS_IN_HAND + 1 }, (_, i) =>
      pool.render(spec, themes[i % 2] ?? "light"),
    );
    const settled = Promise.allSettled(drawing); // nothing left unhandled if an expectation below fails
    expect(pool.stats()).toMatchObject({ queued: 1, busy: 1 }); // CHARTS_IN_HAND in the process, one more waits
    process.kill(await busyPid(pool), "SIGKILL");
    for (const result of await settled) {
      expect(result.status).toBe("fulfilled");
      if (result.status === "fulfilled") expect(isPng(result.value)).toBe(true);
    }
    expect(pool.stats()).toMatchObject({
      replaced: 1,
      retried: CHARTS_IN_HAND,
      rendered: CHARTS_IN_HAND + 2,
    });
  }, 60_000);

  it("a renderer process that hangs is killed after the timeout, and the chart drawn again", async () => {
    const pool = new RenderPool({ size: 1, timeoutMs: 1500 });
    pools.push(pool);
    await pool.render(spec, "light"); // warm, so a render is well inside the timeout
    const drawing = pool.render(spec, "dark");
    process.kill(await busyPid(pool), "SIGSTOP"); // frozen: never answers
    expect(isPng(await drawing)).toBe(true);
    expect(pool.stats().replaced).toBe(1);
  }, 60_000);
});
