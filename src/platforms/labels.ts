// What the platforms say themselves (button labels, notices), in the chat's language, from the same
// translation files as the answers.
import type { Reply } from "../core/answers/command.ts";
import type { Locale } from "../core/answers/locale.ts";
import type { Platform } from "../core/schedules/digest.ts";
import { localeFor } from "../i18n/index.ts";
import { type ButtonLabels, fromStamp } from "./answer-buttons.ts";

export function localeOfReply(reply: Pick<Reply, "language">): Locale {
  return localeFor(reply.language);
}

export function buttonLabels(locale: Locale): ButtonLabels {
  return {
    summary: locale.t("button.summary"),
    more: (page, pages) => locale.t("button.more", { page, pages }),
    csv: locale.t("button.csv"),
  };
}

/** A press under an answer whose data has moved on. */
export function staleNotice(locale: Locale, command: string, shownStamp: string, nowStamp: string): string {
  return locale.t("notice.stale", {
    command,
    shown: locale.date(fromStamp(shownStamp)),
    now: locale.date(fromStamp(nowStamp)),
  });
}

/** The language a chat's answers are in, as a Locale (English when it has none or the store fails). */
export async function chatLocale(
  app: { languageOf(platform: Platform, chatId: string): Promise<string> },
  platform: Platform,
  chatId: string,
): Promise<Locale> {
  return localeFor(await app.languageOf(platform, chatId).catch(() => "en"));
}

/** A user's own language from the client's tag ("es", "es-ES", "pt-br"): where there is no chat to ask. */
export function userLocale(tag: string | undefined): Locale {
  return localeFor(tag?.split("-")[0]);
}

/** A failure's one line for the chat: a refusal as the app wrote it, our own fault as the chat's apology. */
export function failureLine(
  failure: { readonly message: string; readonly internal: boolean },
  locale: Locale,
): string {
  return failure.internal ? locale.t("notice.apology") : failure.message;
}
