// /liquidity through the app on the bundled FRED copies: the JSON's fields, each figure equal to a hand
// computation straight from the CSV text (a plain scan of the files, not the core's code) at as-of dates from
// 2003 to 2026 with the publication rule applied, the 2025-12-11 figure, and one-line refusals.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { createChartRenderer } from "../../src/charts/index.ts";
import { UserError } from "../../src/core/base/errors.ts";
import { FRED_SNAPSHOT_DIR } from "../../src/data/fred/fred-csv.ts";

const app = await createApp({ clock: () => new Date("2026-12-04T12:00:00Z") });

/** date -> value of a bundled FRED file, blanks left out. */
function csv(id: string): Array<[string, number]> {
  return readFileSync(join(FRED_SNAPSHOT_DIR, `${id}.csv`), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter(([, v]) => v !== undefined && v !== "" && v !== ".")
    .map(([d, v]) => [d as string, Number(v)]);
}
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** By hand: the latest Wednesday published by asOf (its Friday on or before), its value and 13 weeks before. */
function byHand(asOf: string) {
  const walcl = new Map(csv("WALCL"));
  const tga = new Map(csv("WTREGEN"));
  const rrp = csv("RRPONTSYD");
  const value = (w: string) => {
    const r = rrp.filter(([d]) => d <= w).at(-1);
    const a = walcl.get(w);
    const t = tga.get(w);
    return r && a !== undefined && t !== undefined ? a - t - r[1] * 1000 : null;
  };
  const wednesday = [...walcl.keys()].filter((w) => day(w) + 2 <= day(asOf)).at(-1) as string;
  const now = value(wednesday) as number;
  const before = value(iso(day(wednesday) - 91));
  return { wednesday, millions: now, change13wPct: before ? (now / before - 1) * 100 : null };
}

describe("/liquidity", () => {
  it("answers the issue's figure on 2025-12-11 with every field, each component with its date", async () => {
    const reply = await app.run("liquidity", ["date:2025-12-11"]);
    const data = reply.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([
        "asOf",
        "netLiquidity",
        "components",
        "reserves",
        "m2",
        "fedFunds",
        "sources",
        "text",
      ]),
    );
    expect(data.asOf).toBe("2025-12-11");
    const net = data.netLiquidity as unknown as {
      date: string;
      usd: number;
      change13wPct: number;
      regime: string;
    };
    expect(net.date).toBe("2025-12-03");
    expect(Number((net.usd / 1e12).toFixed(2))).toBe(5.6);
    expect(Number(net.change13wPct.toFixed(1))).toBe(-6.5);
    expect(net.regime).toBe("contracting");
    const components = data.components as unknown as Record<string, { date: string; usd: number }>;
    expect(Object.keys(components)).toEqual(["walcl", "tga", "rrp"]);
    for (const c of Object.values(components)) expect(c.date <= "2025-12-03").toBe(true);
    // M2 for October 2025 is the latest out by 2025-12-11 (October's figure from December 1).
    expect((data.m2 as { date: string }).date).toBe("2025-10-01");
    expect((data.fedFunds as { date: string }).date).toBe("2025-12-10");
    expect(reply.lines[0]).toContain("contracting");
    expect(data.text).toBe(reply.lines.join("\n"));
  });

  it("matches a hand computation from the FRED files at as-of dates from 2003 to 2026", async () => {
    for (const asOf of [
      "2003-03-03",
      "2008-09-15",
      "2013-12-27",
      "2016-11-14",
      "2020-03-20",
      "2022-04-15",
      "2026-09-18",
    ]) {
      const hand = byHand(asOf);
      const data = (await app.run("liquidity", [`date:${asOf}`])).data as {
        netLiquidity: { date: string; usd: number; change13wPct: number | null };
      };
      expect(data.netLiquidity.date, asOf).toBe(hand.wednesday);
      expect(Math.round(data.netLiquidity.usd / 1e6), asOf).toBe(Math.round(hand.millions));
      if (hand.change13wPct === null) expect(data.netLiquidity.change13wPct).toBeNull();
      else expect(data.netLiquidity.change13wPct as number, asOf).toBeCloseTo(hand.change13wPct, 9);
    }
  });

  it("says in one line when the date is before the series or after today", async () => {
    await expect(app.run("liquidity", ["date:2002-06-01"])).rejects.toThrow(UserError);
    await expect(app.run("liquidity", ["date:2002-06-01"])).rejects.toThrow(
      /first figure was published on 2003-02-14/,
    );
    await expect(app.run("liquidity", ["date:2027-01-01"])).rejects.toThrow(/after today/);
    await expect(app.run("liquidity", ["date:2025-02-30"])).rejects.toThrow(UserError);
  });
});

