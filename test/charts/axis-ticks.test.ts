import { describe, expect, it } from "vitest";
import { dateTicks, formatTick, linearAxis, logAxis } from "../../src/charts/axis-ticks.ts";
import { crossings, pickPlacement, segmentsOf } from "../../src/charts/label-placement.ts";
import { toEpochDay } from "../../src/core/base/dates.ts";

const day = toEpochDay;

describe("dateTicks", () => {
  it("ten years: one tick per 1 January", () => {
    const ticks = dateTicks(day("2016-08-22"), day("2026-08-21"), 11);
    expect(ticks.map((t) => t.label)).toEqual([
      "2017",
      "2018",
      "2019",
      "2020",
      "2021",
      "2022",
      "2023",
      "2024",
      "2025",
      "2026",
    ]);
    expect(ticks[0]?.value).toBe(day("2017-01-01"));
  });

  it("one year: months, with the year on January and on the first tick", () => {
    const labels = dateTicks(day("2024-08-21"), day("2025-08-21"), 11).map((t) => t.label);
    expect(labels).toEqual(["Sep 2024", "Nov", "2025", "Mar", "May", "Jul"]);
  });

  it("a few months without a January: the first tick carries the year", () => {
    const labels = dateTicks(day("2025-03-10"), day("2025-08-21"), 11).map((t) => t.label);
    expect(labels).toEqual(["Apr 2025", "May", "Jun", "Jul", "Aug"]);
  });

  it("never more than asked for", () => {
    expect(dateTicks(day("1987-09-10"), day("2026-08-21"), 11).length).toBeLessThanOrEqual(11);
  });
});

describe("value axes", () => {
  it("log: 1-2-5 steps over a wide range, denser steps over a narrow one", () => {
    expect(logAxis(90, 21000).ticks).toEqual([100, 200, 500, 1000, 2000, 5000, 10000, 20000]);
    expect(logAxis(95, 260).ticks).toEqual([90, 100, 120, 140, 160, 180, 200, 250]);
  });

  it("linear: round ends and steps", () => {
    expect(linearAxis(83, 178)).toEqual({ min: 75, max: 200, ticks: [75, 100, 125, 150, 175, 200] });
    expect(linearAxis(0, 1).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("tick text is short", () => {
    expect([950, 1200, 12000, 1_500_000, 0.5, -0.5, 0].map(formatTick)).toEqual([
      "950",
      "1,200",
      "12k",
      "1.5M",
      "0.5",
      "\u22120.5",
      "0",
    ]);
  });
});

describe("label placement", () => {
  const segments = segmentsOf([
    { x: 0, y: 50 },
    { x: 100, y: 50 },
    null,
    { x: 100, y: 10 },
    { x: 200, y: 10 },
  ]);
  it("counts the segments a box would hide", () => {
    expect(segments).toHaveLength(2);
    expect(crossings({ left: 10, top: 40, width: 20, height: 20 }, segments)).toBe(1);
    expect(crossings({ left: 10, top: 70, width: 20, height: 20 }, segments)).toBe(0);
  });
  it("picks the box that hides least and avoids labels already placed", () => {
    const onLine = { left: 10, top: 40, width: 20, height: 20 };
    const free = { left: 10, top: 70, width: 20, height: 20 };
    expect(pickPlacement([onLine, free], segments, [])).toBe(free);
    expect(pickPlacement([onLine, free], segments, [free])).toBe(onLine);
    expect(pickPlacement([free], segments, [free])).toBeNull();
  });
});
