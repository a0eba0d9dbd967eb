// Renders a Reply as a Discord embed: title, the lines, the table in a code block, the notes, and the sources in
// the footer, all within Discord's embed limits.
import type { APIEmbed } from "discord.js";
import type { Reply } from "../../core/answers/command.ts";
import { renderTable, sourcesLine } from "../../core/answers/format.ts";
import { localeOfReply } from "../labels.ts";

export const EMBED_LIMITS = { title: 256, description: 4096, footer: 2048, total: 6000 } as const;
export const CHART_FILE = "chart.png";
const COLOR = 0x3b82f6;

/** Keeps Discord markdown from re-reading figures and names (`*`, `_`, `~`, `|`, `` ` ``, `\`). */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/([\\*_~|`>#])/g, "\\$1");
}

/** Discord shows `<t:seconds:F>` in each reader's own zone and language; `:R` as "in 5 hours". */
export function discordTimestamp(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<t:${seconds}:F> (<t:${seconds}:R>)`;
}

/** The reply's text escaped for Discord, each fixed-zone moment it declares replaced by a Discord timestamp. */
function discordText(text: string, instants: Reply["instants"]): string {
  let out = escapeDiscordMarkdown(text);
  for (const instant of instants ?? [])
    out = out.replaceAll(escapeDiscordMarkdown(instant.text), discordTimestamp(instant.epochMs));
  return out;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** `total`: the characters this embed may use of the message's 6,000 (a digest shares them among its answers). */
export function renderDiscordEmbed(
  reply: Reply,
  options: { withChart?: boolean; total?: number } = {},
): APIEmbed {
  const total = Math.min(options.total ?? EMBED_LIMITS.total, EMBED_LIMITS.total);
  const title = clip(reply.title, EMBED_LIMITS.title);
  const footer = clip(
    reply.sources.length > 0 ? sourcesLine(reply.sources, localeOfReply(reply)) : "",
    Math.min(EMBED_LIMITS.footer, Math.floor(total / 3)),
  );
  const head = reply.lines.map((line) => discordText(line, reply.instants)).join("\n");
  const table = reply.table
    ? `**${escapeDiscordMarkdown(reply.table.caption)}**\n\`\`\`\n${renderTable(reply.table)}\n\`\`\``
    : "";
  const notes = reply.notes.map((n) => `• ${discordText(n, reply.instants)}`).join("\n");
  // The status and the table matter most; the notes give way when the embed runs out of room.
  const room = Math.min(EMBED_LIMITS.description, total - title.length - footer.length);
  const fixed = [head, table].filter(Boolean).join("\n\n");
  let description = clip(fixed, room);
  if (notes && description.length + 2 < room)
    description = `${description}\n\n${clip(notes, room - description.length - 2)}`;
  return {
    title,
    color: COLOR,
    ...(description ? { description } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
    ...(options.withChart ? { image: { url: `attachment://${CHART_FILE}` } } : {}),
  };
}

/** The short first answer: the title, the brief's lines and the chart; the details are behind the buttons. */
export function renderDiscordBrief(reply: Reply, options: { withChart?: boolean } = {}): APIEmbed {
  const description = (reply.brief ?? reply.lines)
    .map((line) => discordText(line, reply.instants))
    .join("\n");
  return {
    title: clip(reply.title, EMBED_LIMITS.title),
    color: COLOR,
    description: clip(description, EMBED_LIMITS.description),
    footer: { text: localeOfReply(reply).t("discord.briefFooter") },
    ...(options.withChart ? { image: { url: `attachment://${CHART_FILE}` } } : {}),
  };
}

/** One part of the answer (a details button's), as an embed of its own; null when the answer has no such part. */
export function renderDiscordSection(reply: Reply, key: string): APIEmbed | null {
  const section = reply.sections?.find((s) => s.key === key);
  if (!section) return null;
  const title = clip(`${reply.title} · ${section.title}`, EMBED_LIMITS.title);
  const footer = section.withSources
    ? clip(sourcesLine(reply.sources, localeOfReply(reply)), EMBED_LIMITS.footer)
    : "";
  const parts = [
    section.lines.map((line) => discordText(line, reply.instants)).join("\n"),
    section.table
      ? `**${escapeDiscordMarkdown(section.table.caption)}**\n\`\`\`\n${renderTable(section.table)}\n\`\`\``
      : "",
    (section.after ?? []).map((line) => `• ${discordText(line, reply.instants)}`).join("\n"),
  ].filter(Boolean);
  const room = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - title.length - footer.length);
  return {
    title,
    color: COLOR,
    description: clip(parts.join("\n\n"), room),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}
