// The translations (i18next) behind the core's Locale port: one instance, the message files in locales/ loaded
// at start, English the fallback for a key a language lacks. A test checks that every language has every key.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n } from "i18next";
import { CHART_MESSAGES } from "../core/answers/chart-spec.ts";
import { ARG_MESSAGES } from "../core/answers/command-args.ts";
import { type Locale, localeOf, type Vars } from "../core/answers/locale.ts";
import { LANGUAGE_NAMES, type Language } from "../core/schedules/chat-settings.ts";
import { PROJECT_ROOT } from "../project-root.ts";

export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];

/** Read from the repository (src/i18n/locales), whether riskon runs as TypeScript or compiled to dist/. */
const DIR = join(PROJECT_ROOT, "src", "i18n", "locales");

/**
 * The messages of a language, as parsed JSON: its file, and for English also the messages the core writes itself
 * (the one-line refusals of bad options, `args.`; the chart's words, `chart.`).
 */
export function messagesOf(language: Language): Record<string, unknown> {
  const file = JSON.parse(readFileSync(join(DIR, `${language}.json`), "utf8")) as Record<string, unknown>;
  return language === "en" ? { ...file, args: { ...ARG_MESSAGES }, chart: { ...CHART_MESSAGES } } : file;
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
