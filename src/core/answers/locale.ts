// The chat's language as the core sees it: translated message texts (from the translation files, through the
// i18n adapter) and numbers, percentages and dates formatted for that language (Intl). English formats numbers
// as the rest of riskon does ("+161%", "3,017.87") and writes dates as YYYY-MM-DD.
import { level, signedPct } from "./numbers.ts";

export type Vars = Readonly<Record<string, string | number>>;

export interface Locale {
  /** "en", "es". */
  readonly language: string;
  /** The message `key` in this language, with `{{name}}` filled from `vars`. */
  t(key: string, vars?: Vars): string;
  /** A signed percentage: "+161%", "-1.6%" (es: "+161 %", "-1,6 %"); "–" when missing. */
  pct(value: number | null, digits?: number): string;
  /** A price level: "3,017.87" (es: "3017,87"). */
  level(value: number): string;
  /** A calendar date: "2026-08-21" (es: "21 ago 2026"). */
  date(iso: string): string;
}

/** Formatters for a language; `t` comes from the translation files. */
export function localeOf(language: string, t: Locale["t"]): Locale {
  if (language === "en") {
    return {
      language,
      t,
      pct: (value, digits = 1) => signedPct(value, digits),
      level,
      date: (iso) => iso,
    };
  }
  const dates = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  return {
    language,
    t,
    pct: (value, digits = 1) =>
      value === null || !Number.isFinite(value)
        ? "–"
        : new Intl.NumberFormat(language, {
            style: "percent",
            signDisplay: "exceptZero",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(value / 100),
    level: (value) =>
      new Intl.NumberFormat(language, {
        minimumFractionDigits: value < 1000 ? 2 : 0,
        maximumFractionDigits: 2,
      }).format(value),
    date: (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? dates.format(new Date(`${iso}T00:00:00Z`)) : iso),
  };
}
