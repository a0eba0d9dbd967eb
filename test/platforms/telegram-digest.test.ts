// Digests and alerts through the real telegraf to the fake Bot API, which enforces Telegram's limits.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { DigestScheduler } from "../../src/app/digest-scheduler.ts";
import { alertLocale, digestComposer } from "../../src/app/runtime.ts";
import { barsUntil } from "../../src/core/base/series.ts";
import { breakoutAlerts } from "../../src/core/schedules/alerts.ts";
import {
  type DigestSchedule,
  PermanentSendError,
  RetryableSendError,
} from "../../src/core/schedules/digest.ts";
import { isUsTradingDay } from "../../src/core/schedules/market-calendar.ts";
import { startPayload } from "../../src/platforms/telegram/start-link.ts";
import {
  ChatMigratedError,
  type RunningBot,
  startTelegramBot,
} from "../../src/platforms/telegram/telegram-bot.ts";
import { escapeHtml } from "../../src/platforms/telegram/telegram-html.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { BOT_USERNAME, FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const running: Array<{ bot: RunningBot; fake: FakeTelegramServer }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.bot.stop();
    await r.fake.close();
  }
});

async function setup(now: number) {
  const digests = new MemoryDigestStore();
  const app = await createApp({ clock: () => new Date(now), digests });
  const fake = await FakeTelegramServer.start();
  fake.limits = { perChatMs: 1000, perGroupPerMinute: 20, globalPerSecond: 30, toleranceMs: 30 };
  const logs: string[] = [];
  const bot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app,
    log: (m) => logs.push(m),
    cooldown: { userMs: 0, chatMs: 0 },
  });
  running.push({ bot, fake });
  return { digests, app, fake, bot, logs };
}

const at = Date.parse("2026-11-23T07:00:30Z"); // Monday, just after 08:00 Berlin

/** The scheduler as the runtime builds it, at the fixed test time, sending through the real Telegram sender. */
function schedulerFor(
  digests: MemoryDigestStore,
  app: Awaited<ReturnType<typeof createApp>>,
  bot: RunningBot,
) {
  return new DigestScheduler({
    store: digests,
    senders: new Map([["telegram", bot.sender]]),
    compose: digestComposer(app),
    localeOf: alertLocale(app),
    isMarketDay: isUsTradingDay,
    clock: () => at,
    sleep: async () => {},
    log: () => {},
  });
}

function schedule(chatId: string): DigestSchedule {
  return {
    platform: "telegram",
    chatId,
    minuteOfDay: 480,
    timeZone: "Europe/Berlin",
    days: "weekdays",
    content: "russell",
    theme: "dark",
    createdBy: "7527593",
    paused: false,
    createdAt: 0,
    checkedUntil: Date.parse("2026-11-23T06:00:00Z"),
  };
}

