// Resolves the date an answer is "as of": the last session on or before the requested date.
import type { IsoDate } from "../base/dates.ts";
import { UserError } from "../base/errors.ts";
import { barOnOrBefore } from "../base/series.ts";
import type { SeriesData } from "../ports.ts";
import { type Locale, phrasebook } from "./locale.ts";

/** The words of the as-of notes and refusals (other languages under `asOf.` in the translation files). */
export const AS_OF_MESSAGES = {
  noData: "{{id}} has no data.",
  future: "date {{requested}} is in the future (today is {{today}}); use a date up to {{last}}.",
  beforeData: "date {{requested}} is before the data: {{id}} starts {{first}}.",
  dataEnds: "{{id}} data ends {{last}}, so this answer is as of {{last}}, not {{requested}}.",
  notSession: "{{requested}} was not a trading session; using the session of {{session}}.",
} as const;

const say = phrasebook("asOf", AS_OF_MESSAGES);

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
  locale?: Locale,
): ResolvedAsOf {
  const first = calendar.bars[0];
  const last = calendar.bars.at(-1);
  const id = calendar.id;
  if (!first || !last) throw new UserError(say(locale, "noData", { id }));
  if (requested === undefined) return { asOf: last.date, requested: null, note: null };
  // Dates as the user typed them stay ISO; the data's dates in the chat's format.
  const day = (d: IsoDate) => (locale ? locale.date(d) : d);
  if (requested > today) {
    throw new UserError(say(locale, "future", { requested, today: day(today), last: last.date }));
  }
  if (requested < first.date) {
    throw new UserError(say(locale, "beforeData", { requested, id, first: first.date }));
  }
  const session = barOnOrBefore(calendar.bars, requested) as { date: IsoDate };
  let note: string | null = null;
  if (requested > last.date) {
    note = say(locale, "dataEnds", { id, last: day(last.date), requested });
  } else if (session.date !== requested) {
    note = say(locale, "notSession", { requested, session: day(session.date) });
  }
  return { asOf: session.date, requested, note };
}
