// The sentences of the caveats riskon computes or quotes, kept as figures (a phrase) beside the English text, so
// each chat reads them in its own language with its own number format. What riskon quotes stays as published:
// a curated claim and its period label are the source's words.
import { type Locale, phrasebook } from "../answers/locale.ts";
import { share, usd } from "../answers/numbers.ts";

/** English here; other languages under `caveatText.` in the translation files. */
export const CAVEAT_TEXT_MESSAGES = {
  earnings:
    "{{share}} of Russell 2000 constituents with data had negative trailing 12-month earnings " +
    "({{negative}} of {{covered}}; {{missing}} of {{total}} without data), computed by riskon from {{source}}, " +
    "holdings as of {{asOf}}.",
  noConstituent: "no constituent had data",
  flows:
    "Small-cap ETF net flows ({{names}}), change in shares outstanding × NAV: {{ytd}}, {{d90}}, {{d30}}; " +
    "computed by riskon from {{sources}}, to {{date}}.",
  ytd: "year to date",
  d90: "90 days",
  d30: "30 days",
  window: "{{label}} {{usd}}",
  windowNa: "{{label}} n/a",
  windowFrom: "{{label}} {{usd}} (history only from {{from}})",
  reported: "{{claim}}, reported by {{name}} on {{date}} ({{period}} figure).{{link}}",
  reportedUndated:
    "{{claim}}, reported by {{name}} ({{period}} figure; publication date not recorded).{{link}}",
} as const;

const say = phrasebook("caveatText", CAVEAT_TEXT_MESSAGES);

export type PhraseValue = string | number | null;

/** A caveat sentence as figures: counts and amounts as numbers, dates ISO, names as published. */
export interface CaveatPhrase {
  readonly key: "earnings" | "flows" | "reported";
  readonly vars: Readonly<Record<string, PhraseValue>>;
}

/** "40.2%" (es: "40,2 %"). */
export function formatShare(value: number, locale?: Locale): string {
  return locale ? locale.share(value, 1) : share(value, 1);
}

/** "+$1.2B", "−$19.5B" (es: "+1,2 mil M US$"). */
export function signedUsd(value: number, locale?: Locale): string {
  if (value === 0) return locale ? locale.usd(0) : "$0";
  const amount = locale ? locale.usd(Math.abs(value)) : usd(Math.abs(value));
  return `${value < 0 ? "−" : "+"}${amount}`;
}

function formatters(locale: Locale | undefined) {
  return {
    count: (v: PhraseValue) =>
      typeof v === "number" ? (locale ? locale.num(v) : v.toLocaleString("en-US")) : "–",
    date: (v: PhraseValue) => (typeof v === "string" ? (locale ? locale.date(v) : v) : "–"),
    text: (v: PhraseValue) => (v === null ? "" : String(v)),
  };
}

function windowText(
  locale: Locale | undefined,
  label: "ytd" | "d90" | "d30",
  v: Readonly<Record<string, PhraseValue>>,
) {
  const amount = v[`${label}Usd`];
  const from = v[`${label}From`];
  const name = say(locale, label);
  if (typeof amount !== "number") return say(locale, "windowNa", { label: name });
  const usdText = signedUsd(amount, locale);
  return typeof from === "string"
    ? say(locale, "windowFrom", { label: name, usd: usdText, from: locale ? locale.date(from) : from })
    : say(locale, "window", { label: name, usd: usdText });
}

/** The sentence in `locale`'s language; English without one. */
export function phraseText(phrase: CaveatPhrase, locale?: Locale): string {
  const v = phrase.vars;
  const f = formatters(locale);
  switch (phrase.key) {
    case "earnings":
      return say(locale, "earnings", {
        share: typeof v.share === "number" ? formatShare(v.share, locale) : say(locale, "noConstituent"),
        negative: f.count(v.negative ?? null),
        covered: f.count(v.covered ?? null),
        missing: f.count(v.missing ?? null),
        total: f.count(v.total ?? null),
        source: f.text(v.source ?? null),
        asOf: f.date(v.asOf ?? null),
      });
    case "flows":
      return say(locale, "flows", {
        names: f.text(v.names ?? null),
        ytd: windowText(locale, "ytd", v),
        d90: windowText(locale, "d90", v),
        d30: windowText(locale, "d30", v),
        sources: f.text(v.sources ?? null),
        date: f.date(v.date ?? null),
      });
    case "reported": {
      const common = {
        claim: f.text(v.claim ?? null),
        name: f.text(v.name ?? null),
        period: f.text(v.period ?? null),
        link: typeof v.url === "string" ? ` ${v.url}` : "",
      };
      return typeof v.publishedOn === "string"
        ? say(locale, "reported", { ...common, date: f.date(v.publishedOn) })
        : say(locale, "reportedUndated", common);
    }
  }
}