describe("digests on Telegram", () => {
  it("posts each due digest once, within Telegram's limits, and pauses a chat that removed the bot", async () => {
    const { digests, app, fake, bot } = await setup(at);
    const chats = ["-1001", "-1002", "-1003", "-1004"];
    for (const chat of chats) await digests.saveSchedule(schedule(chat));
    fake.blockChat(-1004);
    const scheduler = schedulerFor(digests, app, bot);
    const report = await scheduler.tick();
    expect(report).toMatchObject({ sent: 3, failed: 1, composed: 1 });
    expect(await scheduler.tick()).toMatchObject({ sent: 0, failed: 0 });
    for (const chat of ["-1001", "-1002", "-1003"]) {
      const posts = fake.sends().filter((c) => String(c.params.chat_id) === chat);
      expect(posts).toHaveLength(1); // the whole digest in one message
      expect(String(posts[0]?.params.text)).toContain("Russell 2000 (^RUT) vs BTC");
    }
    expect(fake.rateLimited).toBe(0);
    expect((await digests.getSchedule({ platform: "telegram", chatId: "-1004" }))?.paused).toBe(true);
    // The moderator who set it up is told in a private chat.
    expect(
      fake
        .sends()
        .some((c) => String(c.params.chat_id) === "7527593" && String(c.params.text).includes("paused")),
    ).toBe(true);
  });

  it("pauses the digest of a group that became a supergroup and tells the moderator the new chat id", async () => {
    const { digests, app, fake, bot, logs } = await setup(at);
    const OLD = -4012345678;
    const NEW = -1001234567890;
    await digests.saveSchedule(schedule(String(OLD)));
    const target = { platform: "telegram", chatId: String(OLD) } as const;
    await digests.setSubscription({ ...target, createdBy: "7527593", createdAt: 0 }, true);
    fake.migrateChat(OLD, NEW);
    // The service message in the old group is logged with both ids.
    await expect
      .poll(() => logs.find((l) => l.includes(`group ${OLD} became the supergroup ${NEW}`)))
      .toBeDefined();
    const refused = await bot.sender.send(String(OLD), { text: "alert", replies: [] }).catch((e) => e);
    expect(refused).toBeInstanceOf(ChatMigratedError);
    expect(refused).toBeInstanceOf(PermanentSendError);
    expect(refused).toMatchObject({ oldChatId: String(OLD), newChatId: String(NEW) });

    const scheduler = schedulerFor(digests, app, bot);
    expect(await scheduler.tick()).toMatchObject({ sent: 0, failed: 1 });
    // Sent once, not retried: the old id will never take a message again.
    expect(fake.sends().filter((c) => String(c.params.chat_id) === String(OLD))).toHaveLength(2);
    const paused = await digests.getSchedule(target);
    expect(paused?.paused).toBe(true);
    expect(paused?.pausedReason).toContain(`supergroup with the new chat id ${NEW}`);
    expect(await digests.getSubscription(target)).toBeNull();
    const told = fake
      .sends()
      .find((c) => String(c.params.chat_id) === "7527593" && String(c.params.text).includes(String(NEW)));
    expect(String(told?.params.text)).toContain("Run /digest set (and /alerts on) again in the group.");
  });

  it("a digest is one post: the chart with a caption within 1,024 characters and buttons to the details", async () => {
    const { app, fake, bot } = await setup(at);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const replies = await Promise.all([app.run("russell", []), app.run("altseason", [])]);
    await bot.sender.send("-1001", { replies, png });
    const posts = fake.sends().filter((c) => String(c.params.chat_id) === "-1001");
    expect(posts.map((c) => c.method)).toEqual(["sendPhoto"]);
    const caption = String(posts[0]?.params.caption);
    expect(caption.length).toBeLessThanOrEqual(1024);
    // Each answer keeps its title and status line; where the data is from and how fresh closes the caption.
    expect(caption).toContain("<b>Russell 2000 (^RUT) vs BTC · as of");
    expect(caption).toContain("<b>Altcoin season check · as of");
    expect(caption).toMatch(/BELOW ITS RECORD|NEW ALL-TIME HIGH|BREAKOUT|RETEST|FAILED/);
    // Each answer in its short form, its source line included.
    for (const reply of replies)
      for (const line of reply.brief ?? []) expect(caption).toContain(escapeHtml(line));
    expect(posts[0]?.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Details: /russell", url: `https://t.me/${BOT_USERNAME}?start=russell` },
          { text: "Details: /altseason", url: `https://t.me/${BOT_USERNAME}?start=altseason` },
        ],
      ],
    });

    // Nothing went out on a 502: safe to send again; a network error (no answer) is retryable too.
    fake.failNext("sendPhoto", { code: 502, description: "Bad Gateway" });
    const refused = await bot.sender.send("-1002", { replies, png }).catch((e) => e);
    expect(refused).toBeInstanceOf(RetryableSendError);
    expect(
      fake.sends().filter((c) => String(c.params.chat_id) === "-1002" && c.method === "sendPhoto"),
    ).toHaveLength(1);
  });

  it("the details button's /start russell answers the whole of /russell in the private chat", async () => {
    const { fake } = await setup(at);
    fake.pushMessage("/start russell");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(String(fake.sends()[0]?.params.text)).toContain("Russell 2000 (^RUT) vs BTC");
    // Anything else after /start is /help, which lists how /digest is typed.
    fake.pushMessage("/start nonsense-payload");
    await fake.waitFor((calls) =>
      calls.some((c) => String(c.params.text ?? "").includes("/digest set HH:MM")),
    );
  });

  it("a deep link with options opens that variant; a moderator command or a bad option does not run from a link", async () => {
    const { fake, digests } = await setup(at);
    const link = startPayload("russell", ["index:value", "vs:eth", "range:1y"]);
    expect(link).toBe("russell--index_value--vs_eth--range_1y");
    fake.pushMessage(`/start ${link}`);
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    const first = String(fake.sends()[0]?.params.caption ?? fake.sends()[0]?.params.text);
    expect(first).toContain("vs ETH");
    expect(first).toContain("Value");
    // The range rides on the answer's buttons (the range line itself is behind "Correlation").
    expect(JSON.stringify(fake.sends()[0]?.params.reply_markup)).toContain('"text":"• 1y"');
    const before = fake.sends().length;
    fake.pushMessage("/start digest--time_08-00", { userId: 12 });
    await fake.waitFor(() => fake.sends().length > before);
    expect(String(fake.sends()[before]?.params.text)).toContain("/digest set HH:MM"); // /help
    expect(await digests.getSchedule({ platform: "telegram", chatId: "12" })).toBeNull();
    const after = fake.sends().length;
    fake.pushMessage("/start russell--vs_doge", { userId: 13 });
    await fake.waitFor(() => fake.sends().length > after);
    expect(String(fake.sends()[after]?.params.text)).toMatch(
      /^vs must be one of btc, eth, others, not "doge"/,
    );
  });

  it("refuses /digest set from a group member who is not an administrator, and changes nothing", async () => {
    const { digests, fake } = await setup(at);
    fake.pushMessage("/digest set 08:00 Europe/Berlin", {
      chatType: "supergroup",
      chatId: -1005,
      userId: 11,
    });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(String(fake.sends()[0]?.params.text)).toContain(
      "Only administrators of this chat can change the digest",
    );
    expect(await digests.listSchedules()).toEqual([]);
    fake.memberStatus.set("-1005:12", "administrator");
    fake.pushMessage("/digest set 08:00 Europe/Berlin", {
      chatType: "supergroup",
      chatId: -1005,
      userId: 12,
    });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 3);
    expect((await digests.listSchedules()).map((s) => s.chatId)).toEqual(["-1005"]);
    // The confirmation is for the moderator only: Telegram has no private replies in groups, so it goes by DM.
    const sent = fake.sends().map((c): [string, string] => [String(c.params.chat_id), String(c.params.text)]);
    expect(sent.find(([chat]) => chat === "12")?.[1]).toContain("Digest scheduled");
    expect(sent.find(([chat, text]) => chat === "-1005" && text.includes("private chat"))).toBeDefined();
  });

  it("/settings in a group: an admin sets its defaults, a member's /russell uses them, its buttons start there", async () => {
    const { digests, fake } = await setup(at);
    fake.memberStatus.set("-1006:21", "administrator");
    fake.pushMessage("/settings set value vs:eth", { chatType: "supergroup", chatId: -1006, userId: 22 });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(String(fake.sends()[0]?.params.text)).toContain(
      "Only administrators of this chat can change this chat's settings",
    );
    fake.pushMessage("/settings set value vs:eth", { chatType: "supergroup", chatId: -1006, userId: 21 });
    await fake.waitFor(() => fake.sends().some((c) => String(c.params.text).includes("Settings saved")));
    expect(await digests.getChatSettings({ platform: "telegram", chatId: "-1006" })).toMatchObject({
      defaults: { index: "value", vs: "eth" },
    });
    const before = fake.sends().length;
    fake.pushMessage("/russell", { chatType: "supergroup", chatId: -1006, userId: 23 });
    await fake.waitFor(
      () =>
        fake.sends().length > before + 0 &&
        fake.sends().some((c) => String(c.params.text ?? "").includes("vs ETH")),
    );
    const answer = fake
      .sends()
      .find((c) => String(c.params.text ?? "").includes("Russell 2000 Value (IWN) vs ETH"));
    expect(answer).toBeDefined();
    const labels = JSON.stringify(answer?.params.reply_markup);
    expect(labels).toContain('"text":"• eth"');
    expect(labels).toContain('"callback_data":"r|value|btc|5y||o23|');
  });

  it("a digest set in a forum topic is posted in that topic", async () => {
    const { digests, app, fake, bot } = await setup(at);
    fake.memberStatus.set("-1007:31", "administrator");
    fake.pushMessage("/digest set 07:59 Europe/Berlin russell", {
      chatType: "supergroup",
      chatId: -1007,
      userId: 31,
      threadId: 77,
    });
    await fake.waitFor(() => fake.sends().some((c) => String(c.params.text).includes("Digest scheduled")));
    const saved = await digests.getSchedule({ platform: "telegram", chatId: "-1007" });
    expect(saved).toMatchObject({ threadId: "77", minuteOfDay: 479 });
    expect(
      fake.sends().find((c) => String(c.params.text).includes("Digest scheduled"))?.params.text,
    ).toContain("in the topic it was set in");
    // Due a minute before the test's clock: the next tick posts it, in topic 77.
    if (saved) await digests.saveSchedule({ ...saved, checkedUntil: at - 120_000 });
    const report = await schedulerFor(digests, app, bot).tick();
    expect(report).toMatchObject({ sent: 1 });
    const post = fake
      .sends()
      .filter((c) => String(c.params.chat_id) === "-1007")
      .at(-1);
    expect(String(post?.params.text)).toContain("Russell 2000 (^RUT) vs BTC");
    expect(Number(post?.params.message_thread_id)).toBe(77);
  });

  it("a chat in Spanish: the short answer, its buttons and notices in Spanish; another member's press is refused in Spanish", async () => {
    const { digests, fake } = await setup(at);
    await digests.saveChatSettings({
      platform: "telegram",
      chatId: "-1008",
      defaults: {},
      language: "es",
      updatedBy: "1",
      updatedAt: 0,
    });
    const where = { chatType: "supergroup" as const, chatId: -1008, userId: 41 };
    fake.pushMessage("/russell", where);
    await fake.waitFor(() => fake.sends().length > 0);
    const message = fake.lastMessage(-1008);
    const text = String(message?.text ?? message?.caption ?? "").replace(/\u00a0/g, " ");
    expect(text).toContain("POR DEBAJO DE SU RÉCORD: RUT 3017,87 el 21 ago 2026");
    if (!message) throw new Error("no answer");
    type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const labels = () => (message.reply_markup as Keyboard).inline_keyboard.flat();
    expect(labels().map((b) => b.text)).toContain("Tras rupturas");
    const details = labels().find((b) => b.text === "Tras rupturas")?.callback_data ?? "";
    fake.pushCallback(details, { ...where, messageId: message.message_id });
    await fake.waitFor(() => fake.edits().length > 0);
    expect(labels().map((b) => b.text)).toContain("« Resumen");
    fake.pushCallback(details, { ...where, userId: 42, messageId: message.message_id });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerCallbackQuery").length >= 2);
    expect(fake.callsOf("answerCallbackQuery").at(-1)?.params.text).toBe(
      "Solo quien preguntó, o un moderador, puede cambiar este gráfico. Envía tú el comando para tener el tuyo.",
    );
    // A bad option is refused in Spanish, in one line.
    fake.pushMessage("/russell vs:doge", where);
    await fake.waitFor(() => fake.sends().some((c) => String(c.params.text ?? "").startsWith("vs debe ser")));
    const refusal = fake.sends().find((c) => String(c.params.text ?? "").startsWith("vs debe"));
    expect(String(refusal?.params.text)).toMatch(/^vs debe ser uno de btc, eth, others, no "doge"\. \(/);
    expect(String(refusal?.params.text)).not.toContain("\n");
  });

  it("a chat's settings reach its digest: its language and defaults, composed once per distinct settings", async () => {
    const { digests, app, fake, bot } = await setup(at);
    for (const chat of ["-1011", "-1012", "-1013"]) await digests.saveSchedule(schedule(chat));
    for (const chat of ["-1011", "-1012"])
      await digests.saveChatSettings({
        platform: "telegram",
        chatId: chat,
        defaults: { vs: "eth" },
        language: "es",
        updatedBy: "1",
        updatedAt: 0,
      });
    const report = await schedulerFor(digests, app, bot).tick();
    // Two settings: Spanish with vs:eth (two chats, one composition) and none.
    expect(report).toMatchObject({ sent: 3, composed: 2 });
    const post = (chat: string) =>
      String(fake.sends().find((c) => String(c.params.chat_id) === chat)?.params.text).replace(
        /\u00a0/g,
        " ",
      );
    // The title too: "frente a", the date as "21 ago 2026".
    expect(post("-1011")).toContain("Russell 2000 (^RUT) frente a ETH");
    expect(post("-1011")).toContain("POR DEBAJO DE SU RÉCORD");
    expect(post("-1012")).toBe(post("-1011"));
    expect(post("-1013")).toContain("Russell 2000 (^RUT) vs BTC");
    expect(post("-1013")).toContain("BELOW ITS RECORD");
  });

  it("alerts turned on in a forum topic are posted in that topic", async () => {
    const { digests, app, fake, bot } = await setup(at);
    fake.memberStatus.set("-1014:51", "administrator");
    fake.pushMessage("/alerts on", { chatType: "supergroup", chatId: -1014, userId: 51, threadId: 88 });
    await fake.waitFor(() => fake.sends().some((c) => String(c.params.text).includes("Alerts on")));
    expect(await digests.getSubscription({ platform: "telegram", chatId: "-1014" })).toMatchObject({
      threadId: "88",
    });
    const report = await schedulerFor(digests, app, bot).deliverAlerts([
      {
        alert: {
          key: "test-alert",
          kind: "breakout",
          series: "RUT",
          date: "2026-11-20",
          text: "RUT closed over its old record.",
        },
        detectedAt: at,
      },
    ]);
    expect(report.sent).toBe(1);
    const post = fake.sends().find((c) => String(c.params.text).includes("RUT closed over its old record."));
    expect(Number(post?.params.message_thread_id)).toBe(88);
  });

  it("an alert reaches each subscribed chat in its own language, with the same figures", async () => {
    const { digests, app, fake, bot } = await setup(at);
    for (const chatId of ["-1021", "-1022"])
      await digests.setSubscription(
        { platform: "telegram", chatId, createdBy: "7527593", createdAt: 0 },
        true,
      );
    await digests.saveChatSettings({
      platform: "telegram",
      chatId: "-1022",
      defaults: {},
      language: "es",
      updatedBy: "1",
      updatedAt: 0,
    });
    // The ^RUT breakout of 2020-11-13 as the watcher detects it after that close (test/core/alerts.test.ts).
    const rut = await app.market.getSeries("RUT");
    const [alert] = breakoutAlerts("RUT", "Russell 2000 (^RUT)", barsUntil(rut.bars, "2020-11-13"));
    if (!alert) throw new Error("no breakout alert on 2020-11-13");
    const report = await schedulerFor(digests, app, bot).deliverAlerts([{ alert, detectedAt: at }]);
    expect(report.sent).toBe(2);
    const post = (chat: string) =>
      String(fake.sends().find((c) => String(c.params.chat_id) === chat)?.params.text).replace(
        /\u00a0/g,
        " ",
      );
    expect(post("-1021")).toMatch(
      /^Russell 2000 \(\^RUT\) broke out: closed 1,744\.04 on 2020-11-13, above its old record 1,740\.75 of 2018-08-31\.$/,
    );
    expect(post("-1022")).toBe(
      "Russell 2000 (^RUT) rompió al alza: cerró en 1744,04 el 13 nov 2020, por encima de su récord anterior 1740,75 del 31 ago 2018.",
    );
  });
});

describe("digests with the liquidity line on Telegram", () => {
  it("a digest of all posts russell, altseason and the liquidity line (net liquidity, its regime, FRED) in one message", async () => {
    const { digests, app, fake, bot } = await setup(at);
    await digests.saveSchedule({ ...schedule("-1005"), content: "all" });
    expect(await schedulerFor(digests, app, bot).tick()).toMatchObject({ sent: 1, composed: 1 });
    const text = String(fake.sends().find((c) => String(c.params.chat_id) === "-1005")?.params.text);
    expect(text).toContain("Russell 2000 (^RUT) vs BTC");
    expect(text).toContain("Fed net liquidity");
    // The line as /liquidity answers it at the digest's date (from the bundled FRED copies here).
    const liquidity = await app.run("liquidity", []);
    expect(text).toContain(escapeHtml(liquidity.lines[0] ?? "(none)"));
    expect(liquidity.lines[0]).toMatch(
      /^Net liquidity \$[\d.]+T on Wednesday .*: (expanding|flat|contracting)\.$/,
    );
  });
});
