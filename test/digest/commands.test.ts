import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { Caller } from "../../src/core/answers/command.ts";
import { UserError } from "../../src/core/base/errors.ts";
import { renderDiscordEmbed } from "../../src/platforms/discord/discord-embed.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";

const clock = () => new Date("2026-11-21T10:00:00Z"); // a Saturday

function caller(moderator: boolean, fields: Partial<Caller> = {}): Caller {
  return {
    platform: "telegram",
    userId: moderator ? "mod" : "member",
    chatId: "-1001",
    isPrivateChat: false,
    // The platform's rule, reduced: this chat or @riskon_news; moderators only.
    authorizeChange: async ({ chatRef, roleRef, what }) => {
      if (chatRef !== undefined && chatRef !== "@riskon_news")
        throw new UserError(`I cannot find the chat ${chatRef}; is the bot a member of it?`);
      if (!moderator) throw new UserError(`Only moderators can change ${what} for this chat.`);
      return {
        chatId: chatRef === undefined ? "-1001" : "-1009",
        ...(roleRef ? { mentionRoleId: roleRef.replace(/\D/g, "") } : {}),
      };
    },
    ...fields,
  };
}

async function setup() {
  const digests = new MemoryDigestStore();
  const app = await createApp({ clock, digests });
  return { digests, app };
}

describe("/digest", () => {
  it("set takes positional time, zone, content and days, as people type them", async () => {
    const { app, digests } = await setup();
    const reply = await app.run(
      "digest",
      ["set", "08:00", "Europe/Berlin", "russell", "weekdays"],
      caller(true),
    );
    expect(reply.title).toBe("Digest scheduled");
    // Next weekday after Sat 2026-11-21 is Mon 11-23; 08:00 CET = 07:00 UTC.
    expect(reply.lines.join("\n")).toContain("Next: 2026-11-23 08:00 Europe/Berlin (2026-11-23 07:00 UTC)");
    // The moment is declared, so Discord can show it in each reader's zone: 2026-11-23T07:00Z = 1795417200 s.
    const instant = Date.parse("2026-11-23T07:00:00Z");
    expect(reply.instants).toEqual([
      { text: "2026-11-23 08:00 Europe/Berlin (2026-11-23 07:00 UTC)", epochMs: instant },
    ]);
    expect(renderDiscordEmbed(reply).description).toContain("Next: <t:1795417200:F> (<t:1795417200:R>).");
    expect(await digests.getSchedule({ platform: "telegram", chatId: "-1001" })).toMatchObject({
      minuteOfDay: 480,
      timeZone: "Europe/Berlin",
      content: "russell",
      days: "weekdays",
      createdBy: "mod",
      checkedUntil: clock().getTime(),
    });
  });

  it("set with the same fire times keeps a due or retrying digest owed; new fire times count from now", async () => {
    const { app, digests } = await setup();
    const mod = caller(true);
    await app.run("digest", ["set", "08:00", "Europe/Berlin", "russell"], mod);
    const target = { platform: "telegram" as const, chatId: "-1001" };
    const held = clock().getTime() - 3600_000; // the scheduler held it back: a fire an hour ago awaits a retry
    const before = await digests.getSchedule(target);
    if (!before) throw new Error("schedule missing");
    await digests.saveSchedule({ ...before, checkedUntil: held });
    // Only the theme and content change: the owed fire is still owed.
    await app.run("digest", ["set", "08:00", "Europe/Berlin", "both", "light"], mod);
    expect(await digests.getSchedule(target)).toMatchObject({
      theme: "light",
      content: "both",
      checkedUntil: held,
    });
    // A new time counts from now: setting 08:30 at 11:00 Berlin owes nothing for this morning.
    await app.run("digest", ["set", "08:30", "Europe/Berlin"], mod);
    expect((await digests.getSchedule(target))?.checkedUntil).toBe(clock().getTime());
  });

  it("show, pause, resume and remove", async () => {
    const { app, digests } = await setup();
    const mod = caller(true);
    await app.run("digest", ["set", "17:30", "America/New_York", "market"], mod);
    expect((await app.run("digest", ["show"], mod)).lines[0]).toContain(
      "17:30 America/New_York, US market days",
    );
    await app.run("digest", ["pause"], mod);
    expect((await digests.listSchedules())[0]?.paused).toBe(true);
    await app.run("digest", ["resume"], mod);
    expect((await digests.listSchedules())[0]?.paused).toBe(false);
    expect((await app.run("digest", ["remove"], mod)).title).toBe("Digest removed");
    expect(await digests.listSchedules()).toEqual([]);
  });

  it("a Telegram admin manages a channel's digest from a private chat", async () => {
    const { app, digests } = await setup();
    const checked: Array<string | undefined> = [];
    const inPrivate = caller(true, {
      chatId: "42",
      isPrivateChat: true,
      authorizeChange: async ({ chatRef }) => {
        checked.push(chatRef);
        if (chatRef !== "@riskon_news")
          throw new UserError(`I cannot find the chat ${chatRef}; is the bot a member of it?`);
        return { chatId: "-1009" };
      },
    });
    await app.run("digest", ["set", "08:00", "UTC", "@riskon_news"], inPrivate);
    expect(checked).toEqual(["@riskon_news"]);
    expect((await digests.listSchedules()).map((s) => s.chatId)).toEqual(["-1009"]);
    await expect(app.run("digest", ["show", "@unknown_chan"], inPrivate)).rejects.toThrow(
      /cannot find the chat/,
    );
  });

  it("refuses a non-moderator and changes nothing", async () => {
    const { app, digests } = await setup();
    await app.run("digest", ["set", "08:00", "Europe/Berlin"], caller(true));
    const before = await digests.listSchedules();
    for (const tokens of [["remove"], ["pause"], ["set", "09:00", "UTC"]]) {
      await expect(app.run("digest", tokens, caller(false))).rejects.toThrow(
        /Only moderators can change the digest/,
      );
    }
    expect(await digests.listSchedules()).toEqual(before);
  });

  it.each([
    [["set", "25:00", "UTC"], /time must look like HH:MM|time must be HH:MM/],
    [["set", "08:00", "Mars/Olympus"], /not an IANA time zone/],
    [["set", "08:00"], /usage: \/digest set HH:MM Area\/City/],
    [["sometimes"], /Unknown argument "sometimes"/],
  ])("bad input %j is one line", async (tokens, message) => {
    const { app } = await setup();
    const attempt = app.run("digest", tokens, caller(true));
    await expect(attempt).rejects.toThrow(UserError);
    await expect(app.run("digest", tokens, caller(true))).rejects.toThrow(message);
  });

  it("preview answers with the digest, only to the moderator where possible", async () => {
    const { app } = await setup();
    const reply = await app.run("digest", ["preview"], caller(true));
    expect(reply.ephemeral).toBe(true);
    expect(reply.title).toMatch(/^Digest preview: Russell 2000/);
    expect(reply.lines.join("\n")).toContain("Altcoin Season Index");
  });

  it("is refused outside a chat (CLI) with one line", async () => {
    const { app } = await setup();
    await expect(app.run("digest", ["show"])).rejects.toThrow(/works in a chat with the bot/);
  });
});

