// Who may change a Discord channel's digest or alerts, asked of Discord at the time of the change: the target
// must be in the server where the command was typed (from a DM only the DM itself), the member must have Manage
// Server or Manage Channels on that channel, the bot must be able to post there, and a role to mention must be
// that server's and mentionable by the bot. Nothing is cached: a member demoted a second ago is refused.
import {
  type ChatInputCommandInteraction,
  type Client,
  type Guild,
  type GuildBasedChannel,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
} from "discord.js";
import type { AuthorizedChange, ChangeRequest } from "../../core/answers/command.ts";
import type { Locale, Vars } from "../../core/answers/locale.ts";
import { UserError } from "../../core/base/errors.ts";
import { localeFor } from "../../i18n/index.ts";
import { escapeDiscordMarkdown } from "./discord-embed.ts";

/** What the bot needs in a channel to post a digest: see it, write, embed the summary, attach the chart. */
const POSTING: ReadonlyArray<readonly [bigint, string]> = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.EmbedLinks, "Embed Links"],
  [PermissionFlagsBits.AttachFiles, "Attach Files"],
];

/** Discord's JSON error codes the user can act on. */
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MEMBER = 10007;
const MISSING_ACCESS = 50001;

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** `<#123…>` or a bare id, as Discord's channel picker or a pasted id gives it. */
export function parseChannelRef(reference: string): string | null {
  const match = /^(?:<#(\d{15,21})>|(\d{15,21}))$/.exec(reference.trim());
  return match?.[1] ?? match?.[2] ?? null;
}

/** `<@&123…>` or a bare id, as Discord's role picker gives it. */
export function parseRoleRef(reference: string): string | null {
  const match = /^(?:<@&(\d{15,21})>|(\d{15,21}))$/.exec(reference.trim());
  return match?.[1] ?? match?.[2] ?? null;
}

/** The user's text, shortened and unable to format or ping (allowed_mentions forbids pings anyway). */
function quoted(text: string): string {
  const short = text.trim().slice(0, 40);
  return `"${escapeDiscordMarkdown(short).replace(/@/g, "@\u200b")}"`;
}

/** The refusal lines in the request's language (English without one). */
type Say = (key: string, vars?: Vars) => string;
function sayIn(locale: Locale | undefined): Say {
  const l = locale ?? localeFor("en");
  return (key, vars) => l.t(`moderation.discord.${key}`, vars);
}

async function fetchChannel(
  client: Client,
  id: string,
  written: string,
  say: Say,
): Promise<GuildBasedChannel> {
  try {
    const channel = await client.channels.fetch(id, { force: true });
    if (channel && !channel.isDMBased()) return channel;
  } catch (error) {
    if (codeOf(error) === UNKNOWN_CHANNEL) throw new UserError(say("noChannel", { channel: written }));
    if (codeOf(error) === MISSING_ACCESS) {
      throw new UserError(say("cannotSee", { channel: written }));
    }
    throw error;
  }
  throw new UserError(say("notServerChannel", { channel: written }));
}

async function fetchMember(guild: Guild, userId: string, say: Say): Promise<GuildMember> {
  try {
    return await guild.members.fetch({ user: userId, force: true });
  } catch (error) {
    if (codeOf(error) === UNKNOWN_MEMBER) {
      throw new UserError(say("notMember"));
    }
    throw error;
  }
}

/** Manage Server is a server-wide right (channel overwrites do not grant it); Manage Channels may be per channel. */
function moderates(member: GuildMember, channel: GuildBasedChannel): boolean {
  if (member.guild.ownerId === member.id) return true;
  if (member.permissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const here = channel.permissionsFor(member);
  return here?.has(PermissionFlagsBits.ManageChannels) ?? false;
}

function missingForPosting(permissions: Readonly<PermissionsBitField> | null): string[] {
  return POSTING.filter(([bit]) => !permissions?.has(bit)).map(([, name]) => name);
}

async function checkRole(
  guild: Guild,
  reference: string,
  botPermissions: Readonly<PermissionsBitField> | null,
  say: Say,
): Promise<string> {
  const id = parseRoleRef(reference);
  if (id === null) throw new UserError(say("notARole", { text: quoted(reference) }));
  if (id === guild.id) throw new UserError(say("noEveryone"));
  const roles = await guild.roles.fetch(undefined, { force: true });
  const role = roles.get(id);
  if (!role) throw new UserError(say("foreignRole"));
  if (!role.mentionable && !botPermissions?.has(PermissionFlagsBits.MentionEveryone)) {
    throw new UserError(say("cannotMention", { role: escapeDiscordMarkdown(role.name) }));
  }
  return id;
}

/** The authorization rule for one interaction; see the module comment. */
export function discordAuthorizer(
  client: Client,
  interaction: ChatInputCommandInteraction,
): (request: ChangeRequest) => Promise<AuthorizedChange> {
  return async ({ chatRef, roleRef, what, locale }) => {
    const say = sayIn(locale);
    const chatId = chatRef === undefined ? interaction.channelId : parseChannelRef(chatRef);
    if (chatId === null) throw new UserError(say("notAChannel", { text: quoted(chatRef ?? "") }));
    const guildId = interaction.guildId;
    if (!interaction.inGuild() || guildId === null) {
      // A DM: the user owns this conversation and nothing else.
      if (chatId !== interaction.channelId) {
        throw new UserError(say("fromDm", { what: what.replace(/^the /, "") }));
      }
      if (roleRef !== undefined) throw new UserError(say("rolesInServer"));
      return { chatId };
    }
    const guild = client.guilds.cache.get(guildId);
    if (!guild) throw new UserError(say("addMe"));
    const written = chatRef === undefined ? say("thisChannel") : `<#${chatId}>`;
    const channel = await fetchChannel(client, chatId, written, say);
    if (channel.guildId !== guildId) throw new UserError(say("otherServer", { channel: written }));
    const member = await fetchMember(guild, interaction.user.id, say);
    if (!moderates(member, channel)) throw new UserError(say("moderatorsOnly", { what, channel: written }));
    const me = await guild.members.fetchMe({ force: true });
    const botPermissions = channel.permissionsFor(me);
    const missing = missingForPosting(botPermissions);
    if (missing.length > 0) {
      throw new UserError(say("cannotPost", { channel: written, missing: missing.join(", ") }));
    }
    if (!channel.isSendable()) throw new UserError(say("noMessages", { channel: written }));
    if (roleRef === undefined) return { chatId };
    return { chatId, mentionRoleId: await checkRole(guild, roleRef, botPermissions, say) };
  };
}
