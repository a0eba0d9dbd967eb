// When a stored series is refreshed: by its market's sessions, holidays and UTC days, not by a fixed TTL.
import { describe, expect, it } from "vitest";
import { cryptoRule, decideRefresh, type StoredSeriesState, usEquityRule } from "../../src/data/freshness.ts";

const policy = { formingBarTtlMs: 15 * 60_000, behindRecheckMs: 60 * 60_000 };
const at = (iso: string) => new Date(iso);
const state = (
  lastFinalDate: string | null,
  checked: string,
  lastDate = lastFinalDate,
): StoredSeriesState => ({
  lastDate,
  lastFinalDate,
  lastSuccessAt: at(checked),
});

describe("US equities", () => {
  const rule = usEquityRule();

  it("backfills an empty series", () => {
    const empty = { lastDate: null, lastFinalDate: null, lastSuccessAt: null };
    expect(decideRefresh(rule, empty, at("2025-09-30T12:00:00Z"), policy)).toEqual({
      refresh: true,
      reason: "empty",
    });
  });

  it("refreshes once after each close has settled, not before", () => {
    const checkedMonday = state("2025-09-26", "2025-09-29T20:00:00Z", "2025-09-29");
    // Monday 16:10 EDT: the close (20:00 UTC) has not settled (20 min), the forming bar is 10 minutes old.
    expect(decideRefresh(rule, checkedMonday, at("2025-09-29T20:10:00Z"), policy).refresh).toBe(false);
    expect(decideRefresh(rule, checkedMonday, at("2025-09-29T20:21:00Z"), policy)).toEqual({
      refresh: true,
      reason: "new-session",
    });
    const checkedAfter = state("2025-09-29", "2025-09-29T20:21:00Z");
    expect(decideRefresh(rule, checkedAfter, at("2025-09-30T08:00:00Z"), policy)).toEqual({
      refresh: false,
      behind: false,
    });
  });

  it("does not refresh over a weekend or a holiday", () => {
    const friday = state("2025-11-26", "2025-11-26T22:00:00Z");
    expect(decideRefresh(rule, friday, at("2025-11-27T18:00:00Z"), policy).refresh).toBe(false); // Thanksgiving
    const weekend = state("2025-09-26", "2025-09-26T21:00:00Z");
    expect(decideRefresh(rule, weekend, at("2025-09-28T18:00:00Z"), policy).refresh).toBe(false);
  });

  it("refreshes the forming bar during the session every 15 minutes", () => {
    const s = state("2025-09-29", "2025-09-30T14:00:00Z", "2025-09-30");
    expect(decideRefresh(rule, s, at("2025-09-30T14:14:00Z"), policy).refresh).toBe(false);
    expect(decideRefresh(rule, s, at("2025-09-30T14:15:00Z"), policy)).toEqual({
      refresh: true,
      reason: "forming-bar",
    });
  });

  it("rechecks a series whose upstream lags only hourly", () => {
    const lagging = state("2025-09-26", "2025-09-29T21:00:00Z"); // checked after Monday's close, bar missing
    expect(decideRefresh(rule, lagging, at("2025-09-29T21:30:00Z"), policy)).toEqual({
      refresh: false,
      behind: true,
    });
    expect(decideRefresh(rule, lagging, at("2025-09-29T22:00:00Z"), policy)).toEqual({
      refresh: true,
      reason: "behind",
    });
  });
});

describe("crypto", () => {
  const rule = cryptoRule();

  it("finalises the UTC day five minutes after midnight", () => {
    expect(rule.latestFinalDate(at("2025-10-01T00:04:00Z"))).toBe("2025-09-29");
    expect(rule.latestFinalDate(at("2025-10-01T00:05:00Z"))).toBe("2025-09-30");
    const s = state("2025-09-29", "2025-09-30T23:59:00Z", "2025-09-30");
    expect(decideRefresh(rule, s, at("2025-10-01T00:06:00Z"), policy)).toEqual({
      refresh: true,
      reason: "new-session",
    });
  });

  it("always has a forming candle, refreshed every 15 minutes", () => {
    const s = state("2025-09-29", "2025-09-30T12:00:00Z", "2025-09-30");
    expect(decideRefresh(rule, s, at("2025-09-30T12:14:59Z"), policy).refresh).toBe(false);
    expect(decideRefresh(rule, s, at("2025-09-30T12:15:00Z"), policy)).toEqual({
      refresh: true,
      reason: "forming-bar",
    });
  });

  it("a delisted coin is rechecked hourly, not every 15 minutes", () => {
    const delisted = state("2021-07-06", "2025-09-30T12:00:00Z");
    expect(decideRefresh(rule, delisted, at("2025-09-30T12:30:00Z"), policy)).toEqual({
      refresh: false,
      behind: true,
    });
    expect(decideRefresh(rule, delisted, at("2025-09-30T13:00:00Z"), policy)).toEqual({
      refresh: true,
      reason: "behind",
    });
  });
});
