// /settings: a chat's defaults for its answers and its digest time zone, set by moderators only, applied to
// what members ask in that chat (what they type wins), shown in the JSON, and kept in the store.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { UserError } from "../../src/core/base/errors.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { groupCaller as caller } from "../support/chat-caller.ts";

const clock = () => new Date("2026-11-21T10:00:00Z");

async function setup() {
  const digests = new MemoryDigestStore();
  return { digests, app: await createApp({ clock, digests }) };
}

describe("/settings", () => {
  it("sets this chat's defaults; its members' answers use them, what they type wins, other chats are untouched", async () => {
    const { app, digests } = await setup();
    const saved = await app.run("settings", ["set", "value", "vs:eth", "range:1y"], caller(true));
    expect(saved.title).toBe("Settings saved");
    expect(saved.lines[0]).toBe(
      "Defaults for this chat's answers: index:value vs:eth range:1y (what a member types wins).",
    );
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toMatchObject({
      defaults: { index: "value", vs: "eth", range: "1y" },
      updatedBy: "mod",
    });

    const answer = await app.run("russell", [], caller(false));
    expect(answer.title).toMatch(/^Russell 2000 Value \(IWN\) vs ETH/);
    expect(answer.data.chatDefaults).toEqual({ index: "value", vs: "eth", range: "1y" });
    expect(answer.options).toMatchObject({ index: "value", vs: "eth", range: "1y" });
    // The same answer as typing the options.
    const typed = await app.run("russell", ["value", "vs:eth", "range:1y"]);
    expect(answer.lines).toEqual(typed.lines);

    const own = await app.run("russell", ["vs:btc"], caller(false));
    expect(own.title).toMatch(/vs BTC/);
    expect(own.data.chatDefaults).toEqual({ index: "value", range: "1y" });

    const elsewhere = await app.run("russell", [], caller(false, "-1002"));
    expect(elsewhere.title).toMatch(/^Russell 2000 \(\^RUT\) vs BTC/);
    expect(elsewhere.data.chatDefaults).toBeUndefined();
    // /altseason takes the range only.
    expect((await app.run("altseason", [], caller(false))).data.chatDefaults).toEqual({ range: "1y" });
  });

  it("a later set changes only what it names; reset removes them; show says what is set", async () => {
    const { app } = await setup();
    await app.run("settings", ["set", "vs:eth"], caller(true));
    await app.run("settings", ["set", "range:max"], caller(true));
    const shown = await app.run("settings", [], caller(true));
    expect(shown.lines[0]).toBe(
      "Defaults for this chat's answers: vs:eth range:max (what a member types wins).",
    );
    const reset = await app.run("settings", ["reset"], caller(true));
    expect(reset.data).toMatchObject({ action: "reset", changed: true });
    expect((await app.run("russell", [], caller(false))).data.chatDefaults).toBeUndefined();
  });

  it("a time zone set here is the one /digest set uses when none is typed", async () => {
    const { app, digests } = await setup();
    await expect(app.run("digest", ["set", "08:00"], caller(true))).rejects.toThrow(
      /usage: \/digest set HH:MM Area\/City .*\/settings set timezone:Area\/City/,
    );
    await app.run("settings", ["set", "timezone:Asia/Tokyo"], caller(true));
    await app.run("digest", ["set", "08:00"], caller(true));
    expect(await digests.getSchedule({ platform: "telegram", chatId: "-1001" })).toMatchObject({
      minuteOfDay: 480,
      timeZone: "Asia/Tokyo",
    });
  });

  it.each([
    [["set", "vs:doge"], /^vs must be one of btc, eth, others, not "doge"/],
    [["set", "range:7y"], /^range must be one of 1y, 3y, 5y, 10y, max, not "7y"/],
    [["set", "timezone:Mars/Olympus"], /Mars\/Olympus/],
    [["set"], /^nothing to set: give index, vs, range, language or timezone/],
    [["set", "language:xx"], /^language must be one of en, es, not "xx"/],
  ])("refuses %j in one line and changes nothing", async (tokens, message) => {
    const { app, digests } = await setup();
    await app.run("settings", ["set", "vs:eth"], caller(true));
    const before = await digests.getChatSettings({ platform: "telegram", chatId: "-1001" });
    const error = await app.run("settings", tokens, caller(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(String((error as Error).message)).toMatch(message);
    expect(String((error as Error).message)).not.toContain("\n");
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toEqual(before);
  });

  it("a member who is not a moderator cannot change them", async () => {
    const { app, digests } = await setup();
    await expect(app.run("settings", ["set", "vs:eth"], caller(false))).rejects.toThrow(
      "Only moderators can change this chat's settings for this chat.",
    );
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1001" })).toBeNull();
  });
});
