// Renders each chart kind from the real history in both themes and compares it with the committed picture in
// test/golden by pixel difference, not bytes (font rasterising varies a little between machines).
// Regenerate the pictures after an intended change: UPDATE_GOLDEN=1 npx vitest run test/charts/golden.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { createChartRenderer } from "../../src/charts/index.ts";
import { THEMES } from "../../src/charts/theme.ts";
import { CHART_THEMES } from "../../src/core/answers/chart-spec.ts";
import { GOLDEN_CHARTS } from "./chart-inputs.ts";

const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
const DIFF_DIR = fileURLToPath(new URL("../../tmp/golden-diff/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** pixelmatch's per-pixel colour threshold, and the share of pixels allowed to differ beyond it. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_SHARE = 0.005;

const renderer = createChartRenderer();

function backgroundOf(theme: keyof typeof THEMES): [number, number, number] {
  const hex = THEMES[theme].background.slice(1);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

describe("chart pictures from the real history", () => {
  for (const chart of GOLDEN_CHARTS) {
    for (const theme of CHART_THEMES) {
      const name = `${chart.name}-${theme}`;
      it(`${name}: 1200x675, not blank, matches test/golden/${name}.png`, async () => {
        const bytes = await renderer.render(await chart.build(), theme);
        const png = PNG.sync.read(Buffer.from(bytes));
        expect([png.width, png.height]).toEqual([1200, 675]);

        const [r, g, b] = backgroundOf(theme);
        const colours = new Set<number>();
        let drawn = 0;
        for (let i = 0; i < png.data.length; i += 4) {
          const [pr, pg, pb] = [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number];
          colours.add((pr << 16) | (pg << 8) | pb);
          if (Math.abs(pr - r) + Math.abs(pg - g) + Math.abs(pb - b) > 30) drawn++;
        }
        expect(colours.size).toBeGreaterThan(200);
        expect(drawn / (png.width * png.height)).toBeGreaterThan(0.04);

        const goldenPath = `${GOLDEN_DIR}${name}.png`;
        if (UPDATE || !existsSync(goldenPath)) {
          if (!UPDATE)
            throw new Error(`no golden picture ${goldenPath}; run with UPDATE_GOLDEN=1 to create it`);
          writeFileSync(goldenPath, bytes);
          return;
        }
        const golden = PNG.sync.read(readFileSync(goldenPath));
        expect([golden.width, golden.height]).toEqual([png.width, png.height]);
        const diff = new PNG({ width: png.width, height: png.height });
        const differing = pixelmatch(golden.data, png.data, diff.data, png.width, png.height, {
          threshold: PIXEL_THRESHOLD,
        });
        const share = differing / (png.width * png.height);
        if (share > MAX_DIFF_SHARE) {
          mkdirSync(DIFF_DIR, { recursive: true });
          writeFileSync(`${DIFF_DIR}${name}-actual.png`, bytes);
          writeFileSync(`${DIFF_DIR}${name}-diff.png`, PNG.sync.write(diff));
        }
        expect(share, `${differing} pixels differ; see tmp/golden-diff/${name}-diff.png`).toBeLessThanOrEqual(
          MAX_DIFF_SHARE,
        );
      });
    }
  }
});
