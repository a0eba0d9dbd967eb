// startPlatforms starts what has tokens and stops it all; the config names a bad variable.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/config.ts";
import { hasPlatforms, startPlatforms } from "../../src/platforms/start.ts";
import {
  APP_ID,
  DISALLOWED_INTENTS,
  FAKE_DISCORD_TOKEN,
  FakeDiscordServer,
} from "../fakes/discord-server.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("loadConfig", () => {
  it("reads the platform variables and names a malformed one", () => {
    expect(hasPlatforms(loadConfig({}))).toBe(false);
    expect(loadConfig({}).cooldown).toEqual({ userMs: 5000, chatMs: 2000 });
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: "1:abc", RISKON_USER_COOLDOWN_SECONDS: "3" })).toMatchObject({
      telegram: { token: "1:abc" },
      cooldown: { userMs: 3000 },
    });
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "nope" })).toThrow(/^TELEGRAM_BOT_TOKEN: /);
    expect(() => loadConfig({ TELEGRAM_API_ROOT: "ftp://x" })).toThrow(/^TELEGRAM_API_ROOT: /);
    expect(() => loadConfig({ DISCORD_TOKEN: "x".repeat(30) })).toThrow(/^DISCORD_APP_ID: required/);
    expect(() => loadConfig({ DISCORD_GUILD_ID: "general" })).toThrow(/^DISCORD_GUILD_ID: /);
    expect(() => loadConfig({ RISKON_CHAT_COOLDOWN_SECONDS: "-1" })).toThrow(
      /^RISKON_CHAT_COOLDOWN_SECONDS: /,
    );
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: "" }).telegram).toBeUndefined();
  });
});

describe("startPlatforms", () => {
  it("starts Telegram and Discord from the environment and stops both", async () => {
    const telegram = await FakeTelegramServer.start();
    closers.push(() => telegram.close());
    const discord = await FakeDiscordServer.start();
    closers.push(() => discord.close());
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APP_ID: APP_ID,
      DISCORD_API_BASE: discord.apiBase,
    });
    const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
    const logs: string[] = [];
    const platforms = await startPlatforms(app, config, (m) => logs.push(m));
    expect(platforms.names).toEqual(["telegram", "discord"]);
    expect(discord.connected).toBe(1);
    await platforms.stop();
    expect(logs.join("\n")).not.toContain(FAKE_TOKEN);
    expect(logs.join("\n")).not.toContain(FAKE_DISCORD_TOKEN);
  });

  it("reports Telegram's 409 as a platform failure, so the owner can stop everything and exit non-zero", async () => {
    const telegram = await FakeTelegramServer.start();
    closers.push(() => telegram.close());
    const discord = await FakeDiscordServer.start();
    closers.push(() => discord.close());
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APP_ID: APP_ID,
      DISCORD_API_BASE: discord.apiBase,
    });
    const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
    const logs: string[] = [];
    const platforms = await startPlatforms(app, config, (m) => logs.push(m));
    telegram.startPollingConflict(); // a second process starts polling the same token
    const failure = await platforms.failed;
    expect(failure.platform).toBe("telegram");
    expect(failure.error.message).toMatch(
      /^telegram: polling stopped: another process is polling with this token; only one may run \(409 Conflict: /,
    );
    expect(logs.filter((l) => l.includes("another process is polling"))).toHaveLength(1);
    // What main does next: stop everything cleanly (Discord included), then exit non-zero.
    await platforms.stop();
    await expect.poll(() => discord.connected).toBe(0);
  });

  it("reports Discord's gateway closing for good (4014) as a platform failure and stops Telegram too", async () => {
    const telegram = await FakeTelegramServer.start();
    closers.push(() => telegram.close());
    const discord = await FakeDiscordServer.start();
    closers.push(() => discord.close());
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APP_ID: APP_ID,
      DISCORD_API_BASE: discord.apiBase,
    });
    const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
    const logs: string[] = [];
    const platforms = await startPlatforms(app, config, (m) => logs.push(m));
    discord.closeGateway(DISALLOWED_INTENTS);
    const failure = await platforms.failed;
    expect(failure.platform).toBe("discord");
    expect(failure.error.message).toMatch(
      /^discord: gateway closed for good: .*\(4014 Disallowed intent\(s\)\)$/,
    );
    expect(logs.filter((l) => l.includes("gateway closed for good"))).toEqual([failure.error.message]);
    await platforms.stop();
    expect(discord.connected).toBe(0);
  });
});
