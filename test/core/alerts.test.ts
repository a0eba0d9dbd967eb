import { describe, expect, it } from "vitest";
import type { SeasonIndex } from "../../src/core/altcoins/season-index.ts";
import { barsUntil } from "../../src/core/base/series.ts";
import {
  type AlertEvent,
  alertText,
  altseasonAlerts,
  breakoutAlerts,
  nextSeasonZone,
} from "../../src/core/schedules/alerts.ts";
import { localeFor } from "../../src/i18n/index.ts";
import { snapshot } from "../support/markets.ts";

const rut = await snapshot.getSeries("RUT");

/** Evaluates alerts session by session, as the scheduler does after each close, and keeps each key once. */
function replay(from: string, to: string): AlertEvent[] {
  const seen = new Map<string, AlertEvent>();
  for (const bar of rut.bars.filter((b) => b.date >= from && b.date <= to)) {
    for (const alert of breakoutAlerts("RUT", "Russell 2000", barsUntil(rut.bars, bar.date))) {
      if (!seen.has(alert.key)) seen.set(alert.key, alert);
    }
  }
  return [...seen.values()];
}

describe("breakout alerts replayed on ^RUT", () => {
  it("Nov 2020: the breakout on 11-13, then record closes", () => {
    const alerts = replay("2020-11-01", "2020-11-30");
    expect(alerts[0]).toMatchObject({ kind: "breakout", date: "2020-11-13", key: "breakout:RUT:2020-11-13" });
    expect(alerts[0]?.text).toContain("1,744.04");
    // RUT.csv: 11-16 1785.34 and 11-17 1791.91 were record closes.
    expect(
      alerts
        .filter((a) => a.kind === "new_ath")
        .map((a) => a.date)
        .slice(0, 2),
    ).toEqual(["2020-11-16", "2020-11-17"]);
  });

  it("Nov 2021: breakout on 11-02 then one failed-breakout alert however long it stays under", () => {
    const alerts = replay("2021-10-25", "2021-12-31");
    expect(alerts.find((a) => a.kind === "breakout")?.date).toBe("2021-11-02");
    const failed = alerts.filter((a) => a.kind === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.key).toBe("failed:RUT:2021-11-02");
  });
});

describe("altseason crossings", () => {
  const idx = (value: number | null): SeasonIndex => ({
    value,
    universe: value === null ? 4 : 50,
    minUniverse: 10,
    topN: 50,
    interval: null,
    windowDays: 90,
    windowStart: "2021-06-01",
    windowEnd: "2021-09-01",
    label: null,
    reason: value === null ? "only 4 coins with data for this date: no index (at least 10 needed)" : null,
    why: value === null ? { key: "tooFew", vars: { coins: 4, min: 10 } } : null,
    method: "coinmarketcap-snapshots",
    membershipDate: "2021-06-01",
    outperformers: [],
    droppedOut: [],
  });
  it("alerts on entering >= 75 or <= 25 only", () => {
    expect(altseasonAlerts("neutral", idx(75), "2021-03-01").alerts[0]?.kind).toBe("altseason_high");
    expect(altseasonAlerts("high", idx(90), "2021-03-01")).toEqual({ zone: "high", alerts: [] });
    expect(altseasonAlerts("neutral", idx(25), "2021-03-01").alerts[0]?.kind).toBe("altseason_low");
    expect(altseasonAlerts("neutral", null, "2021-03-01")).toEqual({ zone: "neutral", alerts: [] });
  });
  it("never fires from an index below the minimum universe, and keeps the zone it was in", () => {
    expect(altseasonAlerts("neutral", idx(null), "2025-12-31")).toEqual({ zone: "neutral", alerts: [] });
    expect(altseasonAlerts("high", idx(null), "2025-12-31")).toEqual({ zone: "high", alerts: [] });
    // Had the 4-coin value (say 100) counted, this would be an altcoin-season alert.
    expect(altseasonAlerts("neutral", idx(100), "2025-12-31").alerts).toHaveLength(1);
  });
  it("flips around 75 alert once; a new alert needs a fall to 50 first", () => {
    // The September 2021 flips of the snapshot's index (78, 67, 78, 67, 78), then a fall to 44 and a rise to 78.
    let zone = nextSeasonZone("neutral", 67);
    const kinds: string[] = [];
    for (const value of [78, 67, 78, 67, 78, 44, 78]) {
      const step = altseasonAlerts(zone, idx(value), "2021-09-09");
      kinds.push(step.alerts.map((a) => a.kind).join() || "-");
      zone = step.zone;
    }
    expect(kinds).toEqual(["altseason_high", "-", "-", "-", "-", "-", "altseason_high"]);
  });
  it("is written in each chat's language from the figures it was detected with", () => {
    const [alert] = altseasonAlerts("neutral", idx(76), "2021-09-09").alerts;
    if (!alert) throw new Error("no alert");
    expect(alert.text).toBe(
      "Altcoin Season Index crossed 75: 76/100 (0 of 50 top-50 altcoins beat BTC over 90 days to 2021-09-01) on 2021-09-09.",
    );
    expect(alertText(alert, localeFor("es"))).toBe(
      "El Índice de Temporada de Altcoins cruzó 75: 76/100 (0 de 50 altcoins del top 50 batieron a BTC en 90 días hasta el 1 sept 2021) el 9 sept 2021.",
    );
    expect(alertText(alert, localeFor("en"))).toBe(alert.text);
    // An alert queued before the figures were kept is sent as it was written.
    const { figures: _, ...old } = alert;
    expect(alertText(old, localeFor("es"))).toBe(alert.text);
  });
});