describe("/alerts", () => {
  it("on, show and off, moderators only", async () => {
    const { app, digests } = await setup();
    await expect(app.run("alerts", ["on"], caller(false))).rejects.toThrow(/Only moderators/);
    expect(await digests.listSubscriptions()).toEqual([]);
    expect((await app.run("alerts", ["on"], caller(true))).title).toBe("Alerts on");
    expect((await app.run("alerts", [], caller(true))).title).toBe("Alerts on");
    expect(await digests.listSubscriptions()).toHaveLength(1);
    await app.run("alerts", ["off"], caller(true));
    expect(await digests.listSubscriptions()).toEqual([]);
  });
});

describe("/status and deliveries given up", () => {
  it("shows a chat's moderators its dead letters of the last week; members and other chats see none", async () => {
    const { app, digests } = await setup();
    const now = clock().getTime();
    const mine = "digest:telegram:-1001:2026-11-20:480@Europe/Berlin";
    await digests.finishDelivery(
      mine,
      "failed",
      now - 3600_000,
      "dead letter after 5 tries of 3 attempts: 502",
    );
    await digests.finishDelivery(
      "digest:telegram:-1002:2026-11-20:480@UTC",
      "failed",
      now,
      "dead letter after 5 tries of 3 attempts: 502",
    );
    // A permanent refusal (the chat paused, its moderator told) and an old one are not shown here.
    await digests.finishDelivery("digest:telegram:-1001:2026-11-19:480@UTC", "failed", now, "403 kicked");
    await digests.finishDelivery(
      "digest:telegram:-1001:2026-11-01:480@UTC",
      "failed",
      now - 8 * 86_400_000,
      "dead letter",
    );
    const moderator = await app.run("status", [], caller(true));
    expect(moderator.data.deadLetters).toEqual([expect.objectContaining({ key: mine })]);
    expect(moderator.lines).toContain(
      "1 digest or alert given up after repeated retries in the last 7 days (not sent):",
    );
    expect(
      moderator.lines.some((l) => l.startsWith(`${mine}, 2026-11-21 09:00 UTC: dead letter after 5 tries`)),
    ).toBe(true);
    const member = await app.run("status", [], caller(false));
    expect(member.data.deadLetters).toEqual([]);
    expect(member.lines.join("\n")).not.toContain("given up");
    // The console and the CLI see every chat's.
    expect((await app.run("status", [])).data.deadLetters).toHaveLength(2);
  });
});
