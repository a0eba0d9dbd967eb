// /settings: moderators set this chat's defaults: the index, comparison and range its answers use when a member
// does not give them, and the time zone /digest set uses when none is typed. Kept with the chat's schedules.
import { ASSET_CHOICES, CHOICE_LABELS, INDEX_CHOICES, RANGE_YEARS } from "../src/core/answers/catalog.ts";
import type { CommandDefinition, Reply } from "../src/core/answers/command.ts";
import { requireModerator } from "../src/core/answers/preconditions.ts";
import { UserError } from "../src/core/base/errors.ts";
import {
  type ChatSettings,
  DEFAULTABLE_OPTIONS,
  type DefaultableOption,
} from "../src/core/schedules/chat-settings.ts";
import { validateTimeZone } from "../src/core/schedules/zoned-time.ts";

/** "" is "not given": a choice needs a default, and no setting is changed by what was not typed. */
const NOT_GIVEN = "";

function describe(settings: ChatSettings | null): string[] {
  if (!settings) return ["No settings here: answers use each command's own defaults."];
  const defaults = DEFAULTABLE_OPTIONS.flatMap((name) => {
    const value = settings.defaults[name];
    return value ? [`${name}:${value}`] : [];
  });
  return [
    `Defaults for this chat's answers: ${defaults.length > 0 ? defaults.join(" ") : "none"} (what a member types wins).`,
    `Digest time zone: ${settings.timeZone ?? "none (type it in /digest set)"}.`,
  ];
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
      kind: "timezone",
      name: "timezone",
      description: "Time zone for /digest set (Area/City)",
      aliases: ["tz"],
    },
  ],
  async run(context, options) {
    const { caller, store, target } = await requireModerator(context, "this chat's settings");
    const existing = await store.getChatSettings(target);
    if (options.action === "show")
      return reply("Settings", describe(existing), { action: "show", settings: existing, changed: false });
    if (options.action === "reset") {
      const removed = await store.removeChatSettings(target);
      return reply("Settings reset", describe(null), { action: "reset", settings: null, changed: removed });
    }
    const given = DEFAULTABLE_OPTIONS.filter(
      (name) => options[name] !== undefined && options[name] !== NOT_GIVEN,
    );
    if (given.length === 0 && options.timezone === undefined) {
      throw new UserError(`nothing to set: give index, vs, range or timezone (${settings.synopsis})`);
    }
    const defaults: Partial<Record<DefaultableOption, string>> = { ...existing?.defaults };
    for (const name of given) defaults[name] = options[name] as string;
    const timeZone = options.timezone !== undefined ? validateTimeZone(options.timezone) : existing?.timeZone;
    const saved: ChatSettings = {
      platform: target.platform,
      chatId: target.chatId,
      defaults,
      ...(timeZone ? { timeZone } : {}),
      updatedBy: caller.userId,
      updatedAt: context.now,
    };
    await store.saveChatSettings(saved);
    return reply("Settings saved", describe(saved), { action: "set", settings: saved, changed: true });
  },
};

export default settings;
