// What the platforms say themselves (button labels, notices), in the chat's language, from the same
// translation files as the answers.
import type { Reply } from "../core/answers/command.ts";
import type { Locale } from "../core/answers/locale.ts";
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