describe("the liquidity caveat in /caveats", () => {
  it("states net liquidity as published today, its 13-week change and regime, with FRED and the date", async () => {
    const hand = byHand("2026-12-04"); // the bundled copies end on Wednesday 2026-09-16
    const reply = await app.run("caveats", []);
    const liquidity = reply.data.liquidity as {
      date: string;
      usd: number;
      change13wPct: number;
      regime: string;
    };
    expect(liquidity.date).toBe(hand.wednesday);
    expect(Math.round(liquidity.usd / 1e6)).toBe(Math.round(hand.millions));
    expect(liquidity.change13wPct).toBeCloseTo(hand.change13wPct as number, 9);
    // The regime by the thresholds of the Definitions: +-1% over 13 weeks.
    const expected =
      (hand.change13wPct as number) > 1
        ? "expanding"
        : (hand.change13wPct as number) < -1
          ? "contracting"
          : "flat";
    expect(liquidity.regime).toBe(expected);
    const line = reply.lines.find((l) =>
      l.startsWith("Net liquidity, FRED (H.4.1: WALCL, WTREGEN; RRPONTSYD)"),
    );
    expect(line).toContain(`on ${hand.wednesday}`);
    expect(line).toContain(`: ${expected} (as published by then).`);
    expect(reply.table?.rows.at(-1)?.slice(-2)).toEqual([
      "FRED (H.4.1: WALCL, WTREGEN; RRPONTSYD)",
      hand.wednesday,
    ]);
  });
});

describe("/liquidity: its chart and its language", () => {
  it("draws its chart: net liquidity as published, BTC and the Russell 2000 rebased, the regime periods shaded", async () => {
    const reply = await app.run("liquidity", ["date:2021-11-02", "range:3y"]);
    const chart = reply.chart as NonNullable<typeof reply.chart>;
    expect(chart.panels).toHaveLength(3);
    const net = chart.panels[0]?.series[0]?.points ?? [];
    expect(net.at(-1)?.x).toBe("2021-10-27"); // the last Wednesday out by 2021-11-02
    expect((net[0]?.x as string) >= "2018-11-02").toBe(true);
    expect(chart.panels[1]?.series.map((s) => s.label)).toEqual(["BTC", "Russell 2000 (^RUT)"]);
    expect(chart.panels[2]?.referenceLines.map((r) => r.y)).toEqual([0, 1, -1]);
    // The regime periods through every panel: each week of the JSON's regime inside one period of its kind.
    const periods = Object.fromEntries((chart.periods ?? []).map((k) => [k.colour, k.periods]));
    const inside = (date: string, colour: string) =>
      (periods[colour] ?? []).some((p) => p.from <= date && date < p.to);
    const change = chart.panels[2]?.series[0]?.points ?? [];
    let shaded = 0;
    for (const point of change) {
      const y = point.y;
      if (y === null) continue;
      const date = point.x as string;
      expect(inside(date, "green"), date).toBe(y > 1);
      expect(inside(date, "vermillion"), date).toBe(y < -1);
      if (y > 1 || y < -1) shaded += 1;
    }
    expect(shaded).toBeGreaterThan(20);
    const png = await createChartRenderer().render(chart, "light");
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.byteLength).toBeGreaterThan(20_000);
  }, 30_000);

  it("answers in Spanish", async () => {
    const reply = await app.run("liquidity", ["date:2020-11-13"], undefined, "es");
    expect(reply.title).toMatch(/^Liquidez neta de la Fed/);
    expect(reply.lines[0]).toContain("en expansión");
  });
});

describe("/russell by liquidity regime", () => {
  it("puts each breakout in the regime known on its day, beside the same measure from every session in it", async () => {
    const data = (await app.run("russell", ["date:2026-08-21"])).data as unknown as {
      liquidity: { date: string; change13wPct: number; regime: string };
      analogsByLiquidity: Record<
        string,
        Record<string, Record<string, { n: number; baseline: { n: number } }>>
      >;
      analogs: Array<{ eventDate: string; forward: Record<string, { d90: number | null }> }>;
    };
    expect(data.liquidity.date).toBe("2026-08-19"); // Wednesday's figures, out on Friday 2026-08-21
    // The events, by their 13-week change as published on the day: 2014-12-26 +2.4%, 2020-11-13 +5.4%
    // and 2021-11-02 +3.5% expanding; 2016-11-14 -4.4% and 2025-09-18 -3.8% contracting.
    const btc = (regime: string) => data.analogsByLiquidity[regime]?.BTC?.d90;
    const measured = data.analogs.filter((a) => a.forward.BTC?.d90 !== null).map((a) => a.eventDate);
    expect(measured).toEqual(["2014-12-26", "2016-11-14", "2020-11-13", "2021-11-02", "2025-09-18"]);
    expect(btc("expanding")?.n).toBe(3);
    expect(btc("contracting")?.n).toBe(2);
    expect(btc("flat")?.n).toBe(0);
    // Every BTC session with a 90-day return falls in one regime's baseline (once the 13-week change exists).
    const total = ["expanding", "flat", "contracting"].reduce((n, r) => n + (btc(r)?.baseline.n ?? 0), 0);
    expect(total).toBeGreaterThan(2500);
    const reply = await app.run("russell", ["date:2025-12-11"]);
    expect(
      reply.notes.some((n) =>
        /^Liquidity \(FRED H\.4\.1.*contracting.*n too small to tell|beyond chance/.test(n),
      ),
    ).toBe(true);
  }, 60_000);
});
