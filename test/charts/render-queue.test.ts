import { describe, expect, it } from "vitest";
import { ChartQueueFullError, createChartRenderer, RenderQueue, renderKey } from "../../src/charts/index.ts";
import type { ChartRenderer, ChartSpec, ChartTheme } from "../../src/core/answers/chart-spec.ts";

function spec(title: string): ChartSpec {
  return {
    kind: "test",
    title,
    subtitle: "as of 2024-01-02",
    footer: ["Sources: test"],
    asOf: "2024-01-02",
    xAxis: { kind: "date", from: "2024-01-01", to: "2024-01-02" },
    panels: [],
    events: null,
  };
}

/** A renderer that takes a few milliseconds, records its calls and how many ran at once. */
function slowRenderer() {
  const calls: string[] = [];
  let active = 0;
  let maxActive = 0;
  const renderer: ChartRenderer = {
    async render(s: ChartSpec, theme: ChartTheme) {
      calls.push(`${s.title}/${theme}`);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      return new TextEncoder().encode(s.title);
    },
  };
  return { renderer, calls, maxActive: () => maxActive };
}

describe("RenderQueue", () => {
  it("gives identical concurrent requests one render", async () => {
    const fake = slowRenderer();
    const queue = new RenderQueue(fake.renderer);
    const a = queue.render(spec("same"), "dark");
    const b = queue.render(spec("same"), "dark");
    const [pa, pb] = await Promise.all([a, b]);
    expect(fake.calls).toEqual(["same/dark"]);
    expect(pa).toBe(pb);
    expect(queue.stats()).toMatchObject({ rendered: 1, coalesced: 1, pending: 0 });
  });

  it("renders the same spec in another theme, or again once the first has finished", async () => {
    const fake = slowRenderer();
    const queue = new RenderQueue(fake.renderer);
    const dark = queue.render(spec("x"), "dark");
    const light = queue.render(spec("x"), "light");
    await Promise.all([dark, light]);
    const again = queue.render(spec("x"), "dark");
    await again;
    expect(fake.calls).toEqual(["x/dark", "x/light", "x/dark"]);
  });

  it("runs one render at a time", async () => {
    const fake = slowRenderer();
    const queue = new RenderQueue(fake.renderer);
    const all = Promise.all(["a", "b", "c"].map((t) => queue.render(spec(t), "dark")));
    await all;
    expect(fake.calls).toEqual(["a/dark", "b/dark", "c/dark"]);
    expect(fake.maxActive()).toBe(1);
  });

  it("refuses work beyond its bound with a clear, coded error, and accepts it again once drained", async () => {
    const fake = slowRenderer();
    const queue = new RenderQueue(fake.renderer, { maxPending: 2 });
    const first = queue.render(spec("1"), "dark");
    const second = queue.render(spec("2"), "dark");
    const third = queue.render(spec("3"), "dark");
    await expect(third).rejects.toBeInstanceOf(ChartQueueFullError);
    await expect(third).rejects.toMatchObject({ code: "CHART_QUEUE_FULL" });
    await expect(third).rejects.toThrow(/busy: 2 charts are already waiting/);
    // A request identical to one in flight still joins it: it costs nothing.
    const joined = queue.render(spec("1"), "dark");
    await Promise.all([first, second, joined]);
    expect(queue.stats()).toMatchObject({ rendered: 2, coalesced: 1, rejected: 1, pending: 0 });
    const later = queue.render(spec("3"), "dark");
    await expect(later).resolves.toEqual(new TextEncoder().encode("3"));
  });

  it("keeps going after a failed render", async () => {
    const queue = new RenderQueue({
      render: async (s) => {
        if (s.title === "bad") throw new Error("boom");
        return new Uint8Array([1]);
      },
    });
    const bad = queue.render(spec("bad"), "dark");
    const good = queue.render(spec("good"), "dark");
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toEqual(new Uint8Array([1]));
  });

  it("keys requests by the spec's JSON and the theme", () => {
    expect(renderKey(spec("a"), "dark")).toBe(renderKey(JSON.parse(JSON.stringify(spec("a"))), "dark"));
    expect(renderKey(spec("a"), "dark")).not.toBe(renderKey(spec("a"), "light"));
    expect(renderKey(spec("a"), "dark")).not.toBe(renderKey(spec("b"), "dark"));
  });
});

describe("createChartRenderer", () => {
  it("rejects a spec without panels with a clear error", async () => {
    const renderer = createChartRenderer();
    await expect(renderer.render(spec("empty"), "dark")).rejects.toThrow(/has no panels/);
  });
});
