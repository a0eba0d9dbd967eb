// The chat's language as the core sees it: translated message texts (from the translation files, through the
// i18n adapter) and numbers, percentages and dates formatted for that language (Intl). English formats numbers
// as the rest of riskon does ("+161%", "3,017.87") and writes dates as YYYY-MM-DD.
import { level, share, signed, signedPct, usd } from "./numbers.ts";

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
  /** A signed coefficient: "+0.42" (es: "+0,42"); "–" when missing. */
  signed(value: number | null, digits?: number): string;
  /** Dollars in short: "$1.23T", "$45.6B" (es, Intl's compact form: "1,23 B US$", "45,6 mil M US$"). */
  usd(value: number): string;
  /** A share from 0 to 1 as a percentage, whole by default: "40%", "40.2%" (es: "40 %", "40,2 %"); "–" when missing. */
  share(value: number | null, digits?: number): string;
  /** A plain number with `digits` decimals: "10,000", "0.030" (es: "10.000", "0,030"). */
  num(value: number, digits?: number): string;
}

/** `template` with each `{{name}}` replaced by `vars[name]`. */
export function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ""));
}

/**
 * Figures kept for a message, written for `locale`: numbers as plain numbers, ISO dates as its dates, null as
 * "–", other text as it is; `special` formats the named figures its own way (a level, a percentage).
 */
export function figuresIn(
  locale: Locale,
  figures: Readonly<Record<string, string | number | null | undefined>>,
  special: Readonly<Record<string, (value: number) => string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(figures)) {
    if (value === undefined) continue;
    const own = special[name];
    out[name] =
      value === null
        ? "–"
        : typeof value === "number"
          ? own
            ? own(value)
            : locale.num(value)
          : /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? locale.date(value)
            : value;
  }
  return out;
}

/**
 * The messages a core module writes itself: English beside its code (the i18n adapter adds them to the English
 * file under `namespace.`), other languages from the translation files. Without a locale, English.
 */
export function phrasebook<K extends string>(namespace: string, english: Readonly<Record<K, string>>) {
  return (locale: Locale | undefined, key: K, vars?: Vars): string =>
    locale && locale.language !== "en" ? locale.t(`${namespace}.${key}`, vars) : fill(english[key], vars);
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
      signed: (value, digits = 2) => signed(value, digits),
      usd,
      share,
      num: (value, digits = 0) =>
        value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    };
  }
  const dates = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const fixed = (value: number, digits: number, sign: boolean) =>
    new Intl.NumberFormat(language, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      ...(sign ? { signDisplay: "exceptZero" as const } : {}),
    }).format(value);
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
    signed: (value, digits = 2) =>
      value === null || !Number.isFinite(value) ? "–" : fixed(value, digits, true),
    usd: (value) =>
      new Intl.NumberFormat(language, {
        style: "currency",
        currency: "USD",
        notation: "compact",
        minimumFractionDigits: 0,
        maximumFractionDigits: value >= 1e12 ? 2 : 1,
      }).format(value),
    share: (value, digits = 0) =>
      value === null
        ? "–"
        : new Intl.NumberFormat(language, {
            style: "percent",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(value),
    num: (value, digits = 0) => fixed(value, digits, false),
  };
}
