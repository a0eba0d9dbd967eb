// Who may change which chat, cell by cell: platforms x callers x targets x actions, through the real discord.js
// and telegraf clients against the wire fakes. Every cell starts from the same seeded store; an accepted cell
// changes the target's entry and nothing else, a refused one changes nothing and answers one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import type { Platform } from "../../src/core/schedules/digest.ts";
import { type RunningBot as DiscordBot, startDiscordBot } from "../../src/platforms/discord/discord-bot.ts";
import {
  startTelegramBot,
  type RunningBot as TelegramBot,
} from "../../src/platforms/telegram/telegram-bot.ts";
import { telegramMentions } from "../../src/platforms/telegram/telegram-html.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import {
  APP_ID,
  CHANNEL_ID,
  EVERYONE_PERMISSIONS,
  FAKE_DISCORD_TOKEN,
  FakeDiscordServer,
  GUILD_ID,
  OWNER_ID,
  type RecordedRequest,
} from "../fakes/discord-server.ts";
import { DiscordWorld, P } from "../fakes/discord-world.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const clock = () => new Date("2026-11-21T10:00:00Z");
const NOW = clock().getTime();

type Action = "set" | "remove" | "pause" | "alerts on" | "alerts off";
type TargetName = "this chat" | "another chat of the same server" | "a chat of another server";
const ACTIONS: readonly Action[] = ["set", "remove", "pause", "alerts on", "alerts off"];
const TARGETS: readonly TargetName[] = [
  "this chat",
  "another chat of the same server",
  "a chat of another server",
];

/** Seeds every chat the tables name with a 07:00 digest, and with alerts unless the action turns them on. */
async function seed(store: MemoryDigestStore, platform: Platform, chats: readonly string[], action: Action) {
  for (const s of await store.listSchedules()) await store.removeSchedule(s);
  for (const s of await store.listSubscriptions()) await store.setSubscription(s, false);
  for (const chatId of chats) {
    await store.saveSchedule({
      platform,
      chatId,
      minuteOfDay: 420,
      timeZone: "UTC",
      days: "every",
      content: "both",
      theme: "dark",
      createdBy: "seed",
      paused: false,
      createdAt: NOW - 86_400_000,
      checkedUntil: NOW - 3_600_000,
    });
    if (action !== "alerts on")
      await store.setSubscription({ platform, chatId, createdBy: "seed", createdAt: NOW - 1 }, true);
  }
}

async function snapshot(store: MemoryDigestStore) {
  const schedules = Object.fromEntries(
    (await store.listSchedules()).map((s) => [s.chatId, `${s.minuteOfDay}${s.paused ? " paused" : ""}`]),
  );
  const alerts = (await store.listSubscriptions()).map((s) => s.chatId).sort();
  return { schedules, alerts };
}

/** What the action did to one chat, read from before and after. */
function changed(
  before: Awaited<ReturnType<typeof snapshot>>,
  after: typeof before,
  chatId: string,
): boolean {
  return (
    before.schedules[chatId] !== after.schedules[chatId] ||
    before.alerts.includes(chatId) !== after.alerts.includes(chatId)
  );
}

// ---- Discord ----------------------------------------------------------------------------------------------

const D = {
  sameOther: "1457510428359004344",
  hidden: "1457510428359004345",
  guildB: "1457468924290669999",
  channelB: "1457510428359008888",
  mods: "1457468924290660001",
  pingable: "1457468924290660002",
  quiet: "1457468924290660003",
  modsB: "1457468924290669001",
  pingB: "1457468924290669002",
  plain: "1033044521375760011",
  modA: "1033044521375760012",
  channelManager: "1033044521375760013",
  modB: "1033044521375760014",
  gone: "1033044521375760015",
  dmOfModA: "1457510428359007777",
};

