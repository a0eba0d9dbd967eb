import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { renderPlainText } from "../../src/core/answers/format.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");

describe("as-of dates at the edges of the history", () => {
  it("answers for a date before the comparison asset's data, without a chart and saying why", async () => {
    const app = await createApp({ clock });
    // ^RUT has data from 1987; BTC.csv starts 2014-09-17.
    const reply = await app.run("russell", ["date:2000-06-01"]);
    expect(reply.chart).toBeUndefined();
    expect(reply.notes[0]).toBe("No chart: BTC has no data between 1995-06-01 and 2000-06-01.");
    expect(reply.lines[0]).toMatch(/^[A-Z ]+: Russell 2000 \(\^RUT\) closed/);
  });

  it("measures a series that starts inside the range from its start, and says so", async () => {
    const app = await createApp({ clock });
    const reply = await app.run("russell", ["vs:others", "date:2014-08-07"]);
    expect(reply.lines[1]).toMatch(
      /TOTAL3 [-+0-9.]+% \(since its data starts, 2013-05-05; to its last close, 2014-08-03\)/,
    );
    expect(renderPlainText(reply)).not.toContain("Sorry");
  });
  it("an answer about a past date quotes no figure published later: the caveats say not yet published", async () => {
    const app = await createApp({ clock });
    const past = await app.run("russell", ["date:2021-06-01"]);
    expect(past.notes).toContain("Caveats as known on 2021-06-01 (/caveats has today's):");
    expect(past.notes).toContain(
      "small-cap-etf-flows: not yet published on 2021-06-01 (its figure describes 2025-12-31).",
    );
    expect(past.notes.some((n) => n.includes("19.5B"))).toBe(false);
    expect(past.data.caveats).toEqual([]);
    const now = await app.run("russell", []);
    expect(now.notes.some((n) => n.includes("19.5B"))).toBe(true);
  });
});
