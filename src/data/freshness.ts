// When a stored series needs a refresh: each market has its own day. US equities follow NYSE sessions and
// holidays (a bar is final some minutes after the close); crypto trades around the clock in UTC days.
import { addDays, type IsoDate, utcDateOf } from "../core/base/dates.ts";
import {
  lastClosedUsSession,
  newYorkTime,
  openUsSession,
  usSession,
} from "../core/schedules/market-calendar.ts";

export type MarketKind = "us-equity" | "crypto";

export interface FreshnessRule {
  readonly market: MarketKind;
  readonly description: string;
  /** The newest bar date that is final at `now`. */
  latestFinalDate(now: Date): IsoDate;
  /** When the bar dated `date` becomes final. */
  finalAt(date: IsoDate): Date;
  /** The date of the bar still forming at `now`, or null between sessions. */
  formingDate(now: Date): IsoDate | null;
}

/** Yahoo's daily bar settles within minutes of the 16:00 close. */
export const US_EQUITY_SETTLE_MS = 20 * 60_000;
/** Exchanges close the UTC daily candle at 00:00; give them a few minutes. */
export const CRYPTO_SETTLE_MS = 5 * 60_000;

export function usEquityRule(settleMs = US_EQUITY_SETTLE_MS): FreshnessRule {
  return {
    market: "us-equity",
    description: `US equity sessions (NYSE calendar with holidays and early closes), final ${settleMs / 60_000} min after the close`,
    latestFinalDate: (now) => lastClosedUsSession(now, settleMs).date,
    finalAt(date) {
      const session = usSession(date);
      // A date without a session has no bar to wait for: treat it as final from its New York midnight.
      return session ? new Date(session.close.getTime() + settleMs) : newYorkTime(date, 0, 0);
    },
    formingDate: (now) => openUsSession(now, settleMs)?.date ?? null,
  };
}

export function cryptoRule(settleMs = CRYPTO_SETTLE_MS): FreshnessRule {
  return {
    market: "crypto",
    description: `crypto UTC days, final ${settleMs / 60_000} min after 00:00 UTC`,
    latestFinalDate: (now) => addDays(utcDateOf(new Date(now.getTime() - settleMs)), -1),
    finalAt: (date) => new Date(Date.parse(`${addDays(date, 1)}T00:00:00Z`) + settleMs),
    formingDate: (now) => utcDateOf(now),
  };
}

export interface StoredSeriesState {
  readonly lastDate: IsoDate | null;
  readonly lastFinalDate: IsoDate | null;
  /** When the series was last fetched successfully. */
  readonly lastSuccessAt: Date | null;
}

export interface RefreshPolicy {
  /** How long a fetched still-forming bar (today's) is served before it is fetched again. */
  readonly formingBarTtlMs: number;
  /** How often a series that is behind its market (delisted coin, late upstream) is checked again. */
  readonly behindRecheckMs: number;
}

export type RefreshDecision =
  | { readonly refresh: false; readonly behind: boolean }
  | {
      readonly refresh: true;
      readonly reason: "empty" | "new-session" | "behind" | "forming-bar";
    };

export function decideRefresh(
  rule: FreshnessRule,
  state: StoredSeriesState,
  now: Date,
  policy: RefreshPolicy,
): RefreshDecision {
  if (state.lastDate === null || state.lastSuccessAt === null) return { refresh: true, reason: "empty" };
  const latestFinal = rule.latestFinalDate(now);
  const checkedAt = state.lastSuccessAt.getTime();
  const behind = (state.lastFinalDate ?? "") < latestFinal;
  if (behind) {
    // A bar became final after our last check: it should be there now.
    if (checkedAt < rule.finalAt(latestFinal).getTime()) return { refresh: true, reason: "new-session" };
    // Checked since, and upstream did not have it: look again now and then, not on every request.
    if (now.getTime() - checkedAt >= policy.behindRecheckMs) return { refresh: true, reason: "behind" };
    return { refresh: false, behind };
  }
  const forming = rule.formingDate(now);
  if (forming !== null && now.getTime() - checkedAt >= policy.formingBarTtlMs)
    return { refresh: true, reason: "forming-bar" };
  return { refresh: false, behind };
}