function discordWorld(): DiscordWorld {
  const world = new DiscordWorld();
  for (const [id, username] of [
    [D.plain, "plain"],
    [D.modA, "moda"],
    [D.channelManager, "keeper"],
    [D.modB, "modb"],
    [D.gone, "gone"],
    [OWNER_ID, "owner"],
  ] as const)
    world.addUser({ id, username });
  world.addUser({ id: APP_ID, username: "riskon", bot: true });
  world.dms.set(D.dmOfModA, D.modA);
  world.guilds.push({
    id: GUILD_ID,
    name: "Server A",
    ownerId: OWNER_ID,
    roles: [
      { id: GUILD_ID, name: "@everyone", permissions: EVERYONE_PERMISSIONS, mentionable: false },
      { id: D.mods, name: "Mods", permissions: P.manageGuild, mentionable: false },
      { id: D.pingable, name: "Digest readers", permissions: 0n, mentionable: true },
      { id: D.quiet, name: "Quiet @here", permissions: 0n, mentionable: false },
    ],
    channels: [
      { id: CHANNEL_ID, name: "general", type: 0, overwrites: [] },
      {
        id: D.sameOther,
        name: "announcements",
        type: 0,
        overwrites: [{ id: D.channelManager, type: 1, allow: P.manageChannels, deny: 0n }],
      },
      {
        id: D.hidden,
        name: "hidden",
        type: 0,
        overwrites: [{ id: APP_ID, type: 1, allow: 0n, deny: P.viewChannel }],
      },
    ],
    members: new Map([
      [OWNER_ID, []],
      [APP_ID, []],
      [D.plain, []],
      [D.modA, [D.mods]],
      [D.channelManager, []],
      [D.modB, []],
    ]),
  });
  world.guilds.push({
    id: D.guildB,
    name: "Server B",
    ownerId: OWNER_ID,
    roles: [
      { id: D.guildB, name: "@everyone", permissions: EVERYONE_PERMISSIONS, mentionable: false },
      { id: D.modsB, name: "Mods B", permissions: P.manageGuild, mentionable: false },
      { id: D.pingB, name: "B readers", permissions: 0n, mentionable: true },
    ],
    channels: [{ id: D.channelB, name: "b-general", type: 0, overwrites: [] }],
    members: new Map([
      [OWNER_ID, []],
      [APP_ID, []],
      [D.plain, []],
      [D.modA, []],
      [D.modB, [D.modsB]],
    ]),
  });
  return world;
}

type DiscordCallerName =
  | "plain member"
  | "moderator of this server"
  | "Manage Channels on #announcements"
  | "moderator of another server"
  | "a DM";

const DISCORD_CALLERS: Record<
  DiscordCallerName,
  { userId: string; dm?: boolean; accepts: readonly TargetName[] }
> = {
  "plain member": { userId: D.plain, accepts: [] },
  "moderator of this server": { userId: D.modA, accepts: ["this chat", "another chat of the same server"] },
  "Manage Channels on #announcements": {
    userId: D.channelManager,
    accepts: ["another chat of the same server"],
  },
  "moderator of another server": { userId: D.modB, accepts: [] },
  "a DM": { userId: D.modA, dm: true, accepts: ["this chat"] },
};

const DISCORD_TARGETS: Record<TargetName, string | undefined> = {
  "this chat": undefined,
  "another chat of the same server": D.sameOther,
  "a chat of another server": D.channelB,
};

function discordOptions(action: Action): { name: string; options: Record<string, string> } {
  if (action === "alerts on" || action === "alerts off")
    return { name: "alerts", options: { state: action.slice(7) } };
  if (action === "set") return { name: "digest", options: { action: "set", time: "08:00", timezone: "UTC" } };
  return { name: "digest", options: { action } };
}

