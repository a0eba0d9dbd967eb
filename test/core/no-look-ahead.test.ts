import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { truncatedMarket } from "../support/markets.ts";

// An answer as of D from the full history must equal the answer computed in a world where nothing after D
// exists: same numbers, same events, same analogs, the same chart. Only the sources' "last date" may differ.
const clock = () => new Date("2026-11-21T12:00:00Z");
const strip = (data: Record<string, unknown>) => ({ ...data, sources: undefined });

describe("no look-ahead", () => {
  it.each(["2016-12-30", "2020-11-20", "2021-11-30", "2025-10-15"])(
    "russell and altseason as of %s",
    async (date) => {
      const full = await createApp({ clock });
      const cut = await createApp({ clock, market: truncatedMarket(date) });
      for (const [command, tokens] of [
        ["russell", [`date:${date}`]],
        ["russell", ["value", "vs:others", `date:${date}`]],
        ["altseason", [`date:${date}`]],
      ] as const) {
        const a = await full.run(command, tokens);
        const b = await cut.run(command, tokens);
        expect(strip(a.data)).toEqual(strip(b.data));
        expect(a.chart).toBeDefined();
        expect(a.chart).toEqual(b.chart);
      }
    },
  );
});
