// End to end with the real discord.js client against a local fake REST API and gateway.
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import { BRIEF_LIMIT } from "../../src/core/answers/reply.ts";
import { ConfigError } from "../../src/core/base/errors.ts";
import { localeFor } from "../../src/i18n/index.ts";
import {
  type RenderChart,
  type RunningBot,
  startDiscordBot,
} from "../../src/platforms/discord/discord-bot.ts";
import { renderDiscordEmbed } from "../../src/platforms/discord/discord-embed.ts";
import { NOT_YOUR_BUTTON } from "../../src/platforms/discord/handlers/buttons.ts";
import { registerDiscordCommands } from "../../src/platforms/discord/register.ts";
import { buildSlashCommands } from "../../src/platforms/discord/slash-commands.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import {
  APP_ID,
  AUTHENTICATION_FAILED,
  CHANNEL_ID,
  defaultWorld,
  FAKE_DISCORD_TOKEN,
  FakeDiscordServer,
  GUILD_ID,
  type RecordedRequest,
  USER_ID,
} from "../fakes/discord-server.ts";
import { type DiscordWorld, P } from "../fakes/discord-world.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");
const EPHEMERAL = 64;

let appPromise: Promise<App> | undefined;
const sharedApp = () => {
  appPromise ??= createApp({ clock });
  return appPromise;
};

const pngChart: RenderChart = async () => {
  const png = new PNG({ width: 8, height: 6 });
  png.data.fill(120);
  return PNG.sync.write(png);
};

const running: Array<{ fake: FakeDiscordServer; bot?: RunningBot }> = [];

afterEach(async () => {
  for (const h of running.splice(0)) {
    await h.bot?.stop();
    await h.fake.close();
  }
});

async function start(options: { app?: App; renderChart?: RenderChart; world?: DiscordWorld } = {}) {
  const fake = await FakeDiscordServer.start(options.world);
  const entry: { fake: FakeDiscordServer; bot?: RunningBot } = { fake };
  running.push(entry);
  const logs: string[] = [];
  entry.bot = await startDiscordBot({
    token: FAKE_DISCORD_TOKEN,
    apiBase: fake.apiBase,
    app: options.app ?? (await sharedApp()),
    log: (message, error) => logs.push(error === undefined ? message : `${message} - ${String(error)}`),
    readyTimeoutMs: 10_000,
    ...(options.renderChart ? { renderChart: options.renderChart } : {}),
  });
  return { fake, logs, bot: entry.bot };
}

/** Settles with "pending" when the promise has not settled by the next macrotask. */
const stateOf = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(() => "settled"),
    new Promise((resolve) => setTimeout(() => resolve("pending"), 0)),
  ]);

type Button = { label: string; custom_id: string; style: number };
const componentsOf = (request: RecordedRequest | undefined) =>
  ((request?.body as { components?: Array<{ components: Button[] }> } | null)?.components ?? []) as Array<{
    components: Button[];
  }>;
const buttonIn = (components: unknown, label: string): string => {
  const rows = (components ?? []) as Array<{ components: Button[] }>;
  const button = rows.flatMap((r) => r.components).find((b) => b.label === label);
  if (!button) throw new Error(`no button ${label}`);
  return button.custom_id;
};

type Embed = { title?: string; description?: string; footer?: { text: string }; image?: { url: string } };
const embedOf = (request: RecordedRequest | undefined): Embed | undefined =>
  (request?.body as { embeds?: Embed[] } | null | undefined)?.embeds?.[0];

