// A local fake of the Telegram Bot API for the real telegraf: long-polled getUpdates fed by the test, the send
// methods recorded with their arrival time (sendPhoto's multipart form parsed, the PNG signature checked), and
// scripted failures such as 429 with retry_after, 403 for a blocked chat, 409 when another process polls and 400
// with migrate_to_chat_id for a group that became a supergroup.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_TOKEN = "123456:TEST-token-for-the-fake";
export const BOT_USERNAME = "riskon_test_bot";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A message the bot sent, as the fake keeps it for edits and for the callbacks pressed under it. */
export interface StoredMessage {
  readonly message_id: number;
  readonly chatId: number;
  readonly threadId?: number;
  /** Bytes of the current photo (a photo message); its caption. */
  photoBytes?: number;
  /** Which picture the photo is (SHA-256 of its bytes), whether uploaded or sent by file_id. */
  photoSha?: string;
  caption?: string;
  text?: string;
  reply_markup?: unknown;
  /** Times it was edited. */
  edits: number;
}

/** Telegram's answer to an edit that changes nothing. */
export const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
export const EDIT_NOT_FOUND = "Bad Request: message to edit not found";

export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  readonly at: number;
  /** sendPhoto: what arrived in the `photo` part. */
  readonly photo?: {
    readonly bytes: number;
    readonly isPng: boolean;
    readonly filename: string;
    /** SHA-256 of the bytes: which picture it is. */
    readonly sha?: string;
  };
  /** sendDocument: the file in the `document` part. */
  readonly document?: { readonly filename: string; readonly text: string };
}

