// Tick positions and labels, chosen here rather than by chart.js so that every axis shows a few round values:
// calendar boundaries on a date axis, 1-2-5 steps on a log axis, and round steps on a linear one.
import { fromEpochDay } from "../core/base/dates.ts";

export interface Tick {
  readonly value: number;
  readonly label: string;
}

const ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Short month names in a language ("ene", "feb", … in Spanish), from Intl; English as riskon always wrote them. */
export function monthNames(language = "en"): readonly string[] {
  if (language === "en") return ENGLISH_MONTHS;
  const format = new Intl.DateTimeFormat(language, { month: "short", timeZone: "UTC" });
  return ENGLISH_MONTHS.map((_, m) => format.format(new Date(Date.UTC(2020, m, 15))).replace(/\.$/, ""));
}

/**
 * Ticks on calendar boundaries between two epoch days: years, or months, or weeks for short ranges, with the
 * month names of `language`.
 */
export function dateTicks(fromDay: number, toDay: number, maxTicks: number, language?: string): Tick[] {
  const MONTHS = monthNames(language);
  const fromDate = fromEpochDay(fromDay);
  const toDate = fromEpochDay(toDay);
  const firstYear = Number(fromDate.slice(0, 4));
  const lastYear = Number(toDate.slice(0, 4));
  for (const step of [1, 2, 3, 6]) {
    const ticks: Tick[] = [];
    for (let year = firstYear; year <= lastYear; year++) {
      for (let month = 0; month < 12; month += step) {
        const day = epochDayOf(year, month, 1);
        if (day < fromDay || day > toDay) continue;
        ticks.push({ value: day, label: month === 0 ? String(year) : (MONTHS[month] as string) });
      }
    }
    if (ticks.length >= 2 && ticks.length <= maxTicks) return withYearOnFirst(ticks);
    if (ticks.length < 2 && step === 1) return weekTicks(fromDay, toDay, maxTicks, MONTHS);
  }
  for (const step of [1, 2, 5, 10, 20, 50]) {
    const ticks: Tick[] = [];
    for (let year = Math.ceil(firstYear / step) * step; year <= lastYear; year += step) {
      const day = epochDayOf(year, 0, 1);
      if (day >= fromDay && day <= toDay) ticks.push({ value: day, label: String(year) });
    }
    if (ticks.length <= maxTicks) return ticks;
  }
  return [];
}

/** Months before the first January tick would have no year: the first tick carries it. */
function withYearOnFirst(ticks: Tick[]): Tick[] {
  const first = ticks[0];
  if (!first || /^\d{4}$/.test(first.label)) return ticks;
  const year = fromEpochDay(first.value).slice(0, 4);
  return [{ value: first.value, label: `${first.label} ${year}` }, ...ticks.slice(1)];
}

function weekTicks(fromDay: number, toDay: number, maxTicks: number, MONTHS: readonly string[]): Tick[] {
  const span = Math.max(1, toDay - fromDay);
  const step = Math.max(1, Math.ceil(span / Math.max(1, maxTicks - 1) / 7)) * 7;
  const ticks: Tick[] = [];
  for (let day = fromDay; day <= toDay; day += step) {
    const date = fromEpochDay(day);
    ticks.push({ value: day, label: `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}` });
  }
  return ticks;
}

function epochDayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month, day) / 86_400_000);
}

export interface AxisRange {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

/** A log axis covering [low, high] with about 4 to 8 ticks at 1, 2, 5 (or denser) times powers of ten. */
export function logAxis(low: number, high: number): AxisRange {
  const min = low / 1.06;
  const max = high * 1.06;
  const candidates = [
    [1],
    [1, 2, 5],
    [1, 1.5, 2, 3, 5, 7],
    [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 4, 5, 6, 7, 8, 9],
  ];
  let best: number[] = [];
  for (const mantissas of candidates) {
    const ticks: number[] = [];
    for (let exp = Math.floor(Math.log10(min)); exp <= Math.ceil(Math.log10(max)); exp++) {
      for (const m of mantissas) {
        const value = Number((m * 10 ** exp).toPrecision(6));
        if (value >= min && value <= max) ticks.push(value);
      }
    }
    if (ticks.length > 9) {
      // Even powers of ten alone are too many: keep every second or third one.
      if (best.length === 0) best = thin(ticks, Math.ceil(ticks.length / 8));
      break;
    }
    best = ticks;
    if (ticks.length >= 4) break;
  }
  return { min, max, ticks: best };
}

function thin(values: readonly number[], every: number): number[] {
  return values.filter((_, i) => i % every === 0);
}

/** A linear axis over [low, high] widened to round ends, with about `count` ticks on a 1-2-2.5-5 step. */
export function linearAxis(low: number, high: number, count = 5): AxisRange {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(10)));
  return { min, max: ticks.at(-1) ?? max, ticks };
}

/** Short tick text: 950, 1,200, 12k, 1.5M; small values with up to two decimals; a true minus sign. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? "\u2212" : "";
  let text: string;
  if (abs >= 1e9) text = `${trim(abs / 1e9)}B`;
  else if (abs >= 1e6) text = `${trim(abs / 1e6)}M`;
  else if (abs >= 1e4) text = `${trim(abs / 1e3)}k`;
  else if (abs >= 1000) text = abs.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  else text = trim(abs);
  return text === "0" ? "0" : `${sign}${text}`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(value >= 100 ? 0 : 2)));
}
