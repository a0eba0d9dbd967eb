// The translations (i18next) behind the core's Locale port: one instance, the message files in locales/ loaded
// at start, English the fallback for a key a language lacks. A test checks that every language has every key.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n } from "i18next";
import { LEGEND_MESSAGES } from "../core/altcoins/market-cap.ts";
import { SEASON_MESSAGES } from "../core/altcoins/season-index.ts";
import { SENSITIVITY_MESSAGES } from "../core/analytics/sensitivity.ts";
import { ANALOG_MESSAGES } from "../core/answers/analog-text.ts";
import { AS_OF_MESSAGES } from "../core/answers/as-of.ts";
import { CATALOG_MESSAGES } from "../core/answers/catalog.ts";
import { CHART_MESSAGES } from "../core/answers/chart-spec.ts";
import { CLAIM_MESSAGES } from "../core/answers/claims.ts";
import { ARG_MESSAGES } from "../core/answers/command-args.ts";
import { FORMAT_MESSAGES } from "../core/answers/format.ts";
import { type Locale, localeOf, type Vars } from "../core/answers/locale.ts";
import { CAVEAT_TEXT_MESSAGES } from "../core/evidence/caveat-text.ts";
import { EVIDENCE_MESSAGES } from "../core/evidence/evidence.ts";
import { SEGMENT_MESSAGES } from "../core/history/segments.ts";
import { ALERT_MESSAGES } from "../core/schedules/alerts.ts";
import { LANGUAGE_NAMES, type Language } from "../core/schedules/chat-settings.ts";
import { PROJECT_ROOT } from "../project-root.ts";

export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];

/** Read from the repository (src/i18n/locales), whether riskon runs as TypeScript or compiled to dist/. */
const DIR = join(PROJECT_ROOT, "src", "i18n", "locales");

/**
 * The messages of a language, as parsed JSON: its file, and for English also the messages the core writes itself
 * (the one-line refusals of bad options, `args.`; the chart's words, `chart.`; the after-breakout figures,
 * `analog.`; sources and data dates, `format.`; joined series, `segments.`; the rule sensitivity, `sensitivity.`;
 * the altcoin legend, `legend.`; the series' definitions, `catalog.`; the words around the caveats, `evidence.`; as-of notes, `asOf.`; the claims and their methods, `claim.`; breakout and altseason alerts, `alert.`; why there is no season index, `season.`; the caveats' sentences, `caveatText.`).
 */
const CORE_MESSAGES = {
  args: ARG_MESSAGES,
  chart: CHART_MESSAGES,
  analog: ANALOG_MESSAGES,
  format: FORMAT_MESSAGES,
  segments: SEGMENT_MESSAGES,
  sensitivity: SENSITIVITY_MESSAGES,
  legend: LEGEND_MESSAGES,
  catalog: CATALOG_MESSAGES,
  evidence: EVIDENCE_MESSAGES,
  asOf: AS_OF_MESSAGES,
  claim: CLAIM_MESSAGES,
  alert: ALERT_MESSAGES,
  season: SEASON_MESSAGES,
  caveatText: CAVEAT_TEXT_MESSAGES,
};

export function messagesOf(language: Language): Record<string, unknown> {
  const file = JSON.parse(readFileSync(join(DIR, `${language}.json`), "utf8")) as Record<string, unknown>;
  return language === "en" ? { ...file, ...structuredClone(CORE_MESSAGES) } : file;
}

let instance: i18n | null = null;

function translations(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: messagesOf(l) }])),
      lng: "en",
      fallbackLng: "en",
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      // No banner on the console at start.
      showSupportNotice: false,
    });
  }
  return instance;
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export type { Language };

const locales = new Map<string, Locale>();

/** The Locale of a language riskon has (English for any other). */
export function localeFor(language: string | undefined): Locale {
  const lang: Language = language && isLanguage(language) ? language : "en";
  let locale = locales.get(lang);
  if (!locale) {
    const t = translations().getFixedT(lang);
    locale = localeOf(lang, (key: string, vars?: Vars) => t(key, vars ?? {}));
    locales.set(lang, locale);
  }
  return locale;
}
