// A local fake of Discord for the real discord.js: REST under /api/v10 (gateway info, interaction callbacks,
// webhook edits with multipart files, command registration) and a gateway WebSocket (HELLO, IDENTIFY → READY,
// heartbeat ACK, RESUME → RESUMED) through which the test dispatches INTERACTION_CREATE, and which can close the
// connection with Discord's close codes (4004 for a token that no longer works, 4014 for disallowed intents).
// Interaction shapes follow the recorded payloads in ../shared/formats/discord (vercel/chat replay fixtures).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export const FAKE_DISCORD_TOKEN = "MTQ1NzQ2OTQ4MzcyNjY2ODA0OA.fake.token-for-tests";
export const APP_ID = "1457469483726668048";
export const GUILD_ID = "1457468924290662599";
export const CHANNEL_ID = "1457510428359004343";
export const USER_ID = "1033044521375764530";
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
  /** Decimal permission string of the member; "2048" is Send Messages only. */
  readonly permissions?: string;
  /** A DM with the bot instead of a guild channel. */
  readonly dm?: boolean;
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
  readonly identifies: unknown[] = [];
  /** RESUME payloads received (after a dropped connection). */
  readonly resumes: unknown[] = [];
  /** When set, every IDENTIFY and RESUME is answered by closing the connection this way. */
  refuseSessions: GatewayClose | null = null;
  private readonly sockets = new Set<WebSocket>();
  private readonly listeners = new Set<() => void>();
  private sequence = 1;
  private nextId = 1457536583141163186n;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async start(): Promise<FakeDiscordServer> {
    let fake: FakeDiscordServer | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    const wss = new WebSocketServer({ server, path: "/gateway" });
    fake = new FakeDiscordServer(server, wss);
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
    const id = String(this.nextId++);
    const token = `interaction-token-${id}`;
    const user = {
      avatar: null,
      discriminator: "0",
      global_name: "Test User",
      id: USER_ID,
      public_flags: 0,
      username: "testuser2384",
    };
    const options = Object.entries(init.options ?? {}).map(([name, value]) => ({ name, type: 3, value }));
    const interaction = {
      app_permissions: "2248473465835073",
      application_id: APP_ID,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { "0": GUILD_ID },
      channel_id: CHANNEL_ID,
      context: init.dm ? 1 : 0,
      data: {
        id: "1457470000000000000",
        name: init.name,
        type: 1,
        ...(options.length > 0 ? { options } : {}),
        ...(init.dm ? {} : { guild_id: GUILD_ID }),
      },
      entitlement_sku_ids: [],
      entitlements: [],
      id,
      locale: "en-US",
      token,
      type: 2,
      version: 1,
      ...(init.dm
        ? { channel: { id: CHANNEL_ID, type: 1, flags: 0 }, user }
        : {
            channel: {
              flags: 0,
              guild_id: GUILD_ID,
              id: CHANNEL_ID,
              name: "general",
              permissions: "9007199254740991",
              type: 0,
            },
            guild: { features: [], id: GUILD_ID, locale: "en-US" },
            guild_id: GUILD_ID,
            guild_locale: "en-US",
            member: {
              avatar: null,
              deaf: false,
              flags: 0,
              joined_at: "2026-01-04T20:21:10.139000+00:00",
              mute: false,
              nick: null,
              pending: false,
              permissions: init.permissions ?? "2048",
              roles: [],
              user,
            },
          }),
    };
    this.dispatch("INTERACTION_CREATE", interaction);
    return token;
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
          guilds: [],
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
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      if (method === "DELETE") {
        res.writeHead(204);
        res.end();
        return;
      }
      if (method === "PATCH") return json(200, message());
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
