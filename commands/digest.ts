// /digest: moderators schedule a daily digest (russell, altseason or both) into a chat, and manage it.
import type { CommandContext, CommandDefinition, ParsedOptions, Reply } from "../src/core/answers/command.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { type ModeratedTarget, requireModerator } from "../src/core/answers/preconditions.ts";
import type { ReplyInstant } from "../src/core/answers/reply.ts";
import { UserError } from "../src/core/base/errors.ts";
import {
  DIGEST_COMMANDS,
  type DigestContent,
  type DigestSchedule,
  type Theme,
} from "../src/core/schedules/digest.ts";
import { isUsTradingDay } from "../src/core/schedules/market-calendar.ts";
import { type DayRule, nextFire } from "../src/core/schedules/schedule.ts";
import {
  formatClockTime,
  parseClockTime,
  validateTimeZone,
  wallTimeAt,
} from "../src/core/schedules/zoned-time.ts";

/** `changed` tells the platform the answer confirms a saved change, so a lost answer must not say "try again". */
interface Described {
  readonly lines: string[];
  readonly instants: ReplyInstant[];
}

/** `changed` tells the platform the answer confirms a saved change, so a lost answer must not say "try again". */
function reply(
  title: string,
  body: string[] | Described,
  data: Record<string, unknown> & { changed: boolean },
): Reply {
  const { lines, instants } = Array.isArray(body) ? { lines: body, instants: [] } : body;
  return {
    title,
    lines,
    notes: [],
    sources: [],
    data: { command: "digest", ...data },
    ephemeral: true,
    ...(instants.length > 0 ? { instants } : {}),
  };
}

/** The schedule in the chat's language, and the moment of its next delivery (Discord shows it in each zone). */
function describeSchedule(s: DigestSchedule, now: number, l: Locale): Described {
  const setting = l.t("digest.setting", {
    time: formatClockTime(s.minuteOfDay),
    zone: s.timeZone,
    days: l.t(`digest.days.${s.days}`),
    content: s.content === "both" || s.content === "all" ? l.t(`digest.${s.content}`) : s.content,
    chart: l.t(`digest.theme.${s.theme}`),
    mention: s.mentionRoleId ? l.t("digest.mention", { role: `<@&${s.mentionRoleId}>` }) : "",
    topic: s.threadId ? l.t("digest.topic") : "",
  });
  if (s.paused) {
    const paused = l.t("digest.paused", { reason: s.pausedReason ? ` (${s.pausedReason})` : "" });
    return { lines: [setting, paused], instants: [] };
  }
  const next = nextFire(s, now, isUsTradingDay);
  const local = wallTimeAt(next.instant, s.timeZone);
  const when = l.t("digest.when", {
    date: l.date(local.date),
    time: formatClockTime(local.minuteOfDay),
    zone: s.timeZone,
    utc: new Date(next.instant).toISOString().slice(0, 16).replace("T", " "),
  });
  return {
    lines: [setting, l.t("digest.next", { when })],
    instants: [{ text: when, epochMs: next.instant }],
  };
}

/** What every action of /digest works on: the checked target, its schedule (if any) and the time. */
interface DigestAction {
  readonly context: CommandContext;
  readonly options: ParsedOptions;
  readonly moderated: ModeratedTarget;
  readonly existing: DigestSchedule | null;
  readonly now: number;
}

async function setDigest({ context, options, moderated, existing, now }: DigestAction): Promise<Reply> {
  const l = context.locale;
  const { caller, store, target, mentionRoleId, threadId } = moderated;
  // Without a zone typed, the chat's /settings time zone.
  const zone = options.timezone ?? (await store.getChatSettings(target))?.timeZone;
  if (options.time === undefined || zone === undefined) {
    throw new UserError(l.t("digest.usage"));
  }
  const minuteOfDay = parseClockTime(options.time);
  const timeZone = validateTimeZone(zone);
  const days = options.days as DayRule;
  // Same fire times as before (only content, theme or role changed): a digest that is due but not yet sent,
  // or waiting for a retry, still goes out. New fire times only count from now.
  const sameFires =
    existing !== null &&
    !existing.paused &&
    existing.minuteOfDay === minuteOfDay &&
    existing.timeZone === timeZone &&
    existing.days === days;
  const schedule: DigestSchedule = {
    platform: target.platform,
    chatId: target.chatId,
    minuteOfDay,
    timeZone,
    days,
    content: options.content as DigestContent,
    theme: options.theme as Theme,
    ...(mentionRoleId ? { mentionRoleId } : {}),
    ...(threadId ? { threadId } : {}),
    createdBy: caller.userId,
    paused: false,
    createdAt: existing?.createdAt ?? now,
    // Only fires after now: setting 08:00 at 09:00 does not post a digest for this morning.
    checkedUntil: sameFires ? Math.min(existing.checkedUntil, now) : now,
  };
  await store.saveSchedule(schedule);
  return reply(l.t(existing ? "digest.updated" : "digest.scheduled"), describeSchedule(schedule, now, l), {
    action: "set",
    changed: true,
    schedule,
  });
}