describe("Discord adapter", () => {
  it("logs in through the fake gateway and answers /russell: defer, then an embed with the chart attached", async () => {
    const app = await sharedApp();
    const { fake, logs } = await start({ renderChart: pngChart });
    expect(fake.identifies).toHaveLength(1);
    const token = fake.dispatchCommand({ name: "russell", options: { vs: "eth", range: "1y" } });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    const [callback, edit] = fake.requestsFor(token);
    expect(callback?.method).toBe("POST");
    expect(callback?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit?.files).toEqual([{ field: "files[0]", name: "chart.png", isPng: true }]);
    const embed = embedOf(edit);
    const expected = await app.run("russell", ["vs:eth", "range:1y"]);
    expect(embed?.title).toBe(expected.title);
    // The short first answer; the details (the analog table, the sources, …) are behind the buttons.
    expect(`${embed?.title}\n${embed?.description}`.length).toBeLessThanOrEqual(BRIEF_LIMIT + 20);
    expect(embed?.description).toContain("ETH 365d after");
    expect(embed?.description).toContain("any 365 days");
    expect(embed?.image?.url).toBe("attachment://chart.png");
    const labels = componentsOf(edit).map((row) => row.components.map((b) => b.label));
    expect(labels).toEqual([
      ["btc", "eth", "others"],
      ["1y", "5y", "max"],
      ["After breakouts", "Correlation", "Rule sensitivity"],
      ["Definitions", "Caveats", "Sources", "CSV"],
    ]);
    // The options shown are marked and disabled; every custom_id differs (the fake refuses repeats, as Discord does).
    const buttons = componentsOf(edit).flatMap((row) => row.components) as Array<
      Button & { disabled?: boolean }
    >;
    expect(buttons.filter((b) => b.disabled).map((b) => b.label)).toEqual(["eth", "1y"]);
    expect(new Set(buttons.map((b) => b.custom_id)).size).toBe(buttons.length);
    // Nobody is pinged by an answer, whatever its text holds (the client's default allowed_mentions).
    expect((edit?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: [],
      replied_user: false,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(logs.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("answers the read-only commands in a DM with the bot, chart included", async () => {
    const { fake, logs } = await start({ renderChart: pngChart });
    const token = fake.dispatchCommand({ name: "russell", dm: true });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    const [callback, edit] = fake.requestsFor(token);
    expect(callback?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit?.files).toEqual([{ field: "files[0]", name: "chart.png", isPng: true }]);
    expect(embedOf(edit)?.title).toMatch(/^Russell 2000 \(\^RUT\) vs BTC/);
    expect(logs.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("sends the embed alone when there is no chart (/altseason)", async () => {
    const { fake, logs } = await start();
    const token = fake.dispatchCommand({ name: "altseason" });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    const edit = fake.requestsFor(token).find((r) => r.method === "PATCH");
    expect(edit?.files).toEqual([]);
    const embed = embedOf(edit);
    expect(embed?.description).toContain("Altcoin Season Index");
    expect(embed?.image).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(logs.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("answers a bad argument with an ephemeral one-line reply and no defer", async () => {
    const { fake } = await start();
    const token = fake.dispatchCommand({ name: "russell", options: { date: "2020-02-31" } });
    await fake.waitFor(() => fake.requestsFor(token).length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    const requests = fake.requestsFor(token);
    expect(requests).toHaveLength(1);
    const body = requests[0]?.body as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/^date must be a date written YYYY-MM-DD/);
  });

  it("apologises ephemerally when a command fails inside", async () => {
    const app = await sharedApp();
    const broken: App = { ...app, run: async () => Promise.reject(new Error("boom")) };
    const { fake, logs } = await start({ app: broken });
    const token = fake.dispatchCommand({ name: "russell" });
    await fake.waitFor(() =>
      fake.requestsFor(token).some((r) => r.method === "POST" && r.path.startsWith("/webhooks")),
    );
    const followUp = fake
      .requestsFor(token)
      .find((r) => r.path.startsWith("/webhooks") && r.method === "POST");
    expect(followUp?.body).toMatchObject({
      content: "Sorry, something went wrong on our side; the error was logged.",
      flags: EPHEMERAL,
    });
    expect(fake.requestsFor(token).some((r) => r.method === "DELETE")).toBe(true);
    expect(logs.join("\n")).toContain("boom");
  });

  it("sends a reply marked ephemeral only to the caller", async () => {
    const app = await sharedApp();
    const privately: App = {
      ...app,
      run: async (name, tokens, caller) => ({ ...(await app.run(name, tokens, caller)), ephemeral: true }),
    };
    const { fake } = await start({ app: privately });
    const token = fake.dispatchCommand({ name: "help" });
    await fake.waitFor(() =>
      fake.requestsFor(token).some((r) => r.method === "POST" && r.path.startsWith("/webhooks")),
    );
    const requests = fake.requestsFor(token);
    expect(requests.map((r) => r.method)).toEqual(["POST", "DELETE", "POST"]);
    expect(requests[2]?.body).toMatchObject({ flags: EPHEMERAL });
    expect(embedOf(requests[2])?.title).toBeTruthy();
  });
});

describe("digests on Discord", () => {
  it("a digest is one message: both answers' embeds, the chart, the role allowed to ping; a resend is deduplicated by its nonce", async () => {
    const app = await sharedApp();
    const { fake, bot } = await start();
    const replies = await Promise.all([app.run("russell", []), app.run("altseason", [])]);
    const png = await pngChart(replies[0] as never);
    const message = {
      replies,
      png: png as Uint8Array,
      mentionRoleId: "1457468924290660002",
      deliveryId: "digest:discord:1457510428359004343:2026-11-23:480@UTC",
    };
    await bot?.sender.send(CHANNEL_ID, message);
    // The post was in flight when the process died: the restarted bot sends it again, Discord keeps one.
    await bot?.sender.send(CHANNEL_ID, message);
    const posts = fake.requests.filter(
      (r) => r.method === "POST" && r.path === `/channels/${CHANNEL_ID}/messages`,
    );
    expect(posts).toHaveLength(2);
    expect(fake.posted).toHaveLength(1);
    const body = fake.posted[0]?.body as {
      content?: string;
      embeds?: Array<{
        title?: string;
        description?: string;
        footer?: { text: string };
        image?: { url: string };
      }>;
      allowed_mentions?: unknown;
      nonce?: string;
      enforce_nonce?: boolean;
    };
    expect(body.content).toBe("<@&1457468924290660002>");
    expect(body.allowed_mentions).toEqual({ parse: [], users: [], roles: ["1457468924290660002"] });
    expect(body.nonce).toHaveLength(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.embeds?.map((e) => e.title)).toEqual([replies[0]?.title, replies[1]?.title]);
    expect(body.embeds?.[0]?.image?.url).toBe("attachment://chart.png");
    const characters = (body.embeds ?? []).reduce(
      (n, e) => n + (e.title ?? "").length + (e.description ?? "").length + (e.footer?.text ?? "").length,
      0,
    );
    expect(characters).toBeLessThanOrEqual(6000);
    expect(fake.posted[0]?.files.map((f) => f.isPng)).toEqual([true]);
  });
});

describe("Discord gateway closes", () => {
  it("refuses to start with one line naming DISCORD_TOKEN when Discord's REST API rejects the token (401)", async () => {
    const fake = await FakeDiscordServer.start();
    running.push({ fake });
    const error = await startDiscordBot({
      token: "not-the-token",
      apiBase: fake.apiBase,
      app: await sharedApp(),
      log: () => {},
      readyTimeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("Discord rejected DISCORD_TOKEN");
    expect((error as Error).message).not.toContain("not-the-token");
  });

  it("refuses to start with one clear line when the gateway rejects the token (4004)", async () => {
    const fake = await FakeDiscordServer.start();
    running.push({ fake });
    fake.refuseSessions = AUTHENTICATION_FAILED;
    const logs: string[] = [];
    const started = Date.now();
    const error = await startDiscordBot({
      token: FAKE_DISCORD_TOKEN,
      apiBase: fake.apiBase,
      app: await sharedApp(),
      log: (m) => logs.push(m),
      readyTimeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "discord: gateway closed for good: Discord no longer accepts DISCORD_TOKEN; was it reset in the Developer " +
        "Portal? (4004 Authentication failed)",
    );
    expect(Date.now() - started).toBeLessThan(5000); // at once, not after the ready timeout
    expect(fake.identifies).toHaveLength(1); // no retry with a refused token
    await expect.poll(() => fake.connected).toBe(0);
  });

  it("settles failed and logs one line when Discord refuses the session after start (token reset)", async () => {
    const { fake, logs, bot } = await start();
    expect(await stateOf(bot.failed)).toBe("pending");
    // The connection drops, discord.js resumes, and Discord refuses the resume: the token was reset meanwhile.
    fake.refuseSessions = AUTHENTICATION_FAILED;
    fake.closeGateway();
    const failure = await bot.failed;
    expect(failure.code).toBe(4004);
    expect(fake.resumes).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith("discord: gateway closed for good"))).toEqual([failure.message]);
    await bot.stop();
    expect(logs.filter((l) => l.startsWith("discord: gateway closed for good"))).toHaveLength(1);
  });

  it("resumes after any other close and keeps answering, without reporting a failure", async () => {
    const { fake, bot } = await start();
    fake.closeGateway(); // 4000 Unknown error: discord.js resumes
    await expect.poll(() => fake.resumes.length, { timeout: 5000 }).toBe(1);
    const token = fake.dispatchCommand({ name: "altseason" });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    expect(await stateOf(bot.failed)).toBe("pending");
  });
});

describe("Discord slash commands", () => {
  it("autocompletes index, vs, range and time zones through the gateway, matching what each value means", async () => {
    const { fake } = await start();
    const suggest = async (
      name: string,
      option: string,
      typed: string,
      rest: Record<string, string> = {},
    ) => {
      const token = fake.dispatchCommand({ name, options: { ...rest, [option]: typed }, focused: option });
      await fake.waitFor(() => fake.requestsFor(token).length > 0);
      const body = fake.requestsFor(token)[0]?.body as { type: number; data: { choices: unknown[] } };
      expect(body.type).toBe(8);
      return body.data.choices;
    };
    expect(await suggest("russell", "index", "val")).toEqual([
      { name: "value — Russell 2000 Value (IWN)", value: "value" },
    ]);
    expect(await suggest("russell", "vs", "total")).toEqual([
      { name: "others — TOTAL3 (weekly, CoinMarketCap)", value: "others" },
    ]);
    expect((await suggest("russell", "range", "")).map((c) => (c as { value: string }).value)).toEqual([
      "1y",
      "3y",
      "5y",
      "10y",
      "max",
    ]);
    expect(await suggest("russell", "range", "5")).toEqual([{ name: "5y — 5 years (default)", value: "5y" }]);
    expect(await suggest("russell", "vs", "doge")).toEqual([]);
    const zones = (await suggest("digest", "timezone", "berl", { action: "set" })) as Array<{
      value: string;
    }>;
    expect(zones[0]?.value).toBe("Europe/Berlin");
  });

  it("are built from the command definitions and registered per guild or globally", async () => {
    const app = await sharedApp();
    const built = buildSlashCommands(app.commands);
    const russell = built.find((c) => c.name === "russell");
    expect(russell?.options?.map((o) => o.name)).toEqual(["index", "vs", "range", "date"]);
    // index, vs and range autocomplete (with what each value means); a fixed choice list stays a picker.
    for (const option of russell?.options?.slice(0, 3) ?? [])
      expect(option).toMatchObject({ type: 3, autocomplete: true });
    expect(russell?.options?.[1]).not.toHaveProperty("choices");
    const digest = built.find((c) => c.name === "digest");
    expect(digest?.options?.find((o) => o.name === "content")).toMatchObject({
      choices: [
        { name: "both", value: "both" },
        { name: "russell", value: "russell" },
        { name: "altseason", value: "altseason" },
        { name: "liquidity", value: "liquidity" },
        { name: "all", value: "all" },
      ],
    });
    // Moderator commands are hidden from members without Manage Server (bit 5 = 0x20); all work in DMs.
    const hidden = built.filter((c) => c.default_member_permissions !== undefined).map((c) => c.name);
    expect(hidden.sort()).toEqual(["alerts", "digest", "settings"]);
    for (const name of hidden)
      expect(built.find((c) => c.name === name)?.default_member_permissions).toBe("32");
    for (const command of built) {
      expect(command.contexts).toEqual([0, 1]);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options ?? []) expect(option.description.length).toBeLessThanOrEqual(100);
      // Each command's description in Spanish for Spanish Discord clients (Spain and Latin America).
      const es = command.description_localizations?.["es-ES"];
      const spanish = localeFor("es").t(`commands.${command.name}`);
      expect(es, command.name).toBe(spanish.length <= 100 ? spanish : `${spanish.slice(0, 99)}…`);
      expect(command.description_localizations?.["es-419"]).toBe(es);
    }
    const fake = await FakeDiscordServer.start();
    running.push({ fake });
    const config = { token: FAKE_DISCORD_TOKEN, appId: APP_ID, apiBase: fake.apiBase };
    expect(await registerDiscordCommands(app.commands, { ...config, guildId: GUILD_ID })).toEqual({
      scope: "guild",
      count: app.commands.length,
    });
    expect(await registerDiscordCommands(app.commands, config)).toEqual({
      scope: "global",
      count: app.commands.length,
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
      `PUT /applications/${APP_ID}/commands`,
    ]);
    expect(fake.requests[0]?.body).toEqual(built);
  });

  it("renders the embed within Discord's limits", async () => {
    const app = await sharedApp();
    const reply = await app.run("russell", []);
    const embed = renderDiscordEmbed({ ...reply, notes: [...reply.notes, "x".repeat(5000)] });
    const size =
      (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    expect(size).toBeLessThanOrEqual(6000);
    expect(embed.description).toContain(reply.table?.rows[0]?.[0] ?? "missing");
  });
});

describe("Discord: the short answer, its buttons and settings", () => {
  it("buttons: details and CSV open only to the presser; a switch redraws the message; others and stale presses change nothing", async () => {
    const { fake, logs } = await start({ renderChart: pngChart });
    const other = "1033044521375769999";
    fake.world.addUser({ id: other, username: "someoneelse" });
    fake.world.guilds[0]?.members.set(other, []);
    const token = fake.dispatchCommand({ name: "russell", options: { range: "1y" } });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    const message = fake.answerOf(token);
    if (!message) throw new Error("no answer");
    const edits = message.edits; // the deferred answer's content counts as one
    const press = async (label: string, userId: string = USER_ID, customId?: string) => {
      const pressed = fake.dispatchButton({
        customId: customId ?? buttonIn(message.body.components, label),
        messageId: message.id,
        userId,
      });
      await fake.waitFor(
        () =>
          fake
            .requestsFor(pressed)
            .some((r) => r.method === "PATCH" || (r.method === "POST" && r.path.startsWith("/webhooks"))) ||
          fake.requestsFor(pressed).some((r) => (r.body as { type?: number } | null)?.type === 4),
      );
      return fake.requestsFor(pressed);
    };

    // Anyone may open a part of the answer: only they see it (ephemeral), the message stays as it was.
    const details = await press("After breakouts", other);
    expect(details[0]?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(embedOf(details[1])?.title).toMatch(/· After breakouts$/);
    expect(embedOf(details[1])?.description).toContain("```\nevent");
    const csv = await press("CSV", other);
    expect(csv[1]?.files.map((f) => f.name)).toEqual([
      "russell-rut-btc-2026-08-21-series.csv",
      "russell-rut-btc-2026-08-21-analogs.csv",
    ]);
    expect(message.edits).toBe(edits);

    // Switching the chart is for the member who asked (or a moderator).
    const refused = await press("eth", other);
    expect(refused[0]?.body).toMatchObject({ type: 4, data: { content: NOT_YOUR_BUTTON, flags: EPHEMERAL } });
    expect(message.edits).toBe(edits);
    const eth = buttonIn(message.body.components, "eth");
    const stale = await press(
      "eth",
      USER_ID,
      eth.replace(/\|a(\d{6})$/, (_, d: string) => `|a${Number(d) - 1}`),
    );
    expect(stale[0]?.body).toEqual({ type: 6 });
    expect(String((stale[1]?.body as { content?: string } | null)?.content)).toMatch(
      /^This answer is as of 2026-08-20; the data has moved on/,
    );
    expect(message.edits).toBe(edits);

    const switched = await press("eth");
    expect(switched[0]?.body).toEqual({ type: 6 });
    expect(embedOf(switched[1])?.title).toContain("vs ETH");
    expect(switched[1]?.files).toEqual([{ field: "files[0]", name: "chart.png", isPng: true }]);
    expect(message.edits).toBe(edits + 1);
    expect(buttonIn(message.body.components, "eth")).toContain(`|o${USER_ID}`);
    // A moderator (Manage Server) may switch it too; the buttons keep naming who asked.
    const moderator = fake.dispatchButton({
      customId: buttonIn(message.body.components, "others"),
      messageId: message.id,
      userId: other,
      permissions: String(P.viewChannel | P.sendMessages | P.manageGuild),
    });
    await fake.waitFor(() => fake.requestsFor(moderator).some((r) => r.method === "PATCH"));
    expect(embedOf(fake.requestsFor(moderator)[1])?.title).toContain("vs TOTAL3");
    expect(message.edits).toBe(edits + 2);
    expect(buttonIn(message.body.components, "eth")).toContain(`|o${USER_ID}`);
    expect(logs.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("/settings: a moderator sets the channel's defaults; a member's /russell uses them", async () => {
    const digests = new MemoryDigestStore();
    const app = await createApp({ clock, digests });
    // A second member is a moderator: a role with Manage Server (the bot checks it through REST, never trusts it).
    const world = defaultWorld();
    const moderator = "1033044521375768888";
    world.addUser({ id: moderator, username: "moderator" });
    world.guilds[0]?.roles.push({
      id: "1457473602180870001",
      name: "Mods",
      permissions: P.manageGuild,
      mentionable: false,
    });
    world.guilds[0]?.members.set(moderator, ["1457473602180870001"]);
    const { fake } = await start({ app, world });
    const refused = fake.dispatchCommand({ name: "settings", options: { action: "set", vs: "eth" } });
    const followUp = (t: string) =>
      fake.requestsFor(t).find((r) => r.method === "POST" && r.path.startsWith("/webhooks"));
    await fake.waitFor(() => followUp(refused) !== undefined);
    expect(JSON.stringify(followUp(refused)?.body)).toMatch(/"content":"Only moderators .*Manage Server/);
    expect(await digests.getChatSettings({ platform: "discord", chatId: CHANNEL_ID })).toBeNull();
    const guild = fake.world.guilds[0];
    guild?.roles.push({
      id: "1457473602180870001",
      name: "Mods",
      permissions: P.manageGuild,
      mentionable: false,
    });
    guild?.members.set(USER_ID, ["1457473602180870001"]);
    const set = fake.dispatchCommand({
      name: "settings",
      options: { action: "set", index: "value", vs: "eth" },
    });
    await fake.waitFor(() =>
      fake.requestsFor(set).some((r) => r.method === "POST" && r.path.startsWith("/webhooks")),
    );
    expect(JSON.stringify(followUp(set)?.body)).toContain('"title":"Settings saved"');
    expect(await digests.getChatSettings({ platform: "discord", chatId: CHANNEL_ID })).toMatchObject({
      defaults: { index: "value", vs: "eth" },
    });
    const token = fake.dispatchCommand({ name: "russell" });
    await fake.waitFor(() => fake.requestsFor(token).some((r) => r.method === "PATCH"));
    const edit = fake.requestsFor(token).find((r) => r.method === "PATCH");
    expect(embedOf(edit)?.title).toMatch(/^Russell 2000 Value \(IWN\) vs ETH/);
    const eth = componentsOf(edit)[0]?.components.find((b) => b.label === "eth");
    expect(eth?.style).toBe(1); // the option shown
  });
});
