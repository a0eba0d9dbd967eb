import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { ChartJsRenderer } from "../../src/charts/index.ts";
import type { ChartSpec } from "../../src/core/answers/chart-spec.ts";

const numberSpec: ChartSpec = {
  kind: "test",
  title: "Squares",
  subtitle: "A single panel on a number axis, as of 2024-01-02",
  footer: ["Sources: arithmetic"],
  asOf: "2024-01-02",
  xAxis: { kind: "number", label: "n", min: 0, max: 50 },
  panels: [
    {
      title: "",
      weight: 1,
      yAxis: { scale: "linear", label: "n squared" },
      series: [
        {
          label: "n squared",
          colour: "blue",
          style: "solid",
          inLegend: true,
          points: Array.from({ length: 51 }, (_, n) => ({ x: n, y: n === 25 ? null : n * n })),
        },
      ],
      referenceLines: [
        { y: 1000, label: "1,000", legend: "one thousand", colour: "orange", style: "dotted" },
      ],
      bands: [],
    },
  ],
  events: { label: "primes", colour: "vermillion", markers: [{ x: 7, y: 49, label: "7" }] },
};

describe("ChartJsRenderer", () => {
  it("draws a one-panel chart on a number axis at the size asked for", async () => {
    const renderer = new ChartJsRenderer({ width: 640, height: 360 });
    const png = PNG.sync.read(Buffer.from(await renderer.render(numberSpec, "light")));
    expect([png.width, png.height]).toEqual([640, 360]);
    // The top-left corner is the light background, opaque.
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it("reuses its canvas: the second picture of the same spec is identical", async () => {
    const renderer = new ChartJsRenderer();
    const first = await renderer.render(numberSpec, "dark");
    const other = await renderer.render({ ...numberSpec, title: "Something else entirely" }, "light");
    const again = await renderer.render(numberSpec, "dark");
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
  });

  it("draws charts asked for at once each on a canvas of its own: every picture as when drawn alone", async () => {
    const renderer = new ChartJsRenderer();
    const other = { ...numberSpec, title: "Something else entirely" };
    const alone = [await renderer.render(numberSpec, "dark"), await renderer.render(other, "light")];
    const together = await Promise.all([
      renderer.render(numberSpec, "dark"),
      renderer.render(other, "light"),
      renderer.render(numberSpec, "dark"),
    ]);
    expect(together.map((png) => Buffer.from(png).toString("base64"))).toEqual(
      [alone[0], alone[1], alone[0]].map((png) => Buffer.from(png as Uint8Array).toString("base64")),
    );
  });
});