function showDigest({ context, existing, now }: DigestAction): Reply {
  const l = context.locale;
  if (!existing)
    return reply(l.t("digest.noneTitle"), [l.t("digest.noneLine")], {
      action: "show",
      schedule: null,
      changed: false,
    });
  return reply(l.t("digest.title"), describeSchedule(existing, now, l), {
    action: "show",
    schedule: existing,
    changed: false,
  });
}

async function pauseOrResume(
  { context, moderated, existing, now }: DigestAction,
  action: "pause" | "resume",
): Promise<Reply> {
  const l = context.locale;
  if (!existing) throw new UserError(l.t("digest.notSet"));
  const updated: DigestSchedule = {
    ...existing,
    paused: action === "pause",
    // Resuming starts from now: digests that fell in the pause are not sent late.
    checkedUntil: Math.max(existing.checkedUntil, now),
  };
  if (action === "resume") delete (updated as { pausedReason?: string }).pausedReason;
  await moderated.store.saveSchedule(updated);
  return reply(
    l.t(action === "pause" ? "digest.pausedTitle" : "digest.resumedTitle"),
    describeSchedule(updated, now, l),
    {
      action,
      schedule: updated,
      changed: true,
    },
  );
}

async function removeDigest({ context, moderated }: DigestAction): Promise<Reply> {
  const l = context.locale;
  const removed = await moderated.store.removeSchedule(moderated.target);
  return reply(
    l.t(removed ? "digest.removedTitle" : "digest.noneTitle"),
    [l.t(removed ? "digest.removedLine" : "digest.notRemovedLine")],
    { action: "remove", removed, changed: removed },
  );
}

/** The digest as it would be posted, to the moderator only. */
async function previewDigest({ context, options, existing }: DigestAction): Promise<Reply> {
  const content = existing?.content ?? (options.content as DigestContent);
  const names = DIGEST_COMMANDS[content];
  const [first, ...rest] = await Promise.all(names.map((name) => context.invoke(name, [])));
  if (!first) throw new UserError(context.locale.t("digest.nothingToPreview"));
  return {
    ...first,
    title: context.locale.t("digest.preview", { title: first.title }),
    lines: [...first.lines, ...rest.flatMap((r) => ["", r.title, ...r.lines])],
    sources: [...first.sources, ...rest.flatMap((r) => r.sources)],
    data: { ...first.data, changed: false },
    ephemeral: true,
  };
}

const digest: CommandDefinition = {
  name: "digest",
  audience: "moderators",
  description: "Moderators: schedule a daily digest in this chat",
  synopsis:
    "/digest set HH:MM Area/City [both|russell|altseason] [every|weekdays|market] [dark|light] [@channel], " +
    "/digest show|pause|resume|remove|preview",
  options: [
    {
      kind: "choice",
      name: "action",
      description: "What to do",
      choices: ["show", "set", "pause", "resume", "remove", "preview"],
      default: "show",
    },
    { kind: "time", name: "time", description: "Local time HH:MM (set)" },
    {
      kind: "timezone",
      name: "timezone",
      description: "IANA time zone, e.g. Europe/Berlin (set)",
      aliases: ["tz"],
    },
    {
      kind: "choice",
      name: "content",
      description: "What to post",
      choices: ["both", "russell", "altseason", "liquidity", "all"],
      default: "both",
    },
    {
      kind: "choice",
      name: "days",
      description: "Which days",
      choices: ["every", "weekdays", "market"],
      default: "every",
    },
    {
      kind: "choice",
      name: "theme",
      description: "Chart theme",
      choices: ["dark", "light"],
      default: "dark",
    },
    {
      kind: "chat",
      name: "channel",
      description: "Target chat or channel (default: this one)",
      aliases: ["chat"],
    },
    { kind: "role", name: "role", description: "Discord role to mention" },
  ],
  async run(context, options) {
    const moderated = await requireModerator(context, "digest", {
      ...(options.channel !== undefined ? { chatRef: options.channel } : {}),
      ...(options.action === "set" && options.role !== undefined ? { roleRef: options.role } : {}),
    });
    const existing = await moderated.store.getSchedule(moderated.target);
    const action = { context, options, moderated, existing, now: context.now };
    switch (options.action) {
      case "set":
        return setDigest(action);
      case "show":
        return showDigest(action);
      case "pause":
      case "resume":
        return pauseOrResume(action, options.action);
      case "remove":
        return removeDigest(action);
      case "preview":
        return previewDigest(action);
      default:
        throw new UserError(`unknown action ${options.action}`);
    }
  },
};

export default digest;
