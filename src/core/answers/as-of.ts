// Resolves the date an answer is "as of": the last session on or before the requested date.
import type { IsoDate } from "../base/dates.ts";
import { UserError } from "../base/errors.ts";
import { barOnOrBefore } from "../base/series.ts";
import type { SeriesData } from "../ports.ts";

export interface ResolvedAsOf {
  /** The session the answer is computed at. */
  readonly asOf: IsoDate;
  readonly requested: IsoDate | null;
  /** Said to the user when the answer is not at the requested date. */
  readonly note: string | null;
}

export function resolveAsOf(
  calendar: SeriesData,
  requested: IsoDate | undefined,
  today: IsoDate,
): ResolvedAsOf {
  const first = calendar.bars[0];
  const last = calendar.bars.at(-1);
  if (!first || !last) throw new UserError(`${calendar.id} has no data.`);
  if (requested === undefined) return { asOf: last.date, requested: null, note: null };
  if (requested > today) {
    throw new UserError(
      `date ${requested} is in the future (today is ${today}); use a date up to ${last.date}.`,
    );
  }
  if (requested < first.date) {
    throw new UserError(`date ${requested} is before the data: ${calendar.id} starts ${first.date}.`);
  }
  const session = barOnOrBefore(calendar.bars, requested) as { date: IsoDate };
  let note: string | null = null;
  if (requested > last.date) {
    note = `${calendar.id} data ends ${last.date}, so this answer is as of ${last.date}, not ${requested}.`;
  } else if (session.date !== requested) {
    note = `${requested} was not a trading session; using the session of ${session.date}.`;
  }
  return { asOf: session.date, requested, note };
}