describe("Discord: who may change which channel", () => {
  let fake: FakeDiscordServer;
  let bot: DiscordBot;
  const store = new MemoryDigestStore();
  let app: App;
  const chats = [CHANNEL_ID, D.sameOther, D.channelB, D.dmOfModA];

  beforeAll(async () => {
    fake = await FakeDiscordServer.start(discordWorld());
    app = await createApp({ clock, digests: store });
    bot = await startDiscordBot({ token: FAKE_DISCORD_TOKEN, apiBase: fake.apiBase, app, log: () => {} });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  /** The message body a request carries: a webhook's, or an interaction response's `data` (type 4). */
  const messageBody = (r: RecordedRequest) => {
    const body = r.body as { type?: number; data?: unknown } | null;
    if (r.path.endsWith("/callback")) return body?.type === 4 ? (body.data as Record<string, unknown>) : null;
    return (r.method === "POST" || r.method === "PATCH") && /^\/(webhooks|channels)\//.test(r.path)
      ? (body as Record<string, unknown> | null)
      : null;
  };

  /** Runs a command and returns the ephemeral answer: an embed's title, or the refusal's one line. */
  async function run(init: Parameters<FakeDiscordServer["dispatchCommand"]>[0]) {
    const token = fake.dispatchCommand(init);
    const done = () =>
      fake.requestsFor(token).find((r) => messageBody(r) !== null && !r.path.endsWith("@original"));
    await fake.waitFor(() => done() !== undefined);
    const request = done();
    const body = (request ? messageBody(request) : null) as {
      content?: string;
      flags?: number;
      embeds?: Array<{ title?: string }>;
    };
    expect(body.flags).toBe(64); // only the caller sees it
    return body.content ?? body.embeds?.[0]?.title ?? "";
  }

  const cells = Object.entries(DISCORD_CALLERS).flatMap(([callerName, caller]) =>
    TARGETS.flatMap((targetName) => ACTIONS.map((action) => ({ callerName, caller, targetName, action }))),
  );

  it.each(cells)("$callerName → $targetName: $action", async ({ caller, targetName, action }) => {
    await seed(store, "discord", chats, action);
    const before = await snapshot(store);
    const { name, options } = discordOptions(action);
    const channel = DISCORD_TARGETS[targetName];
    const answer = await run({
      name,
      options: { ...options, ...(channel ? { channel } : {}) },
      userId: caller.userId,
      ...(caller.dm ? { dm: true, channelId: D.dmOfModA } : {}),
    });
    const after = await snapshot(store);
    const target = channel ?? (caller.dm ? D.dmOfModA : CHANNEL_ID);
    const accepted = caller.accepts.includes(targetName);
    expect(changed(before, after, target), answer).toBe(accepted);
    for (const other of chats.filter((c) => c !== target)) expect(changed(before, after, other)).toBe(false);
    if (!accepted) {
      expect(answer).not.toContain("\n");
      expect(answer).toMatch(/^(Only moderators|From a direct message|<#\d+> belongs to another server)/);
    }
  });

  it("checks the role to mention: this server's and mentionable, never @everyone; nothing stored otherwise", async () => {
    const set = { action: "set", time: "08:00", timezone: "UTC" };
    const cases: Array<[string, RegExp | null]> = [
      [D.pingable, null],
      [D.quiet, /^I cannot mention Quiet @\u200b?here: turn on "Allow anyone to @mention this role"/],
      [D.pingB, /^That role is not a role of this server\.$/],
      ["1457468924290660999", /^That role is not a role of this server\.$/],
      [GUILD_ID, /^I do not mention @everyone/],
    ];
    for (const [role, refusal] of cases) {
      await seed(store, "discord", [], "set");
      const answer = await run({ name: "digest", options: { ...set, role }, userId: D.modA });
      const stored = await store.getSchedule({ platform: "discord", chatId: CHANNEL_ID });
      if (refusal === null) {
        expect(answer).toBe("Digest scheduled");
        expect(stored?.mentionRoleId).toBe(role);
      } else {
        expect(answer).toMatch(refusal);
        expect(stored).toBeNull();
      }
    }
    const inDm = await run({
      name: "digest",
      options: { ...set, role: D.pingable },
      userId: D.modA,
      dm: true,
      channelId: D.dmOfModA,
    });
    expect(inDm).toBe("Roles can be mentioned only in a server channel.");
  });

  it("answers one line for a channel that does not exist, one the bot cannot see, and a member who left", async () => {
    await seed(store, "discord", [], "set");
    const set = { action: "set", time: "08:00", timezone: "UTC" };
    expect(
      await run({ name: "digest", options: { ...set, channel: "1457510428359000000" }, userId: D.modA }),
    ).toBe("I cannot find the channel <#1457510428359000000>.");
    expect(await run({ name: "digest", options: { ...set, channel: D.hidden }, userId: D.modA })).toBe(
      `I cannot see the channel <#${D.hidden}>: give me View Channel there, then try again.`,
    );
    // The interaction says the user is a member; by the time of the check they have left.
    expect(
      await run({
        name: "alerts",
        options: { state: "on" },
        userId: D.gone,
        permissions: String(P.manageGuild),
      }),
    ).toBe("You are not a member of this server any more, so you cannot change its settings.");
    expect(await store.listSchedules()).toEqual([]);
    expect(await store.listSubscriptions()).toEqual([]);
  });
  it("never pings: every message it sent in these tests allows no mention, whatever the user typed", async () => {
    const hostile = "@everyone <@1033044521375760011> <@&1457468924290660002>";
    const answer = await run({
      name: "digest",
      options: { action: "set", time: hostile, timezone: "UTC" },
      userId: D.modA,
    });
    expect(answer).toMatch(/time/i);
    const messages = fake.requests.filter(
      (r) =>
        (r.method === "POST" || r.method === "PATCH") && /^\/(webhooks|channels)\//.test(r.path) && r.body,
    );
    expect(messages.length).toBeGreaterThan(cells.length);
    for (const request of messages) {
      const allowed = (
        request.body as { allowed_mentions?: { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } }
      ).allowed_mentions;
      expect(allowed, `${request.method} ${request.path}`).toBeDefined();
      expect(allowed?.parse ?? []).toEqual([]);
      expect(allowed?.users ?? []).toEqual([]);
      expect(allowed?.roles ?? []).toEqual([]);
    }
  });
});

// ---- Telegram ---------------------------------------------------------------------------------------------

const T = {
  group: -1001234567890,
  channel: -1009876543210,
  otherGroup: -1005550000001,
  plain: 11,
  adminOfGroup: 12,
  adminOfOther: 13,
  bot: 8765336106,
};

type TelegramCallerName =
  | "plain member"
  | "admin of this group"
  | "admin of another group"
  | "a private chat"
  | "anonymous admin"
  | "a channel posting in the group";

const TELEGRAM_CALLERS: Record<
  TelegramCallerName,
  {
    userId: number;
    chatId: number;
    senderChat?: { id: number; type: "supergroup" | "channel" };
    accepts: readonly TargetName[];
  }
> = {
  "plain member": { userId: T.plain, chatId: T.group, accepts: [] },
  "admin of this group": {
    userId: T.adminOfGroup,
    chatId: T.group,
    accepts: ["this chat", "another chat of the same server"],
  },
  "admin of another group": {
    userId: T.adminOfOther,
    chatId: T.group,
    accepts: ["a chat of another server"],
  },
  "a private chat": {
    userId: T.adminOfGroup,
    chatId: T.adminOfGroup,
    accepts: ["this chat", "another chat of the same server"],
  },
  "anonymous admin": {
    userId: T.plain,
    chatId: T.group,
    senderChat: { id: T.group, type: "supergroup" },
    accepts: ["this chat"],
  },
  "a channel posting in the group": {
    userId: T.plain,
    chatId: T.group,
    senderChat: { id: T.channel, type: "channel" },
    accepts: [],
  },
};

/** Telegram has no servers: "another chat" is a channel the group's admin runs, "another server" another group. */
const TELEGRAM_TARGETS: Record<TargetName, string | undefined> = {
  "this chat": undefined,
  "another chat of the same server": "@riskon_news",
  "a chat of another server": "@other_group",
};
const TELEGRAM_TARGET_IDS: Record<string, number> = {
  "@riskon_news": T.channel,
  "@other_group": T.otherGroup,
};

function telegramText(action: Action, ref: string | undefined): string {
  const at = ref ? ` ${ref}` : "";
  if (action === "set") return `/digest set 08:00 UTC${at}`;
  if (action === "alerts on" || action === "alerts off") return `/alerts ${action.slice(7)}${at}`;
  return `/digest ${action}${at}`;
}

describe("Telegram: who may change which chat", () => {
  let fake: FakeTelegramServer;
  let bot: TelegramBot;
  const store = new MemoryDigestStore();
  const chats = [String(T.group), String(T.channel), String(T.otherGroup), String(T.adminOfGroup)];

  beforeAll(async () => {
    fake = await FakeTelegramServer.start();
    fake.addChat({ id: T.channel, type: "channel", title: "Riskon news", username: "riskon_news" });
    fake.addChat({ id: T.otherGroup, type: "supergroup", title: "Other group", username: "other_group" });
    for (const [chat, user, status] of [
      [T.group, T.adminOfGroup, "administrator"],
      [T.channel, T.adminOfGroup, "creator"],
      [T.otherGroup, T.adminOfOther, "administrator"],
      [T.channel, T.bot, "administrator"],
      [T.otherGroup, T.bot, "administrator"],
    ] as const)
      fake.memberStatus.set(`${chat}:${user}`, status);
    const app = await createApp({ clock, digests: store });
    bot = await startTelegramBot({
      token: FAKE_TOKEN,
      apiRoot: fake.apiRoot,
      app,
      log: () => {},
      limits: { perChatMs: 0, perGroupPerMinute: 100_000, globalPerSecond: 100_000 },
      cooldown: { userMs: 0, chatMs: 0 },
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  const cells = Object.entries(TELEGRAM_CALLERS).flatMap(([callerName, caller]) =>
    TARGETS.flatMap((targetName) => ACTIONS.map((action) => ({ callerName, caller, targetName, action }))),
  );

  it.each(cells)("$callerName → $targetName: $action", async ({ caller, targetName, action }) => {
    await seed(store, "telegram", chats, action);
    const before = await snapshot(store);
    const ref = TELEGRAM_TARGETS[targetName];
    const sent = fake.sends().length;
    const isGroup = caller.chatId < 0;
    fake.pushMessage(telegramText(action, ref), {
      chatId: caller.chatId,
      chatType: isGroup ? "supergroup" : "private",
      userId: caller.userId,
      ...(caller.senderChat ? { senderChat: caller.senderChat } : {}),
    });
    // The last post of every answer goes to the chat the command came from.
    const inOrigin = () =>
      fake
        .sends()
        .slice(sent)
        .filter((c) => String(c.params.chat_id) === String(caller.chatId));
    await fake.waitFor(() => inOrigin().length > 0);
    const answer = String(inOrigin()[0]?.params.text ?? "");
    const after = await snapshot(store);
    const target = ref ? String(TELEGRAM_TARGET_IDS[ref]) : String(caller.chatId);
    const accepted = caller.accepts.includes(targetName);
    expect(changed(before, after, target), answer).toBe(accepted);
    for (const other of chats.filter((c) => c !== target)) expect(changed(before, after, other)).toBe(false);
    if (!accepted) {
      expect(answer).not.toContain("\n");
      expect(answer).toMatch(
        /^(Only administrators of|Messages sent on behalf of a channel|You are writing anonymously)/,
      );
    }
  });

  it("never pings on Telegram: @names the user typed come back as plain text", async () => {
    const sent = fake.sends().length;
    for (const text of [
      "/russell @victim_user",
      "/digest set 08:00 UTC @victim_user",
      "/alerts on <b>@victim_user</b>",
    ]) {
      fake.pushMessage(text, { chatId: T.group, chatType: "supergroup", userId: T.adminOfGroup });
    }
    await fake.waitFor(() => fake.sends().length >= sent + 3);
    const answers = fake
      .sends()
      .slice(sent)
      .map((c) => String(c.params.text ?? c.params.caption ?? ""));
    expect(answers.join("\n")).toContain("victim_user");
    for (const answer of answers) expect(telegramMentions(answer)).toEqual([]);
    // The same check catches a mention when there is one.
    expect(telegramMentions("hi @victim_user")).toEqual(["victim_user"]);
  });
});
