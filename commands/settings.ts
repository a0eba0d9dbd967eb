// /settings: moderators set this chat's defaults: the index, comparison and range its answers use when a member
// does not give them, and the time zone /digest set uses when none is typed. Kept with the chat's schedules.
import { ASSET_CHOICES, CHOICE_LABELS, INDEX_CHOICES, RANGE_YEARS } from "../src/core/answers/catalog.ts";
import type { CommandDefinition, ParsedOptions, Reply } from "../src/core/answers/command.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { requireModerator } from "../src/core/answers/preconditions.ts";
import { UserError } from "../src/core/base/errors.ts";
import {
  type ChatSettings,
  DEFAULTABLE_OPTIONS,
  type DefaultableOption,
  LANGUAGE_NAMES,
  type Language,
} from "../src/core/schedules/chat-settings.ts";
import { validateTimeZone } from "../src/core/schedules/zoned-time.ts";

/** "" is "not given": a choice needs a default, and no setting is changed by what was not typed. */
const NOT_GIVEN = "";

function describe(settings: ChatSettings | null, l: Locale): string[] {
  if (!settings) return [l.t("settings.none")];
  const defaults = DEFAULTABLE_OPTIONS.flatMap((name) => {
    const value = settings.defaults[name];
    return value ? [`${name}:${value}`] : [];
  });
  return [
    l.t("settings.defaults", {
      defaults: defaults.length > 0 ? defaults.join(" ") : l.t("settings.noDefaults"),
    }),
    l.t("settings.timeZone", { zone: settings.timeZone ?? l.t("settings.noTimeZone") }),
    l.t("settings.language", { language: LANGUAGE_NAMES[settings.language ?? "en"] }),
  ];
}

const given = (options: ParsedOptions, name: string) =>
  options[name] !== undefined && options[name] !== NOT_GIVEN;

/** The settings after `/settings set …`: what was typed replaces what was there; the rest stays. */
function changed(
  existing: ChatSettings | null,
  options: ParsedOptions,
  target: Pick<ChatSettings, "platform" | "chatId">,
  l: Locale,
): Omit<ChatSettings, "updatedBy" | "updatedAt"> {
  const named = DEFAULTABLE_OPTIONS.filter((name) => given(options, name));
  if (named.length === 0 && options.timezone === undefined && !given(options, "language")) {
    throw new UserError(l.t("settings.nothing", { synopsis: settings.synopsis ?? "" }));
  }
  const defaults: Partial<Record<DefaultableOption, string>> = { ...existing?.defaults };
  for (const name of named) defaults[name] = options[name] as string;
  const timeZone = options.timezone !== undefined ? validateTimeZone(options.timezone) : existing?.timeZone;
  const language = given(options, "language") ? (options.language as Language) : existing?.language;
  return {
    ...target,
    defaults,
    ...(timeZone ? { timeZone } : {}),
    ...(language ? { language } : {}),
  };
}

function reply(title: string, lines: string[], data: Record<string, unknown>): Reply {
  return { title, lines, notes: [], sources: [], data: { command: "settings", ...data }, ephemeral: true };
}

const settings: CommandDefinition = {
  name: "settings",
  audience: "moderators",
  description: "Moderators: this chat's default index, comparison, range and digest time zone",
  synopsis: "/settings show|reset, /settings set [index:value] [vs:eth] [range:1y] [timezone:Europe/Berlin]",
  options: [
    {
      kind: "choice",
      name: "action",
      description: "show, set or reset",
      choices: ["show", "set", "reset"],
      default: "show",
    },
    {
      kind: "choice",
      name: "index",
      description: "Default Russell series",
      choices: Object.keys(INDEX_CHOICES),
      default: NOT_GIVEN,
      labels: CHOICE_LABELS.index,
    },
    {
      kind: "choice",
      name: "vs",
      description: "Default comparison",
      choices: Object.keys(ASSET_CHOICES),
      default: NOT_GIVEN,
      labels: CHOICE_LABELS.vs,
    },
    {
      kind: "choice",
      name: "range",
      description: "Default chart range",
      choices: Object.keys(RANGE_YEARS),
      default: NOT_GIVEN,
      labels: CHOICE_LABELS.range,
    },
    {
      kind: "choice",
      name: "language",
      description: "Language of the answers",
      choices: Object.keys(LANGUAGE_NAMES),
      default: NOT_GIVEN,
      labels: LANGUAGE_NAMES,
    },
    {
      kind: "timezone",
      name: "timezone",
      description: "Time zone for /digest set (Area/City)",
      aliases: ["tz"],
    },
  ],
  async run(context, options) {
    const { caller, store, target } = await requireModerator(context, "settings");
    const existing = await store.getChatSettings(target);
    const l = context.locale;
    if (options.action === "show")
      return reply(l.t("settings.title"), describe(existing, l), {
        action: "show",
        settings: existing,
        changed: false,
      });
    if (options.action === "reset") {
      const removed = await store.removeChatSettings(target);
      return reply(l.t("settings.reset"), describe(null, l), {
        action: "reset",
        settings: null,
        changed: removed,
      });
    }
    const saved: ChatSettings = {
      ...changed(existing, options, { platform: target.platform, chatId: target.chatId }, l),
      updatedBy: caller.userId,
      updatedAt: context.now,
    };
    await store.saveChatSettings(saved);
    // In the chat's language as it was when the command came (a new language applies from the next answer).
    return reply(l.t("settings.saved"), describe(saved, l), {
      action: "set",
      settings: saved,
      changed: true,
    });
  },
};

export default settings;
