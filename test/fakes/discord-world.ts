// The servers, channels, roles and members the fake Discord knows, and Discord's permission algorithm over
// them (base permissions from @everyone and the member's roles, Administrator, then the channel's overwrites for
// @everyone, the member's roles and the member, in that order), as Discord documents it under "Permissions".
// The fake serves them in GUILD_CREATE, in REST answers and in each interaction's `member.permissions`.

export const P = {
  administrator: 1n << 3n,
  manageChannels: 1n << 4n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  mentionEveryone: 1n << 17n,
} as const;

const ALL = (1n << 53n) - 1n;

export interface WorldRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
  readonly mentionable: boolean;
}

/** type 0: a role's overwrite; type 1: a member's. */
export interface Overwrite {
  readonly id: string;
  readonly type: 0 | 1;
  readonly allow: bigint;
  readonly deny: bigint;
}

export interface WorldChannel {
  readonly id: string;
  readonly name: string;
  /** 0 text, 4 category. */
  readonly type: number;
  readonly overwrites: readonly Overwrite[];
}

export interface WorldUser {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

export interface WorldGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  /** The first is @everyone, whose id is the guild's. */
  readonly roles: WorldRole[];
  readonly channels: WorldChannel[];
  /** user id → the ids of the member's roles. */
  readonly members: Map<string, string[]>;
}

export class DiscordWorld {
  readonly guilds: WorldGuild[] = [];
  readonly users = new Map<string, WorldUser>();
  /** DM channel id → the user it is with. */
  readonly dms = new Map<string, string>();

  addUser(user: WorldUser): void {
    this.users.set(user.id, user);
  }

  guildOf(channelId: string): WorldGuild | undefined {
    return this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
  }

  channel(channelId: string): WorldChannel | undefined {
    return this.guildOf(channelId)?.channels.find((c) => c.id === channelId);
  }

  /** Discord's base permissions of a member: @everyone's and their roles', all of them for the owner or an admin. */
  basePermissions(guild: WorldGuild, userId: string): bigint {
    if (guild.ownerId === userId) return ALL;
    const roleIds = guild.members.get(userId) ?? [];
    let bits = guild.roles[0]?.permissions ?? 0n;
    for (const role of guild.roles) if (roleIds.includes(role.id)) bits |= role.permissions;
    return bits & P.administrator ? ALL : bits;
  }

  /** The member's permissions in a channel, overwrites applied. */
  permissionsIn(channelId: string, userId: string): bigint {
    const guild = this.guildOf(channelId);
    const channel = this.channel(channelId);
    if (!guild || !channel || !guild.members.has(userId)) return 0n;
    let bits = this.basePermissions(guild, userId);
    if (bits === ALL) return ALL;
    const roleIds = guild.members.get(userId) ?? [];
    const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
    if (everyone) bits = (bits & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const o of channel.overwrites) {
      if (o.type === 0 && o.id !== guild.id && roleIds.includes(o.id)) {
        allow |= o.allow;
        deny |= o.deny;
      }
    }
    bits = (bits & ~deny) | allow;
    const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId);
    if (own) bits = (bits & ~own.deny) | own.allow;
    return bits;
  }

  userPayload(userId: string): Record<string, unknown> {
    const user = this.users.get(userId);
    return {
      id: userId,
      username: user?.username ?? `user${userId.slice(-4)}`,
      discriminator: "0",
      global_name: null,
      avatar: null,
      public_flags: 0,
      ...(user?.bot ? { bot: true } : {}),
    };
  }

  memberPayload(guild: WorldGuild, userId: string): Record<string, unknown> {
    return {
      user: this.userPayload(userId),
      roles: guild.members.get(userId) ?? [],
      joined_at: "2026-01-04T20:21:10.139000+00:00",
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
    };
  }

  rolePayload(role: WorldRole, position: number): Record<string, unknown> {
    return {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: String(role.permissions),
      managed: false,
      mentionable: role.mentionable,
      flags: 0,
    };
  }

  channelPayload(guild: WorldGuild, channel: WorldChannel, position: number): Record<string, unknown> {
    return {
      id: channel.id,
      type: channel.type,
      guild_id: guild.id,
      name: channel.name,
      position,
      flags: 0,
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: String(o.allow),
        deny: String(o.deny),
      })),
    };
  }

  /** The GUILD_CREATE a bot gets for a server it is in, as Discord sends it with the Guilds intent. */
  guildCreate(guild: WorldGuild, botId: string): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: "en-US",
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: "2026-01-04T20:21:10.139000+00:00",
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      roles: guild.roles.map((role, i) => this.rolePayload(role, i)),
      channels: guild.channels.map((c, i) => {
        const { guild_id: _, ...rest } = this.channelPayload(guild, c, i);
        return rest;
      }),
      members: guild.members.has(botId) ? [this.memberPayload(guild, botId)] : [],
      emojis: [],
      stickers: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}
