// The Telegram adapter's pure parts: command parsing, HTML chunks, keyboard data, cooldowns, pacing.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { Reply } from "../../src/core/answers/command.ts";
import { Cooldowns } from "../../src/platforms/telegram/cooldown.ts";
import { confirmsChange } from "../../src/platforms/telegram/private-answer.ts";
import { SendQueue } from "../../src/platforms/telegram/send-queue.ts";
import { decodeSwitch, switcherKeyboard } from "../../src/platforms/telegram/switcher.ts";
import { describePollingFailure, parseTelegramCommand } from "../../src/platforms/telegram/telegram-bot.ts";
import { escapeHtml, renderTelegramChunks } from "../../src/platforms/telegram/telegram-html.ts";

const reply = (over: Partial<Reply> = {}): Reply => ({
  title: "T <b>&",
  lines: ["status <x>"],
  notes: [],
  sources: [],
  data: {},
  ...over,
});

describe("parseTelegramCommand", () => {
  it("splits the command, its @target and the tokens", () => {
    expect(parseTelegramCommand("/Russell@Riskon_Bot  vs:eth 1y", 19)).toEqual({
      name: "russell",
      target: "Riskon_Bot",
      tokens: ["vs:eth", "1y"],
    });
    expect(parseTelegramCommand("/help", 5)).toEqual({ name: "help", target: null, tokens: [] });
  });
});

describe("confirmsChange", () => {
  it("reads the command's own word on whether its reply confirms a saved change", () => {
    expect(confirmsChange(reply({ data: { command: "digest", action: "set", changed: true } }))).toBe(true);
    expect(confirmsChange(reply({ data: { command: "digest", action: "remove", changed: false } }))).toBe(
      false,
    );
    expect(confirmsChange(reply({ data: { command: "russell" } }))).toBe(false); // says nothing: changed nothing
  });
});

