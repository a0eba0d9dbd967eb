// A chat's own defaults, set by its moderators with /settings and kept with its schedules: the options its
// answers use when the member does not give them (a server that always wants `value vs:eth`), and the time zone
// a digest is set in when none is typed.
import type { Target } from "./target.ts";

/** The command options a chat may set a default for (those of /russell and /altseason). */
export const DEFAULTABLE_OPTIONS = ["index", "vs", "range"] as const;
export type DefaultableOption = (typeof DEFAULTABLE_OPTIONS)[number];

/** The languages riskon's messages are translated into (src/i18n/locales), with their own names. */
export const LANGUAGE_NAMES = { en: "English", es: "Español" } as const;
export type Language = keyof typeof LANGUAGE_NAMES;

export interface ChatSettings extends Target {
  readonly defaults: Readonly<Partial<Record<DefaultableOption, string>>>;
  /** IANA zone for /digest set when none is typed. */
  readonly timeZone?: string;
  /** The language of the chat's answers (numbers and dates are formatted for it). */
  readonly language?: Language;
  readonly updatedBy: string;
  readonly updatedAt: number;
}