export interface ScriptedFailure {
  readonly code: number;
  readonly description: string;
  readonly retryAfter?: number;
  /** More of Telegram's `parameters`, e.g. `migrate_to_chat_id`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

interface Waiter {
  readonly offset: number;
  readonly respond: (updates: unknown[]) => void;
  readonly fail: (failure: ScriptedFailure) => void;
}

/** Telegram's answer to getUpdates while a webhook is set (../shared/formats/telegram, error-409-getupdates-…). */
export const WEBHOOK_CONFLICT: ScriptedFailure = {
  code: 409,
  description:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
};

/** Telegram's answer to a getUpdates that another getUpdates with the same token cut short. */
export const POLLING_CONFLICT: ScriptedFailure = {
  code: 409,
  description:
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
};

/** Telegram's 403s: a group that removed the bot, and a user who has not pressed Start. */
export const KICKED = "Forbidden: bot was kicked from the supergroup chat";
export const NOT_STARTED = "Forbidden: bot can't initiate conversation with a user";

/** Telegram's 400 for a send to a group that became a supergroup; `parameters.migrate_to_chat_id` has the new id. */
export const UPGRADED = "Bad Request: group chat was upgraded to a supergroup chat";

/** A chat getChat knows, e.g. a public channel. */
export interface KnownChat {
  readonly id: number;
  readonly type: "group" | "supergroup" | "channel";
  readonly title: string;
  readonly username?: string;
}

/** Telegram's getChatMember refusals for a channel: the bot is a plain member, or not in it at all. */
export const MEMBER_LIST_INACCESSIBLE: ScriptedFailure = {
  code: 400,
  description: "Bad Request: member list is inaccessible",
};
export const NOT_A_CHANNEL_MEMBER: ScriptedFailure = {
  code: 403,
  description: "Forbidden: bot is not a member of the channel chat",
};

export interface MessageInit {
  readonly chatId?: number;
  readonly chatType?: "private" | "group" | "supergroup";
  readonly userId?: number;
  /**
   * Sent on behalf of a chat: the group itself (an anonymous admin; `from` is then GroupAnonymousBot) or a
   * channel (a linked channel or a channel posting as itself; `from` is Channel_Bot), as Telegram sends them.
   */
  readonly senderChat?: { readonly id: number; readonly type: "group" | "supergroup" | "channel" };
  /** A forum topic of a supergroup with topics: the message carries `message_thread_id` and `is_topic_message`. */
  readonly threadId?: number;
}

/** The fields Telegram adds to a message in a forum topic, and to its chat. */
function topicFields(init: MessageInit) {
  return init.threadId === undefined ? {} : { message_thread_id: init.threadId, is_topic_message: true };
}
function chatOf(init: MessageInit, id: number, type: string) {
  return type === "private"
    ? { id, type: "private" }
    : { id, type, title: "Test group", ...(init.threadId !== undefined ? { is_forum: true } : {}) };
}

/** The users Telegram puts in `from` of a message sent as a chat. */
export const GROUP_ANONYMOUS_BOT = {
  id: 1087968824,
  is_bot: true,
  first_name: "Group",
  username: "GroupAnonymousBot",
};
export const CHANNEL_BOT = { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" };

/** Telegram's limits as the fake enforces them: sends beyond them get a 429 with retry_after. */
export interface EnforcedLimits {
  readonly perChatMs: number;
  readonly perGroupPerMinute: number;
  readonly globalPerSecond: number;
  /** Slack for network jitter between the client's pacing clock and arrival here. */
  readonly toleranceMs: number;
}

export class FakeTelegramServer {
  readonly calls: RecordedCall[] = [];
  private readonly answered = new WeakSet<RecordedCall>();
  /** file_ids of the photos in the bot's messages, with their bytes: what Telegram lets the bot send again. */
  private readonly photoFiles = new Map<string, { bytes: number; sha: string | undefined }>();
  /** When set, sends beyond these limits are refused with 429, as Telegram does. */
  limits: EnforcedLimits | null = null;
  /** 429s the fake answered because a limit was exceeded. */
  rateLimited = 0;
  /** The same 429s by the limit that was exceeded. */
  readonly rateLimitedBy = { chat: 0, group: 0, global: 0 };
  private readonly accepted: number[] = [];
  private readonly acceptedByChat = new Map<string, number[]>();
  /** getChat answers with these, found by id or `@username`; any other chat is "chat not found". */
  private readonly chats: KnownChat[] = [];
  /** getChatMember answers by `chatId:userId`; anyone else is a plain member. */
  readonly memberStatus = new Map<string, string>();
  private readonly updates: Array<{ update_id: number }> = [];
  private readonly waiters = new Set<Waiter>();
  private readonly failures = new Map<string, ScriptedFailure[]>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly blockedChats = new Map<string, string>();
  /** Groups that became supergroups: old id → new id. */
  private readonly migratedChats = new Map<string, number>();
  /** Messages the bot sent, by `chatId:messageId`. */
  readonly messages = new Map<string, StoredMessage>();
  /** Set by setWebhook: updates are POSTed there with the secret header, and getUpdates is refused. */
  webhook: { readonly url: string; readonly secret: string } | null = null;
  /** What the webhook answered to each update POSTed to it. */
  readonly webhookAnswers: number[] = [];
  /** Set while another process "polls" the token: every getUpdates, waiting or new, gets this. */
  private pollingConflict: ScriptedFailure | null = null;
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private listeners = new Set<() => void>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeTelegramServer> {
    let fake: FakeTelegramServer | undefined;
    const server = createServer((req, res) => {
      // A client killed mid-request (the crash test) aborts its body: drop the request as Telegram would.
      fake?.handle(req, res).catch(() => res.destroy());
    });
    fake = new FakeTelegramServer(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** getChat finds this chat from now on. */
  addChat(chat: KnownChat): void {
    this.chats.push(chat);
  }

  /** Calls of `method` wait until the returned function is called (a slow or hanging Telegram). */
  hold(method: string): () => void {
    let release: () => void = () => {};
    this.holds.set(
      method,
      new Promise<void>((resolve) => {
        release = () => {
          this.holds.delete(method);
          resolve();
        };
      }),
    );
    return release;
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: string, failure: ScriptedFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** Every send to this chat answers 403 with this description (by default: the bot was kicked). */
  blockChat(chatId: number, description = KICKED): void {
    this.blockedChats.set(String(chatId), description);
  }

  /** Sends to this chat go through again (the user pressed Start, the group re-added the bot). */
  unblockChat(chatId: number): void {
    this.blockedChats.delete(String(chatId));
  }

  /**
   * The group `oldId` becomes the supergroup `newId` (an admin made it public, or it grew): both service messages
   * arrive, the old group's with `migrate_to_chat_id` and the supergroup's with `migrate_from_chat_id`, and every
   * later send to the old id answers 400 with the new id, as Telegram does.
   */
  migrateChat(oldId: number, newId: number): void {
    this.migratedChats.set(String(oldId), newId);
    const date = 1767224888;
    this.pushUpdate({
      message: {
        message_id: this.nextMessageId++,
        date,
        from: { id: 7527593, is_bot: false, first_name: "Test User", username: "telegram_test_user" },
        chat: { id: oldId, type: "group", title: "Test group", all_members_are_administrators: false },
        migrate_to_chat_id: newId,
      },
    });
    this.pushUpdate({
      message: {
        message_id: 1,
        date,
        from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
        sender_chat: { id: newId, type: "supergroup", title: "Test group" },
        chat: { id: newId, type: "supergroup", title: "Test group" },
        migrate_from_chat_id: oldId,
      },
    });
  }

  /**
   * Another process starts polling with the same token: the getUpdates waiting now and every later one answer
   * 409, as Telegram answers the older of two pollers.
   */
  startPollingConflict(failure: ScriptedFailure = POLLING_CONFLICT): void {
    this.pollingConflict = failure;
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.fail(failure);
    }
  }

  pushUpdate(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    if (this.webhook) {
      void this.postToWebhook(JSON.stringify({ ...update, update_id: id }));
      return id;
    }
    this.updates.push({ ...update, update_id: id });
    for (const waiter of [...this.waiters]) this.flush(waiter);
    return id;
  }

  /** Telegram's POST to the webhook: the body as given, the secret header unless `secret` says another. */
  async postToWebhook(body: string, secret: string | null = this.webhook?.secret ?? null): Promise<number> {
    if (!this.webhook) throw new Error("no webhook set");
    const answer = await fetch(this.webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret !== null ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body,
    });
    await answer.arrayBuffer();
    this.webhookAnswers.push(answer.status);
    return answer.status;
  }

  /** A text message as Telegram sends it; a leading /command gets its bot_command entity. */
  pushMessage(text: string, init: MessageInit = {}): number {
    const userId = init.userId ?? 7527593;
    const chatType = init.chatType ?? "private";
    const chatId = init.chatId ?? (chatType === "private" ? userId : -1001234567890);
    const command = /^\/\S+/.exec(text);
    const sender = init.senderChat;
    const message = {
      message_id: this.nextMessageId++,
      date: 1767224888,
      from: sender
        ? sender.id === chatId
          ? GROUP_ANONYMOUS_BOT
          : CHANNEL_BOT
        : { id: userId, is_bot: false, first_name: "Test User", username: "telegram_test_user" },
      ...(sender ? { sender_chat: { id: sender.id, type: sender.type, title: "Sent as a chat" } } : {}),
      chat:
        chatType === "private"
          ? { id: chatId, type: "private", first_name: "Test User", username: "telegram_test_user" }
          : chatOf(init, chatId, chatType),
      ...topicFields(init),
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: "bot_command" }] } : {}),
    };
    return this.pushUpdate({ message });
  }

  /** The bot's own membership changed in a chat, e.g. `member` when a group adds it back. */
  pushMyChatMember(status: string, init: MessageInit = {}): number {
    const userId = init.userId ?? 7527593;
    const chatType = init.chatType ?? "private";
    const chatId = init.chatId ?? (chatType === "private" ? userId : -1001234567890);
    const bot = { id: 8765336106, is_bot: true, first_name: "riskon", username: BOT_USERNAME };
    return this.pushUpdate({
      my_chat_member: {
        chat: chatType === "private" ? { id: chatId, type: "private" } : { id: chatId, type: chatType },
        from: { id: userId, is_bot: false, first_name: "Test User" },
        date: 1767224888,
        old_chat_member: { user: bot, status: "left" },
        new_chat_member: { user: bot, status },
      },
    });
  }

  /** What a user types after `@bot ` in any chat (inline mode), as Telegram sends it. */
  pushInlineQuery(
    query: string,
    init: { readonly userId?: number; readonly languageCode?: string } = {},
  ): number {
    return this.pushUpdate({
      inline_query: {
        id: `iq${this.nextUpdateId}`,
        from: {
          id: init.userId ?? 7527593,
          is_bot: false,
          first_name: "Test User",
          language_code: init.languageCode ?? "en",
        },
        query,
        offset: "",
        chat_type: "supergroup",
      },
    });
  }

  /**
   * A press on an inline-keyboard button under one of the bot's messages: `messageId` names one the bot sent
   * (the callback then carries it as it is now: photo, caption, keyboard); without it, a text message "…".
   */
  pushCallback(data: string, init: MessageInit & { readonly messageId?: number } = {}): number {
    const userId = init.userId ?? 7527593;
    const chatType = init.chatType ?? "private";
    const chatId = init.chatId ?? (chatType === "private" ? userId : -1001234567890);
    const stored =
      init.messageId === undefined ? undefined : this.messages.get(`${chatId}:${init.messageId}`);
    if (init.messageId !== undefined && !stored)
      throw new Error(`no message ${init.messageId} in chat ${chatId}`);
    return this.pushUpdate({
      callback_query: {
        id: `cb${this.nextUpdateId}`,
        from: { id: userId, is_bot: false, first_name: "Test User" },
        chat_instance: "42",
        data,
        message: {
          message_id: stored?.message_id ?? this.nextMessageId++,
          date: 1767224888,
          chat: chatOf(init, chatId, chatType),
          ...topicFields(init),
          from: { id: 8765336106, is_bot: true, first_name: "riskon", username: BOT_USERNAME },
          ...(stored ? messageContent(stored) : { text: "…" }),
        },
      },
    });
  }

  /** The message the bot sent last in a chat. */
  lastMessage(chatId: number): StoredMessage | undefined {
    return [...this.messages.values()].filter((m) => m.chatId === chatId).at(-1);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Edits of the bot's messages, in arrival order. */
  edits(): RecordedCall[] {
    return this.calls.filter((c) => c.method.startsWith("editMessage"));
  }

  /** Sends: sendMessage and sendPhoto that succeeded or failed, in arrival order. */
  /** The photos the bot uploaded (a multipart `photo` part), not those it sent again by file_id. */
  uploads(): RecordedCall[] {
    return this.calls.filter((c) => c.photo !== undefined);
  }

  /** Every file_id given so far stops working, as for another bot token or an expired file. */
  expireFiles(): void {
    this.photoFiles.clear();
  }

  /**
   * A photo given by file_id, as the part it stands for: one this bot was given before (Telegram keeps it); null
   * for an unknown or expired one; undefined when the request carries no file_id.
   */
  private photoById(id: unknown): RecordedCall["photo"] | null | undefined {
    if (typeof id !== "string" || id.startsWith("attach://")) return undefined;
    const known = this.photoFiles.get(id);
    return known
      ? { bytes: known.bytes, isPng: true, filename: "", ...(known.sha ? { sha: known.sha } : {}) }
      : null;
  }

  /** sendMessage or sendPhoto: the message stored and its result, or Telegram's 400 description. */
  private storeSent(
    method: string,
    chatId: string,
    params: Record<string, unknown>,
    uploaded: RecordedCall["photo"] | undefined,
  ): unknown {
    const photo = uploaded ?? (method === "sendPhoto" ? this.photoById(params.photo) : undefined);
    if (photo === null) return "Bad Request: wrong file identifier/HTTP URL specified";
    const stored: StoredMessage = {
      message_id: this.nextMessageId++,
      chatId: Number(chatId),
      ...(params.message_thread_id !== undefined ? { threadId: Number(params.message_thread_id) } : {}),
      ...(method === "sendMessage"
        ? { text: String(params.text) }
        : {
            caption: String(params.caption ?? ""),
            photoBytes: photo?.bytes ?? 0,
            ...(photo?.sha ? { photoSha: photo.sha } : {}),
          }),
      ...(params.reply_markup !== undefined ? { reply_markup: params.reply_markup } : {}),
      edits: 0,
    };
    this.messages.set(`${chatId}:${stored.message_id}`, stored);
    this.registerPhoto(stored);
    return messageResult(stored, 1767224900);
  }

  /** editMessageText, editMessageCaption or editMessageMedia: the edited message's result, or a 400 description. */
  private storeEdit(
    method: string,
    chatId: string,
    params: Record<string, unknown>,
    uploaded: RecordedCall["photo"] | undefined,
  ): unknown {
    const stored = this.messages.get(`${chatId}:${params.message_id}`);
    if (!stored) return EDIT_NOT_FOUND;
    const byId =
      method === "editMessageMedia"
        ? this.photoById((params.media as { media?: unknown } | undefined)?.media)
        : undefined;
    const edit = applyEdit(stored, method, params, uploaded ?? byId ?? undefined);
    if (typeof edit === "string") return edit;
    this.registerPhoto(stored);
    return messageResult(stored, 1767224960);
  }

  private registerPhoto(m: StoredMessage): void {
    if (m.photoBytes !== undefined)
      this.photoFiles.set(`photo${m.message_id}-${m.edits}`, { bytes: m.photoBytes, sha: m.photoSha });
  }

  sends(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "sendMessage" || c.method === "sendPhoto");
  }

  /** The sends Telegram accepted (answered ok): what members see, without the refused (429, 403, 400) ones. */
  delivered(): RecordedCall[] {
    return this.sends().filter((c) => this.answered.has(c));
  }

  /** Resolves once `predicate` holds over the recorded calls. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.calls)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out; calls: ${this.calls.map((c) => c.method).join(", ")}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  async close(): Promise<void> {
    for (const waiter of [...this.waiters]) waiter.respond([]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Checks a send arriving at `at` against the limits and, when it is within them, counts it. */
  private overLimit(chatId: string, at: number, limits: EnforcedLimits): boolean {
    const slack = limits.toleranceMs;
    const chat = this.acceptedByChat.get(chatId) ?? [];
    const last = chat.at(-1);
    const refuse = (limit: keyof FakeTelegramServer["rateLimitedBy"]) => {
      this.rateLimitedBy[limit]++;
      return true;
    };
    if (last !== undefined && at - last < limits.perChatMs - slack) return refuse("chat");
    const isGroup = chatId.startsWith("-");
    if (isGroup && chat.filter((t) => at - t < 60_000 - slack).length >= limits.perGroupPerMinute) {
      return refuse("group");
    }
    if (this.accepted.filter((t) => at - t < 1000 - slack).length >= limits.globalPerSecond)
      return refuse("global");
    chat.push(at);
    this.acceptedByChat.set(chatId, chat);
    this.accepted.push(at);
    return false;
  }

  private flush(waiter: Waiter): void {
    const ready = this.updates.filter((u) => u.update_id >= waiter.offset);
    if (ready.length === 0) return;
    this.waiters.delete(waiter);
    waiter.respond(ready);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const body = await readBody(req);
    const send = (status: number, payload: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (!match || match[1] !== FAKE_TOKEN) {
      send(401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const method = match[2] ?? "";
    const { params, photo, document } = await parseParams(req, body);
    const call: RecordedCall = {
      method,
      params,
      at,
      ...(photo ? { photo } : {}),
      ...(document ? { document } : {}),
    };
    if (method !== "getUpdates") {
      this.calls.push(call);
      for (const listener of [...this.listeners]) listener();
    }
    const fail = (failure: ScriptedFailure) =>
      send(failure.code, {
        ok: false,
        error_code: failure.code,
        description: failure.description,
        ...(failure.retryAfter !== undefined || failure.parameters !== undefined
          ? {
              parameters: {
                ...failure.parameters,
                ...(failure.retryAfter !== undefined ? { retry_after: failure.retryAfter } : {}),
              },
            }
          : {}),
      });
    const held = this.holds.get(method);
    if (held) await held; // only then: an extra await would reorder concurrent calls for scripted failures
    const conflict = this.webhook ? WEBHOOK_CONFLICT : this.pollingConflict;
    const failure = this.failures.get(method)?.shift() ?? (method === "getUpdates" ? conflict : null);
    if (failure) return fail(failure);
    const chatId = params.chat_id === undefined ? undefined : String(params.chat_id);
    const blocked = chatId === undefined ? undefined : this.blockedChats.get(chatId);
    if ((method === "sendMessage" || method === "sendPhoto") && blocked !== undefined) {
      return fail({ code: 403, description: blocked });
    }
    const migratedTo = chatId === undefined ? undefined : this.migratedChats.get(chatId);
    if ((method === "sendMessage" || method === "sendPhoto") && migratedTo !== undefined) {
      return fail({ code: 400, description: UPGRADED, parameters: { migrate_to_chat_id: migratedTo } });
    }
    if ((method === "sendMessage" || method === "sendPhoto") && chatId && this.limits) {
      if (this.overLimit(chatId, at, this.limits)) {
        this.rateLimited++;
        send(429, {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        });
        return;
      }
    }
    const ok = (result: unknown) => {
      this.answered.add(call);
      send(200, { ok: true, result });
      // A waiter counting delivered sends looks again now that this one is.
      for (const listener of [...this.listeners]) listener();
    };
    const invalid = invalidContent(method, params);
    if (invalid) return fail({ code: 400, description: invalid });
    switch (method) {
      case "getMe":
        return ok({
          id: 8765336106,
          is_bot: true,
          first_name: "riskon",
          username: BOT_USERNAME,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case "setWebhook":
        this.webhook = { url: String(params.url), secret: String(params.secret_token ?? "") };
        return ok(true);
      case "getWebhookInfo":
        return ok({ url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: 0 });
      case "deleteWebhook":
        this.webhook = null;
        return ok(true);
      case "setMyCommands":
      case "answerCallbackQuery":
      case "answerInlineQuery":
        return ok(true);
      case "getChat": {
        const ref = String(params.chat_id);
        const chat = this.chats.find((c) => String(c.id) === ref || `@${c.username}` === ref);
        if (!chat) return fail({ code: 400, description: "Bad Request: chat not found" });
        return ok({ ...chat });
      }
      case "getChatMember": {
        const status = this.memberStatus.get(`${params.chat_id}:${params.user_id}`) ?? "member";
        return ok({ user: { id: Number(params.user_id), is_bot: false, first_name: "Someone" }, status });
      }
      case "getUpdates": {
        const offset = Number(params.offset ?? 0);
        // Confirmed updates are forgotten, as Telegram does.
        while ((this.updates[0]?.update_id ?? Number.POSITIVE_INFINITY) < offset) this.updates.shift();
        const waiter: Waiter = { offset, respond: (updates) => ok(updates), fail };
        const limit = Math.min(Number(params.timeout ?? 0), 1) * 1000;
        this.waiters.add(waiter);
        this.flush(waiter);
        if (!this.waiters.has(waiter)) return;
        const timer = setTimeout(() => {
          if (this.waiters.delete(waiter)) ok([]);
        }, limit);
        req.on("close", () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
        });
        return;
      }
      case "sendDocument":
        return ok({
          message_id: this.nextMessageId++,
          date: 1767224900,
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? "supergroup" : "private" },
          document: {
            file_id: `doc${this.nextMessageId}`,
            file_unique_id: `u${this.nextMessageId}`,
            file_name: "x.csv",
          },
          ...(params.caption !== undefined ? { caption: params.caption } : {}),
        });
      case "sendMessage":
      case "sendPhoto": {
        const sent = this.storeSent(method, String(chatId), params, photo);
        return typeof sent === "string" ? fail({ code: 400, description: sent }) : ok(sent);
      }
      case "editMessageCaption":
      case "editMessageText":
      case "editMessageMedia": {
        const edited = this.storeEdit(method, String(chatId), params, photo);
        return typeof edited === "string" ? fail({ code: 400, description: edited }) : ok(edited);
      }
      default:
        return send(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    }
  }
}

/** What Telegram counts of a parse_mode HTML text: the text without its tags, entities read. */
function visibleLength(html: string): number {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&").length;
}

/** Telegram's 400 for content beyond its limits (caption 1,024, text 4,096, callback_data 64 bytes), or null. */
function invalidContent(method: string, params: Record<string, unknown>): string | null {
  const media = params.media as { caption?: unknown } | undefined;
  const caption = params.caption ?? media?.caption;
  if (typeof caption === "string" && visibleLength(caption) > 1024)
    return "Bad Request: message caption is too long";
  if (method.endsWith("Text") || method === "sendMessage") {
    if (typeof params.text === "string" && visibleLength(params.text) > 4096)
      return "Bad Request: message is too long";
  }
  const keyboard = (
    params.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined
  )?.inline_keyboard;
  for (const button of keyboard?.flat() ?? [])
    if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64)
      return "Bad Request: BUTTON_DATA_INVALID";
  return null;
}

/** What a message shows, as Telegram puts it in a message object. */
function messageContent(m: StoredMessage) {
  return {
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.photoBytes !== undefined
      ? {
          photo: [
            {
              file_id: `photo${m.message_id}-${m.edits}`,
              file_unique_id: `u${m.message_id}`,
              width: 1200,
              height: 900,
              file_size: m.photoBytes,
            },
          ],
          caption: m.caption ?? "",
        }
      : {}),
    ...(m.reply_markup !== undefined ? { reply_markup: m.reply_markup } : {}),
  };
}

/** The message object of a send or edit answer (the recorded editMessageCaption/Media results' fields). */
function messageResult(m: StoredMessage, date: number) {
  return {
    message_id: m.message_id,
    from: { id: 8765336106, is_bot: true, first_name: "riskon", username: BOT_USERNAME },
    date,
    chat: { id: m.chatId, type: m.chatId < 0 ? "supergroup" : "private" },
    ...(m.threadId !== undefined ? { message_thread_id: m.threadId, is_topic_message: true } : {}),
    ...(m.edits > 0 ? { edit_date: date } : {}),
    ...messageContent(m),
  };
}

/** Applies an edit as Telegram does, or returns its 400 description. */
function applyEdit(
  m: StoredMessage,
  method: string,
  params: Record<string, unknown>,
  photo: RecordedCall["photo"] | undefined,
): string | null {
  const markup = params.reply_markup;
  const sameMarkup = JSON.stringify(markup ?? null) === JSON.stringify(m.reply_markup ?? null);
  if (method === "editMessageText") {
    if (m.text === undefined) return "Bad Request: there is no text in the message to edit";
    if (params.text === m.text && sameMarkup) return NOT_MODIFIED;
    m.text = String(params.text);
  } else if (method === "editMessageCaption") {
    if (m.photoBytes === undefined) return "Bad Request: there is no caption in the message to edit";
    if (params.caption === m.caption && sameMarkup) return NOT_MODIFIED;
    m.caption = String(params.caption ?? "");
  } else {
    const media = params.media as { type?: string; caption?: string } | undefined;
    if (media?.type !== "photo" || !photo?.isPng)
      return "Bad Request: wrong file identifier/HTTP URL specified";
    if (m.photoBytes === undefined) return "Bad Request: there is no media in the message to edit";
    m.photoBytes = photo.bytes;
    if (photo.sha) m.photoSha = photo.sha;
    m.caption = String(media.caption ?? "");
  }
  if (markup !== undefined) m.reply_markup = markup;
  m.edits++;
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

async function parseParams(
  req: IncomingMessage,
  body: Buffer,
): Promise<{
  params: Record<string, unknown>;
  photo?: RecordedCall["photo"];
  document?: RecordedCall["document"];
}> {
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return { params: body.length ? JSON.parse(body.toString()) : {} };
  if (!type.startsWith("multipart/form-data")) return { params: {} };
  const form = await new Request("http://fake/", {
    method: "POST",
    headers: { "content-type": type },
    body,
  }).formData();
  const params: Record<string, unknown> = {};
  let photo: RecordedCall["photo"];
  let document: RecordedCall["document"];
  const entries = [...form.entries()];
  for (const [key, value] of entries) {
    if (typeof value === "string") params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  // Files after every field: a part named by `attach://…` may come before the field naming it.
  for (const [key, value] of entries) {
    if (typeof value === "string") continue;
    const bytes = Buffer.from(await value.arrayBuffer());
    if (key === "document") document = { filename: value.name, text: bytes.toString("utf8") };
    const media = params.media as { media?: string } | undefined;
    if (key === "photo" || params.photo === `attach://${key}` || media?.media === `attach://${key}`) {
      photo = {
        bytes: bytes.length,
        isPng: bytes.subarray(0, 8).equals(PNG_SIGNATURE),
        filename: value.name,
        sha: createHash("sha256").update(bytes).digest("hex"),
      };
    }
  }
  return { params, ...(photo ? { photo } : {}), ...(document ? { document } : {}) };
}
