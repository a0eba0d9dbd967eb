// Daily bars as the live adapters hand them over: validated at the boundary, ascending, one per date.
import { z } from "zod";
import { type IsoDate, isIsoDate } from "../../core/base/dates.ts";
import { UpstreamError } from "./upstream-error.ts";

export interface FetchedBar {
  readonly date: IsoDate;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  /** The value the series is made of (for IWM/IWN the dividend-adjusted close). */
  readonly close: number;
  readonly volume: number | null;
}

const price = z.number().finite().positive();
const optional = z.number().finite().nonnegative().nullable();

const barSchema = z.object({
  date: z.string().refine(isIsoDate, "not a YYYY-MM-DD date"),
  open: optional,
  high: optional,
  low: optional,
  close: price,
  volume: optional,
});

/** A bar whose price is missing upstream (null, NaN): dropped, as Yahoo's null rows are. */
export function hasClose(close: unknown): close is number {
  return typeof close === "number" && Number.isFinite(close);
}

/**
 * Checks every bar (a bad one fails the whole response: half-parsed data is never stored), drops bars dated
 * after `today`, sorts ascending and keeps the last bar of a duplicated date.
 */
export function normalizeBars(provider: string, raw: readonly FetchedBar[], today: IsoDate): FetchedBar[] {
  const byDate = new Map<IsoDate, FetchedBar>();
  for (const bar of raw) {
    const parsed = barSchema.safeParse(bar);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UpstreamError(
        `malformed response (${issue?.path.join(".") || "bar"}: ${issue?.message ?? "invalid"})`,
        provider,
        "malformed",
        { cause: parsed.error },
      );
    }
    if (bar.date <= today) byDate.set(bar.date, bar);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
