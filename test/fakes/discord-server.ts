// A local fake of Discord for the real discord.js: REST under /api/v10 (gateway info, interaction callbacks,
// webhook edits with multipart files, command registration) and a gateway WebSocket (HELLO, IDENTIFY → READY,
// heartbeat ACK, RESUME → RESUMED) through which the test dispatches INTERACTION_CREATE, and which can close the
// connection with Discord's close codes (4004 for a token that no longer works, 4014 for disallowed intents).
// Interaction shapes follow the recorded payloads in ../shared/formats/discord (vercel/chat replay fixtures).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { DiscordWorld, P, type WorldGuild } from "./discord-world.ts";

export const FAKE_DISCORD_TOKEN = "MTQ1NzQ2OTQ4MzcyNjY2ODA0OA.fake.token-for-tests";
export const APP_ID = "1457469483726668048";
export const GUILD_ID = "1457468924290662599";
export const CHANNEL_ID = "1457510428359004343";
export const USER_ID = "1033044521375764530";
/** The server's owner in the default world; nobody the tests act as. */
export const OWNER_ID = "1033044521375760001";
/** The DM channel between USER_ID and the bot. */
export const DM_CHANNEL_ID = "1457510428359009999";
/** What @everyone may do in the default server: see, write, embed, attach. */
export const EVERYONE_PERMISSIONS = P.viewChannel | P.sendMessages | P.embedLinks | P.attachFiles;