describe("renderTelegramChunks", () => {
  it("escapes HTML and puts the table in <pre>", () => {
    const [text] = renderTelegramChunks(
      reply({ table: { caption: "A & B", header: ["x", "y"], rows: [["<1", "2"]] } }),
    );
    expect(text).toBe(
      "<b>T &lt;b&gt;&amp;</b>\nstatus &lt;x&gt;\n\n<b>A &amp; B</b>\n\n<pre>x   y\n&lt;1  2</pre>",
    );
    expect(escapeHtml("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("fits the caption limit first, then messages, and never cuts a <pre> open", () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`row ${i}`, "1234567890"]);
    const chunks = renderTelegramChunks(
      reply({ notes: ["n".repeat(3000)], table: { caption: "c", header: ["a", "b"], rows } }),
      1024,
    );
    expect(chunks[0]?.length).toBeLessThanOrEqual(1024);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      expect(chunk.split("<pre>").length).toBe(chunk.split("</pre>").length);
    }
    const all = chunks.join("\n");
    expect(all).toContain("row 0");
    expect(all).toContain("row 399");
  });
});

describe("switcher keyboard", () => {
  it("encodes /russell's options compactly and decodes them back to tokens", async () => {
    const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
    const russell = app.find("russell");
    if (!russell) throw new Error("no russell command");
    const rows = switcherKeyboard(russell, { index: "rut", vs: "btc", range: "5y", date: "2020-11-20" });
    expect(rows?.map((r) => r.map((b) => b.text))).toEqual([
      ["• btc", "eth", "others"],
      ["1y", "• 5y", "max"],
      ["CSV"],
    ]);
    expect(rows?.[2]?.[0]?.callback_data).toBe("R|rut|btc|5y|2020-11-20");
    expect(decodeSwitch("R|rut|btc|5y|2020-11-20", app.commands)).toMatchObject({
      name: "russell",
      csv: true,
    });
    expect(rows?.[0]?.[1]?.callback_data).toBe("r|rut|eth|5y|2020-11-20");
    expect(decodeSwitch("r|rut|eth|5y|2020-11-20", app.commands)).toEqual({
      name: "russell",
      tokens: ["index:rut", "vs:eth", "range:5y", "date:2020-11-20"],
    });
    expect(decodeSwitch("r|rut|eth|5y|", app.commands)?.tokens).toEqual(["index:rut", "vs:eth", "range:5y"]);
    expect(decodeSwitch("r|rut|eth|5y||o4242", app.commands)).toEqual({
      name: "russell",
      tokens: ["index:rut", "vs:eth", "range:5y"],
      owner: "4242",
    });
    expect(switcherKeyboard(russell, { index: "rut", vs: "btc", range: "5y" }, "4242")?.[0]?.[1]).toEqual({
      text: "eth",
      callback_data: "r|rut|eth|5y||o4242",
    });
    expect(decodeSwitch("r|rut|eth|5y||x", app.commands)).toBeNull();
    expect(decodeSwitch("x|1", app.commands)).toBeNull();
    expect(decodeSwitch("r|rut", app.commands)).toBeNull();
    const help = app.find("help");
    if (help) expect(switcherKeyboard(help, {})).toBeNull();
  });
});

describe("Cooldowns", () => {
  it("lets one command through per user and per chat, with one notice per cooldown", () => {
    let now = 0;
    const cooldowns = new Cooldowns({ userMs: 5000, chatMs: 2000 }, () => now);
    expect(cooldowns.check("u1", "c").kind).toBe("allow");
    expect(cooldowns.check("u1", "c")).toEqual({ kind: "notify", waitMs: 5000 });
    expect(cooldowns.check("u1", "c").kind).toBe("ignore");
    expect(cooldowns.check("u2", "c")).toEqual({ kind: "notify", waitMs: 2000 }); // the chat is busy
    now = 2000;
    expect(cooldowns.check("u2", "c").kind).toBe("allow");
    now = 5000;
    expect(cooldowns.check("u1", "other").kind).toBe("allow");
  });
});

describe("SendQueue", () => {
  it("keeps a group under its per-minute limit", async () => {
    let now = 0;
    const sleeps: number[] = [];
    const queue = new SendQueue({
      log: () => {},
      limits: { perChatMs: 1000, perGroupPerMinute: 3, globalPerSecond: 30 },
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => queue.send("-1", true, async () => sentAt.push(now))));
    expect(sentAt).toEqual([0, 1000, 2000, 60_000]);
  });

  it("does not retry a 403 and fails later sends to that chat at once", async () => {
    const logs: string[] = [];
    const queue = new SendQueue({
      log: (m) => logs.push(m),
      limits: { perChatMs: 0, perGroupPerMinute: 20, globalPerSecond: 30 },
    });
    let calls = 0;
    const forbidden = async () => {
      calls++;
      throw Object.assign(new Error("403: Forbidden"), { code: 403 });
    };
    await expect(queue.send("5", false, forbidden)).rejects.toThrow("unavailable");
    await expect(queue.send("5", false, forbidden)).rejects.toThrow("unavailable");
    expect(calls).toBe(1);
    expect(logs).toEqual([
      "telegram: chat 5 blocked or removed the bot, or never pressed Start; not writing there until it writes to the bot or for 60 min",
    ]);
  });

  it("writes to a 403 chat again once it is marked available, or once the mark has lapsed", async () => {
    let now = 0;
    const logs: string[] = [];
    const queue = new SendQueue({
      log: (m) => logs.push(m),
      limits: { perChatMs: 0, perGroupPerMinute: 20, globalPerSecond: 30 },
      clock: () => now,
      unavailableMs: 60_000,
    });
    let refuse = true;
    let calls = 0;
    const send = async () => {
      calls++;
      if (refuse) throw Object.assign(new Error("403: Forbidden"), { code: 403 });
      return "sent";
    };
    await expect(queue.send("5", false, send)).rejects.toThrow("unavailable");
    expect(queue.isUnavailable("5")).toBe(true);
    queue.markAvailable("5"); // an update came from chat 5, e.g. the user's /start
    expect(queue.isUnavailable("5")).toBe(false);
    await expect(queue.send("5", false, send)).rejects.toThrow("unavailable"); // still refused: marked again
    expect(calls).toBe(2);
    now = 59_999;
    await expect(queue.send("5", false, send)).rejects.toThrow("unavailable");
    expect(calls).toBe(2); // not tried while marked
    refuse = false;
    now = 120_000; // the second mark (from 0) has lapsed: one more try, which goes through
    await expect(queue.send("5", false, send)).resolves.toBe("sent");
    expect(calls).toBe(3);
    expect(logs).toHaveLength(2); // one line per mark
  });
});

describe("describePollingFailure", () => {
  // Shaped like telegraf's TelegramError: `code`, `description`, and a message of both.
  const telegramError = (code: number, description: string) =>
    Object.assign(new Error(`${code}: ${description}`), { code, description });

  it("says in one line why polling stopped, with Telegram's own answer", () => {
    const conflict = describePollingFailure(
      telegramError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook"),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.message).toMatch(/^telegram: polling stopped: a webhook was set for this token/);
    expect(describePollingFailure(telegramError(401, "Unauthorized")).message).toBe(
      "telegram: polling stopped: Telegram no longer accepts this token; was it revoked? (401 Unauthorized)",
    );
    expect(describePollingFailure(telegramError(404, "Not Found")).message).toBe(
      "telegram: polling stopped: Telegram answered 404 Not Found",
    );
    const token = "123:secret";
    const network = new TypeError(`request to https://api.telegram.org/bot${token}/getUpdates failed`);
    const redacted = describePollingFailure(network, (text) => text.replaceAll(token, "<token>"));
    expect(redacted.code).toBeUndefined();
    expect(redacted.message).toBe(
      "telegram: polling stopped: TypeError: request to https://api.telegram.org/bot<token>/getUpdates failed",
    );
    expect(redacted.cause).toBe(network);
  });
});
