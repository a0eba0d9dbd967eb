// ISO calendar dates (YYYY-MM-DD) as plain strings: they sort and compare lexically, and carry no time zone.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export type IsoDate = string;

/** True for a real calendar date written as YYYY-MM-DD (2021-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === text;
}

// Epoch days by calendar arithmetic (H. Hinnant's days_from_civil and civil_from_days), without a Date: the
// statistics' baselines do this for every session and horizon. Anything but a plain YYYY-MM-DD with a month of
// 1-12 and a day of 1-31 goes through Date.parse as before (NaN for nonsense; a 30 February rolls over as Date does).

export function toEpochDay(date: IsoDate): number {
  const y0 = digits(date, 0, 4);
  const m = digits(date, 5, 2);
  const d = digits(date, 8, 2);
  if (
    date.length !== 10 ||
    y0 < 0 ||
    m < 1 ||
    m > 12 ||
    d < 1 ||
    d > 31 ||
    date[4] !== "-" ||
    date[7] !== "-"
  )
    return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The decimal number in `text` at [from, from + length), or -1 when a character there is not a digit. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    value = value * 10 + c;
  }
  return value;
}

export function fromEpochDay(day: number): IsoDate {
  // Years 0000-9999 only (what toISOString writes with four digits).
  if (!Number.isInteger(day) || day < -719_528 || day > 2_932_896)
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(y + years, m - 1, d));
  // 29 Feb plus one year lands on 1 Mar; clamp to 28 Feb so a range never starts after its anniversary.
  if (shifted.getUTCMonth() !== m - 1) shifted.setUTCDate(0);
  return shifted.toISOString().slice(0, 10);
}

export function utcDateOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}