/** One server (GUILD_ID) with one text channel (CHANNEL_ID); USER_ID a plain member; the bot in it. */
export function defaultWorld(): DiscordWorld {
  const world = new DiscordWorld();
  world.addUser({ id: USER_ID, username: "testuser2384" });
  world.addUser({ id: APP_ID, username: "riskon", bot: true });
  world.dms.set(DM_CHANNEL_ID, USER_ID);
  world.guilds.push({
    id: GUILD_ID,
    name: "Test server",
    ownerId: OWNER_ID,
    roles: [{ id: GUILD_ID, name: "@everyone", permissions: EVERYONE_PERMISSIONS, mentionable: false }],
    channels: [{ id: CHANNEL_ID, name: "general", type: 0, overwrites: [] }],
    members: new Map([
      [USER_ID, []],
      [APP_ID, []],
      [OWNER_ID, []],
    ]),
  });
  return world;
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RecordedRequest {
  readonly method: string;
  /** Without the /api/v10 prefix and the query. */
  readonly path: string;
  readonly query: string;
  readonly body: Record<string, unknown> | unknown[] | null;
  readonly files: ReadonlyArray<{ readonly field: string; readonly name: string; readonly isPng: boolean }>;
  readonly at: number;
}

export interface InteractionInit {
  readonly name: string;
  readonly options?: Record<string, string>;
  /** Decimal permission string of the member; default: computed from the world. */
  readonly permissions?: string;
  /** A DM with the bot instead of a guild channel. */
  readonly dm?: boolean;
  /** Who types it (default USER_ID) and where (default CHANNEL_ID; in a DM, DM_CHANNEL_ID). */
  readonly userId?: string;
  readonly channelId?: string;
  /** An autocomplete request (type 4) for this option, with what is typed so far as its value. */
  readonly focused?: string;
}

/** A message the fake created in a channel (POST /channels/:id/messages). */
export interface PostedMessage {
  readonly id: string;
  readonly channelId: string;
  readonly body: Record<string, unknown>;
  readonly files: RecordedRequest["files"];
}

/** An interaction's answer as Discord keeps it: what a button press under it carries and edits. */
export interface AnswerMessage {
  readonly id: string;
  readonly channelId: string;
  body: Record<string, unknown>;
  files: RecordedRequest["files"];
  readonly flags: number;
  edits: number;
}

export interface ButtonInit {
  readonly customId: string;
  /** The answer message the button is under. */
  readonly messageId: string;
  readonly userId?: string;
  /** Decimal permission string of the member; default: computed from the world. */
  readonly permissions?: string;
}

/** A gateway close: Discord's code and reason. */
export interface GatewayClose {
  readonly code: number;
  readonly reason: string;
}

/** Discord's close for an IDENTIFY or RESUME with a token that does not (or no longer) work. */
export const AUTHENTICATION_FAILED: GatewayClose = { code: 4004, reason: "Authentication failed." };
/** Discord's close for an IDENTIFY asking for privileged intents the application is not allowed. */
export const DISALLOWED_INTENTS: GatewayClose = { code: 4014, reason: "Disallowed intent(s)." };

export class FakeDiscordServer {
  readonly requests: RecordedRequest[] = [];
  /** Messages created in channels; a repeated nonce with enforce_nonce creates none, as Discord does. */
  readonly posted: PostedMessage[] = [];
  readonly identifies: unknown[] = [];
  /** RESUME payloads received (after a dropped connection). */
  readonly resumes: unknown[] = [];
  /** When set, every IDENTIFY and RESUME is answered by closing the connection this way. */
  refuseSessions: GatewayClose | null = null;
  /** Interaction answers by message id; which message each interaction token's @original is. */
  readonly answers = new Map<string, AnswerMessage>();
  private readonly originals = new Map<string, string>();
  /** The channel each interaction token was used in. */
  private readonly tokenChannels = new Map<string, string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly listeners = new Set<() => void>();
  private sequence = 1;
  private nextId = 1457536583141163186n;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly world: DiscordWorld,
  ) {}

  static async start(world: DiscordWorld = defaultWorld()): Promise<FakeDiscordServer> {
    let fake: FakeDiscordServer | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    const wss = new WebSocketServer({ server, path: "/gateway" });
    fake = new FakeDiscordServer(server, wss, world);
    wss.on("connection", (socket) => fake?.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  private get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** For DISCORD_API_BASE / the client's `rest.api`. */
  get apiBase(): string {
    return `http://${this.origin}/api`;
  }

  get connected(): number {
    return this.sockets.size;
  }

  /** Sends a slash-command interaction (type 2) to every connected client; returns its token. */
  dispatchCommand(init: InteractionInit): string {
    const interaction = this.commandInteraction(init);
    this.dispatch("INTERACTION_CREATE", interaction);
    return interaction.token;
  }

  /**
   * A slash-command interaction (type 2; type 4 with a focused option) as Discord sends it, over the gateway or
   * to an HTTP interactions endpoint.
   */
  commandInteraction(init: InteractionInit) {
    const id = String(this.nextId++);
    const token = `interaction-token-${id}`;
    const userId = init.userId ?? USER_ID;
    const user = { ...this.world.userPayload(userId), global_name: "Test User" };
    const options = Object.entries(init.options ?? {}).map(([name, value]) => ({
      name,
      type: name === "channel" ? 7 : name === "role" ? 8 : 3,
      value,
      ...(name === init.focused ? { focused: true } : {}),
    }));
    const channelId = init.channelId ?? (init.dm ? DM_CHANNEL_ID : CHANNEL_ID);
    this.tokenChannels.set(token, channelId);
    const guild = init.dm ? undefined : this.world.guildOf(channelId);
    const guildId = guild?.id ?? GUILD_ID;
    const channelName = this.world.channel(channelId)?.name ?? "general";
    const permissions = init.permissions ?? String(this.world.permissionsIn(channelId, userId));
    const interaction = {
      app_permissions: String(this.world.permissionsIn(channelId, APP_ID) || 2248473465835073n),
      application_id: APP_ID,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { "0": guildId },
      channel_id: channelId,
      context: init.dm ? 1 : 0,
      data: {
        id: "1457470000000000000",
        name: init.name,
        type: 1,
        ...(options.length > 0 ? { options } : {}),
        ...(init.dm ? {} : { guild_id: guildId }),
      },
      entitlement_sku_ids: [],
      entitlements: [],
      id,
      locale: "en-US",
      token,
      type: init.focused ? 4 : 2,
      version: 1,
      ...(init.dm
        ? { channel: { id: channelId, type: 1, flags: 0 }, user }
        : {
            channel: {
              flags: 0,
              guild_id: guildId,
              id: channelId,
              name: channelName,
              permissions,
              type: 0,
            },
            guild: { features: [], id: guildId, locale: "en-US" },
            guild_id: guildId,
            guild_locale: "en-US",
            member: {
              avatar: null,
              deaf: false,
              flags: 0,
              joined_at: "2026-01-04T20:21:10.139000+00:00",
              mute: false,
              nick: null,
              pending: false,
              permissions,
              roles: guild?.members.get(userId) ?? [],
              user,
            },
          }),
    };
    return interaction;
  }

  /** The answer message an interaction's token has made (its @original), if any. */
  answerOf(token: string): AnswerMessage | undefined {
    const id = this.originals.get(token);
    return id === undefined ? undefined : this.answers.get(id);
  }

  /**
   * A press on a button under an answer (type 3, component_type 2, as the recorded buttonClick payload), carrying
   * that message as it is now; returns the press's token.
   */
  dispatchButton(init: ButtonInit): string {
    const interaction = this.buttonInteraction(init);
    this.dispatch("INTERACTION_CREATE", interaction);
    return interaction.token;
  }

  /** A press as Discord sends it (type 3), over the gateway or to an HTTP interactions endpoint. */
  buttonInteraction(init: ButtonInit) {
    const message = this.answers.get(init.messageId);
    if (!message) throw new Error(`no answer message ${init.messageId}`);
    const id = String(this.nextId++);
    const token = `interaction-token-${id}`;
    const userId = init.userId ?? USER_ID;
    const user = { ...this.world.userPayload(userId), global_name: "Test User" };
    const channelId = message.channelId;
    this.tokenChannels.set(token, channelId);
    const dmUser = this.world.dms.get(channelId);
    const guild = dmUser === undefined ? this.world.guildOf(channelId) : undefined;
    const permissions = init.permissions ?? String(this.world.permissionsIn(channelId, userId));
    // Until the press is answered with a new message (type 4 or 5), its @original is the pressed message.
    this.originals.set(token, message.id);
    const where = guild
      ? {
          channel: { flags: 0, guild_id: guild.id, id: channelId, name: "general", permissions, type: 0 },
          guild: { features: [], id: guild.id, locale: "en-US" },
          guild_id: guild.id,
          guild_locale: "en-US",
          member: {
            avatar: null,
            deaf: false,
            flags: 0,
            joined_at: "2026-01-04T20:21:10.139000+00:00",
            mute: false,
            nick: null,
            pending: false,
            permissions,
            roles: guild.members.get(userId) ?? [],
            user,
          },
        }
      : { channel: { id: channelId, type: 1, flags: 0 }, user };
    return {
      app_permissions: "2248473465835073",
      application_id: APP_ID,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { "0": guild?.id ?? GUILD_ID },
      channel_id: channelId,
      context: guild ? 0 : 1,
      data: { component_type: 2, custom_id: init.customId, id: 2 },
      entitlement_sku_ids: [],
      entitlements: [],
      id,
      locale: "en-US",
      message: this.messagePayload(message),
      token,
      type: 3,
      version: 1,
      ...where,
    };
  }

  private messagePayload(m: AnswerMessage): Record<string, unknown> {
    return {
      attachments: m.files.map((f, i) => ({
        id: String(i),
        filename: f.name,
        size: 1,
        url: `https://cdn/${f.name}`,
      })),
      author: {
        avatar: null,
        bot: true,
        discriminator: "0",
        global_name: null,
        id: APP_ID,
        username: "riskon",
      },
      channel_id: m.channelId,
      components: m.body.components ?? [],
      content: m.body.content ?? "",
      edited_timestamp: m.edits > 0 ? "2026-11-21T00:00:09.000000+00:00" : null,
      embeds: m.body.embeds ?? [],
      flags: m.flags,
      id: m.id,
      mention_everyone: false,
      mention_roles: [],
      mentions: [],
      pinned: false,
      timestamp: "2026-11-21T00:00:01.000000+00:00",
      tts: false,
      type: 20,
    };
  }

  /** Stores an interaction's answer (a new one, or an edit of its @original) and returns it as Discord would. */
  private answerMessage(token: string, body: RecordedRequest["body"], files: RecordedRequest["files"]) {
    const channelId = this.tokenChannels.get(token) ?? CHANNEL_ID;
    const payload = (body ?? {}) as Record<string, unknown>;
    const id = this.originals.get(token);
    const existing = id === undefined ? undefined : this.answers.get(id);
    if (existing) {
      existing.body = { ...existing.body, ...payload };
      // `attachments: []` with new files replaces them; without files the old ones stay.
      if (files.length > 0 || Array.isArray(payload.attachments)) existing.files = files;
      existing.edits++;
      return this.messagePayload(existing);
    }
    const created: AnswerMessage = {
      id: String(this.nextId++),
      channelId,
      body: payload,
      files,
      flags: Number(payload.flags ?? 0),
      edits: 0,
    };
    this.answers.set(created.id, created);
    this.originals.set(token, created.id);
    return this.messagePayload(created);
  }

  /**
   * Closes every gateway connection from the server side with `close`: a fatal code (4004, 4014) ends the session
   * for good; another (4000 unknown error, by default) makes the client reconnect and RESUME.
   */
  closeGateway(close: GatewayClose = { code: 4000, reason: "Unknown error." }): void {
    for (const socket of this.sockets) socket.close(close.code, close.reason);
  }

  requestsFor(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(token));
  }

  waitFor(predicate: (requests: RecordedRequest[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this.requests)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.requests)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`timed out; requests: ${this.requests.map((r) => `${r.method} ${r.path}`).join(", ")}`),
        );
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The REST routes over the world: channels, members, roles and guilds as the bot may see them, and messages
   * posted into channels. Returns true when it answered.
   */
  private routeWorld(
    method: string,
    path: string,
    body: RecordedRequest["body"],
    files: RecordedRequest["files"],
    json: (status: number, payload: unknown) => void,
    message: () => Record<string, unknown>,
  ): boolean {
    const { world } = this;
    const channelMatch = /^\/channels\/(\d+)(\/messages)?$/.exec(path);
    if (channelMatch) {
      const channelId = channelMatch[1] ?? "";
      const guild = world.guildOf(channelId);
      const dmUser = world.dms.get(channelId);
      if (!guild && dmUser === undefined) {
        json(404, missing(10003, "Unknown Channel"));
        return true;
      }
      const botBits = guild ? world.permissionsIn(channelId, APP_ID) : P.viewChannel | P.sendMessages;
      if (!(botBits & P.viewChannel)) {
        json(403, missing(50001, "Missing Access"));
        return true;
      }
      if (method === "GET" && !channelMatch[2]) {
        const channel = world.channel(channelId);
        if (guild && channel) json(200, world.channelPayload(guild, channel, 0));
        else json(200, { id: channelId, type: 1, recipients: [world.userPayload(dmUser ?? "")], flags: 0 });
        return true;
      }
      if (method === "POST" && channelMatch[2]) {
        if (!(botBits & P.sendMessages)) {
          json(403, missing(50013, "Missing Permissions"));
          return true;
        }
        const payload = (body ?? {}) as Record<string, unknown>;
        const nonce = payload.nonce;
        const earlier =
          payload.enforce_nonce === true && nonce !== undefined
            ? this.posted.find((m) => m.channelId === channelId && m.body.nonce === nonce)
            : undefined;
        if (earlier) {
          json(200, { ...message(), id: earlier.id, channel_id: channelId });
          return true;
        }
        const created: Record<string, unknown> = { ...message(), channel_id: channelId };
        this.posted.push({ id: String(created.id), channelId, body: payload, files });
        json(200, created);
        return true;
      }
    }
    const guildMatch = /^\/guilds\/(\d+)(?:\/(members|roles)(?:\/(\d+))?)?$/.exec(path);
    if (guildMatch && method === "GET") {
      const guild = world.guilds.find((g) => g.id === guildMatch[1]);
      if (!guild?.members.has(APP_ID)) {
        json(guild ? 403 : 404, guild ? missing(50001, "Missing Access") : missing(10004, "Unknown Guild"));
        return true;
      }
      const [, , part, memberId] = guildMatch;
      if (part === "roles") {
        json(
          200,
          guild.roles.map((role, i) => world.rolePayload(role, i)),
        );
      } else if (part === "members" && memberId !== undefined) {
        if (guild.members.has(memberId)) json(200, world.memberPayload(guild, memberId));
        else json(404, missing(10007, "Unknown Member"));
      } else if (part === undefined) {
        const { channels: _c, members: _m, ...rest } = world.guildCreate(guild, APP_ID);
        json(200, rest);
      } else {
        return false;
      }
      return true;
    }
    return false;
  }

  private botGuilds(): WorldGuild[] {
    return this.world.guilds.filter((g) => g.members.has(APP_ID));
  }

  private dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: this.sequence++, d });
    for (const socket of this.sockets) socket.send(frame);
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    socket.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if ((frame.op === 2 || frame.op === 6) && this.refuseSessions) {
        (frame.op === 2 ? this.identifies : this.resumes).push(frame.d);
        socket.close(this.refuseSessions.code, this.refuseSessions.reason);
        return;
      }
      if (frame.op === 6) {
        this.resumes.push(frame.d);
        socket.send(JSON.stringify({ op: 0, t: "RESUMED", s: this.sequence++, d: {} }));
      }
      if (frame.op === 2) {
        this.identifies.push(frame.d);
        const ready = {
          v: 10,
          user: {
            id: APP_ID,
            username: "riskon",
            discriminator: "0",
            global_name: null,
            avatar: null,
            bot: true,
            flags: 0,
          },
          guilds: this.botGuilds().map((g) => ({ id: g.id, unavailable: true })),
          session_id: "fake-session-1",
          session_type: "normal",
          resume_gateway_url: `ws://${this.origin}/gateway`,
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
          private_channels: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        };
        socket.send(JSON.stringify({ op: 0, t: "READY", s: this.sequence++, d: ready }));
        for (const guild of this.botGuilds()) {
          const d = this.world.guildCreate(guild, APP_ID);
          socket.send(JSON.stringify({ op: 0, t: "GUILD_CREATE", s: this.sequence++, d }));
        }
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const raw = await readBody(req);
    const { body, files } = await parseBody(req.headers["content-type"] ?? "", raw);
    const method = req.method ?? "GET";
    this.requests.push({ method, path, query: url.search, body, files, at });
    for (const listener of [...this.listeners]) listener();
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const authorised = req.headers.authorization === `Bot ${FAKE_DISCORD_TOKEN}`;
    const message = () => ({
      id: String(this.nextId++),
      type: 20,
      channel_id: CHANNEL_ID,
      application_id: APP_ID,
      author: {
        id: APP_ID,
        username: "riskon",
        discriminator: "0",
        bot: true,
        avatar: null,
        global_name: null,
      },
      content: (body as { content?: string } | null)?.content ?? "",
      timestamp: "2026-11-21T00:00:01.000000+00:00",
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: files.map((f, i) => ({
        id: String(i),
        filename: f.name,
        size: 1,
        url: `https://cdn/${f.name}`,
      })),
      embeds: (body as { embeds?: unknown[] } | null)?.embeds ?? [],
      pinned: false,
      flags: (body as { flags?: number } | null)?.flags ?? 0,
    });
    if (method === "GET" && path === "/gateway/bot") {
      if (!authorised) return json(401, { message: "401: Unauthorized", code: 0 });
      return json(200, {
        url: `ws://${this.origin}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/users/@me") {
      if (!authorised) return json(401, { message: "401: Unauthorized", code: 0 });
      return json(200, { id: APP_ID, username: "riskon", discriminator: "0", bot: true, avatar: null });
    }
    const world = this.routeWorld(method, path, body, files, json, message);
    if (world) return;
    const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && callback) {
      const token = callback[1] ?? "";
      const type = (body as { type?: number } | null)?.type;
      const data = (body as { data?: Record<string, unknown> } | null)?.data ?? {};
      // A press answered with a message of its own: its @original is that message from now on.
      if (type === 4 || type === 5) this.originals.delete(token);
      if (type === 4) this.answerMessage(token, data, files);
      if (type === 5) this.answerMessage(token, { flags: data.flags ?? 0, content: "" }, []);
      res.writeHead(204);
      res.end();
      return;
    }
    const duplicated = duplicateCustomId(body);
    if (duplicated !== null && (method === "PATCH" || method === "POST")) {
      // Discord refuses a message whose components repeat a custom_id.
      return json(400, {
        code: 50035,
        errors: {
          components: {
            _errors: [
              { code: "COMPONENT_CUSTOM_ID_DUPLICATED", message: "Component custom id cannot be duplicated" },
            ],
          },
        },
        message: "Invalid Form Body",
      });
    }
    const original = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(path);
    if (original) {
      if (method === "DELETE") {
        res.writeHead(204);
        res.end();
        return;
      }
      if (method === "PATCH") return json(200, this.answerMessage(original[1] ?? "", body, files));
    }
    if (method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return json(200, message());
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      if (!authorised) return json(401, { message: "401: Unauthorized", code: 0 });
      const list = Array.isArray(body) ? body : [];
      return json(
        200,
        list.map((c, i) => ({
          ...(c as object),
          id: String(1457470000000000000n + BigInt(i)),
          application_id: APP_ID,
          version: "1",
        })),
      );
    }
    json(404, { message: "404: Not Found", code: 0 });
  }
}

const missing = (code: number, text: string) => ({ message: text, code });

/** A custom_id that occurs twice among a message body's components, or null. */
function duplicateCustomId(body: RecordedRequest["body"]): string | null {
  const payload = body as { components?: unknown; data?: { components?: unknown } } | null;
  const rows = (payload?.components ?? payload?.data?.components ?? []) as Array<{
    components?: Array<{ custom_id?: string }>;
  }>;
  const seen = new Set<string>();
  for (const row of Array.isArray(rows) ? rows : [])
    for (const c of row.components ?? []) {
      if (c.custom_id === undefined) continue;
      if (seen.has(c.custom_id)) return c.custom_id;
      seen.add(c.custom_id);
    }
  return null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

async function parseBody(
  type: string,
  raw: Buffer,
): Promise<{ body: RecordedRequest["body"]; files: RecordedRequest["files"] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (type.startsWith("application/json")) return { body: JSON.parse(raw.toString()), files: [] };
  if (!type.startsWith("multipart/form-data")) return { body: null, files: [] };
  const form = await new Request("http://fake/", {
    method: "POST",
    headers: { "content-type": type },
    body: raw,
  }).formData();
  let body: RecordedRequest["body"] = null;
  const files: Array<{ field: string; name: string; isPng: boolean }> = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") body = JSON.parse(value);
      continue;
    }
    const bytes = Buffer.from(await value.arrayBuffer());
    files.push({ field, name: value.name, isPng: bytes.subarray(0, 8).equals(PNG_SIGNATURE) });
  }
  return { body, files };
}
