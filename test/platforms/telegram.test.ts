// End to end with the real telegraf against a local fake Bot API: commands in, paced HTML and photos out.
import { PNG } from "pngjs";
import { Telegram } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import { datasetCsv } from "../../src/core/answers/csv.ts";
import { BRIEF_LIMIT } from "../../src/core/answers/reply.ts";
import { ConfigError, UserError } from "../../src/core/base/errors.ts";
import { localeFor } from "../../src/i18n/index.ts";
import { telegramAuthorizer } from "../../src/platforms/telegram/authorize.ts";
import { NOT_YOUR_BUTTON } from "../../src/platforms/telegram/handlers/switcher-buttons.ts";
import type { PacingLimits } from "../../src/platforms/telegram/send-queue.ts";
import {
  type RenderChart,
  type RunningBot,
  startTelegramBot,
} from "../../src/platforms/telegram/telegram-bot.ts";
import { escapeHtml } from "../../src/platforms/telegram/telegram-html.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import {
  BOT_USERNAME,
  FAKE_TOKEN,
  FakeTelegramServer,
  MEMBER_LIST_INACCESSIBLE,
  NOT_A_CHANNEL_MEMBER,
  NOT_STARTED,
  type RecordedCall,
} from "../fakes/telegram-server.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");
const GROUP = -1001234567890;
const BOT_ID = 8765336106;
const FAST: PacingLimits = { perChatMs: 20, perGroupPerMinute: 1000, globalPerSecond: 1000 };

function smallPng(): Uint8Array {
  const png = new PNG({ width: 8, height: 6 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

const pngChart: RenderChart = async () => smallPng();

let appPromise: Promise<App> | undefined;
const sharedApp = () => {
  appPromise ??= createApp({ clock });
  return appPromise;
};

interface Harness {
  readonly fake: FakeTelegramServer;
  readonly bot: RunningBot;
  readonly logs: string[];
}

const running: Harness[] = [];

afterEach(async () => {
  for (const h of running.splice(0)) {
    await h.bot.stop();
    await h.fake.close();
  }
});

async function start(
  options: {
    app?: App;
    renderChart?: RenderChart;
    limits?: PacingLimits;
    cooldown?: { userMs: number; chatMs: number };
  } = {},
): Promise<Harness> {
  const fake = await FakeTelegramServer.start();
  const logs: string[] = [];
  const bot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app: options.app ?? (await sharedApp()),
    log: (message, error) => logs.push(error === undefined ? message : `${message} - ${String(error)}`),
    limits: options.limits ?? FAST,
    cooldown: options.cooldown ?? { userMs: 0, chatMs: 0 },
    ...(options.renderChart ? { renderChart: options.renderChart } : {}),
  });
  const harness = { fake, bot, logs };
  running.push(harness);
  return harness;
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the chat shows: the word joiners that keep `@names` from pinging are invisible. */
const texts = (fake: FakeTelegramServer) =>
  fake.sends().map((c) => String(c.params.text ?? c.params.caption ?? "").replaceAll("\u2060", ""));

/** The texts of the sends to one chat, delivered or refused. */
const textsTo = (calls: readonly RecordedCall[], chatId: number) =>
  calls
    .filter(
      (c) =>
        (c.method === "sendMessage" || c.method === "sendPhoto") &&
        String(c.params.chat_id) === String(chatId),
    )
    .map((c) => String(c.params.text ?? c.params.caption ?? ""));

/** A caption or message as the reader sees it: tags dropped, entities read. */
const plainText = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const keyboardOf = (call: { params: Record<string, unknown> } | undefined) =>
  ((call?.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> })
    ?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data: string }>>;

/** Settles with "pending" when the promise has not settled by the next macrotask. */
const stateOf = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(() => "settled"),
    new Promise((resolve) => setTimeout(() => resolve("pending"), 0)),
  ]);

describe("Telegram adapter", () => {
  it("refuses to start with a token Telegram rejects (401), saying what to fix and not the token", async () => {
    const fake = await FakeTelegramServer.start();
    try {
      const started = startTelegramBot({
        token: "123456:wrong-token",
        apiRoot: fake.apiRoot,
        app: await sharedApp(),
        log: () => {},
      });
      const error = await started.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).toContain("Telegram rejected TELEGRAM_BOT_TOKEN (401)");
      expect(String((error as Error).message)).not.toContain("wrong-token");
    } finally {
      await fake.close();
    }
  });

  it("registers the commands and answers /russell with a photo, its caption and the rest as messages", async () => {
    const app = await sharedApp();
    const { fake, logs } = await start({ renderChart: pngChart });
    // One menu per scope: groups do not list the moderator commands; admins and private chats list all.
    const menus = Object.fromEntries(
      fake
        .callsOf("setMyCommands")
        .map((call) => [
          (call.params.scope as { type: string }).type,
          (call.params.commands as Array<{ command: string }>).map((c) => c.command),
        ]),
    );
    const all = app.commands.map((c) => c.name);
    expect(Object.keys(menus).sort()).toEqual([
      "all_chat_administrators",
      "all_group_chats",
      "all_private_chats",
      "default",
    ]);
    expect(menus.default).toEqual(all);
    expect(menus.all_private_chats).toEqual(all);
    expect(menus.all_chat_administrators).toEqual(all);
    expect(menus.all_group_chats).toEqual(
      all.filter((name) => !["digest", "alerts", "settings"].includes(name)),
    );

    fake.pushMessage("/russell");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    await new Promise((r) => setTimeout(r, 200));
    // One message: the chart with a short caption; the rest of the answer is behind its buttons.
    const [photo, ...rest] = fake.sends();
    expect(rest).toEqual([]);
    expect(photo?.method).toBe("sendPhoto");
    expect(photo?.photo).toMatchObject({ isPng: true, filename: "chart.png" });
    const expected = await app.run("russell", []);
    const caption = String(photo?.params.caption);
    expect(plainText(caption).length).toBeLessThanOrEqual(BRIEF_LIMIT);
    expect(caption).toContain(escapeHtml(expected.brief?.[0] ?? "missing"));
    for (const part of ["from its record", "any 365 days", "n=", "no different from any 365 days", "Data: "])
      expect(caption).toContain(part);
    expect(photo?.params.parse_mode).toBe("HTML");
    const keyboard = keyboardOf(photo);
    expect(keyboard.flat().map((b) => b.text)).toEqual([
      "• btc",
      "eth",
      "others",
      "1y",
      "• 5y",
      "max",
      "After breakouts",
      "Correlation",
      "Rule sensitivity",
      "Definitions",
      "Caveats",
      "Sources",
      "CSV",
    ]);
    // Who asked (the fake's default user) and the answer's as-of date ride on every button.
    const stamp = `a${String(expected.data.asOf).slice(2).replaceAll("-", "")}`;
    expect(keyboard.flat().map((b) => b.callback_data)).toContain(`r|rut|eth|5y||o7527593|${stamp}`);
    expect(keyboard.flat().map((b) => b.callback_data)).toContain(`r|rut|btc|max||o7527593|${stamp}`);
    expect(logs.filter((l) => l.includes("fail"))).toEqual([]);
  });

  it("sends text only when no chart is rendered, and /altseason works the same way", async () => {
    const { fake } = await start({ renderChart: async () => null });
    fake.pushMessage("/altseason");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 1);
    expect(fake.callsOf("sendPhoto")).toHaveLength(0);
    expect(texts(fake)[0]).toContain("Altcoin Season Index");
  });

  it("answers /russell@ThisBot in a group and ignores commands addressed to another bot", async () => {
    const { fake } = await start();
    fake.pushMessage("/russell@other_bot", { chatType: "supergroup", chatId: GROUP });
    fake.pushMessage("/frobnicate", { chatType: "supergroup", chatId: GROUP }); // another bot's, no @
    fake.pushMessage(`/russell@${BOT_USERNAME} vs:eth range:1y`, { chatType: "supergroup", chatId: GROUP });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(fake)[0]).toContain("vs ETH");
    expect(fake.sends().every((c) => String(c.params.chat_id) === String(GROUP))).toBe(true);
    expect(fake.sends().some((c) => String(c.params.text).includes("frobnicate"))).toBe(false);
  });

  it("answers Telegram's /start with /help", async () => {
    const app = await sharedApp();
    const { fake } = await start();
    fake.pushMessage("/start");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    const help = await app.run("help", []);
    expect(texts(fake)[0]).toContain(escapeHtml(help.title));
  });

  it("answers a bad argument with one line", async () => {
    const { fake } = await start();
    fake.pushMessage("/russell vs:doge");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    const [text] = texts(fake);
    expect(text).toMatch(/^vs must be one of btc, eth, others, not "doge"/);
    expect(text).not.toContain("\n");
  });

  it("a button under a message the bot can no longer edit answers with a new message", async () => {
    const { fake } = await start();
    fake.pushCallback("r|rut|eth|1y|"); // a text message the fake never sent: "message to edit not found"
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    await fake.waitFor((calls) => calls.some((c) => c.method === "answerCallbackQuery"));
    expect(fake.callsOf("answerCallbackQuery")).toHaveLength(1);
    expect(texts(fake)[0]).toContain("Russell 2000 (^RUT) vs ETH");
  });

  it("inline mode: `@bot russell value 1y` offers the answer with a deep link to its chart; bad input says why", async () => {
    const app = await sharedApp();
    const { fake } = await start();
    fake.pushInlineQuery("russell value 1y");
    await fake.waitFor((calls) => calls.some((c) => c.method === "answerInlineQuery"));
    const answer = fake.callsOf("answerInlineQuery")[0]?.params as {
      results: Array<Record<string, unknown>>;
      cache_time: number;
    };
    const expected = await app.run("russell", ["value", "1y"]);
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]).toMatchObject({
      type: "article",
      title: expected.title,
      input_message_content: { parse_mode: "HTML" },
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: "Chart and details",
              url: `https://t.me/${BOT_USERNAME}?start=russell--index_value--vs_btc--range_1y`,
            },
          ],
        ],
      },
    });
    const content = answer.results[0]?.input_message_content as { message_text: string } | undefined;
    const text = String(content?.message_text);
    expect(text).toContain(escapeHtml(expected.lines[0] ?? "missing"));
    expect(text.length).toBeLessThanOrEqual(1024);

    fake.pushInlineQuery("russell vs:doge");
    fake.pushInlineQuery("digest set 08:00 UTC");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerInlineQuery").length >= 3);
    const refusals = fake
      .callsOf("answerInlineQuery")
      .slice(1)
      .map((c) => c.params as { results: unknown[]; button: { text: string } });
    expect(refusals.map((r) => r.results)).toEqual([[], []]);
    expect(refusals.map((r) => r.button.text).sort()).toEqual([
      'No inline answer for "digest": try russell or altseason',
      expect.stringMatching(/^vs must be one of btc, eth, others/),
    ]);
    expect(fake.sends()).toHaveLength(0);
  });

  it("inline mode answers in the asking user's language (no chat to take settings from), cached per user", async () => {
    const { fake } = await start();
    fake.pushInlineQuery("russell value", { languageCode: "es" });
    fake.pushInlineQuery("altcoins", { languageCode: "es-ES", userId: 8 });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerInlineQuery").length >= 2);
    const answers = fake.callsOf("answerInlineQuery").map(
      (c) =>
        c.params as {
          results: Array<{
            title: string;
            reply_markup: { inline_keyboard: Array<Array<{ text: string }>> };
          }>;
          is_personal: boolean;
          button?: { text: string };
        },
    );
    // The refusal may come first: it has nothing to compute.
    const answer = answers.find((a) => a.results.length > 0);
    const refusal = answers.find((a) => a.results.length === 0);
    const expected = await (await sharedApp()).run("russell", ["value"], undefined, "es");
    expect(expected.title).toMatch(/^Russell 2000 Value \(IWN\) frente a BTC · a \d+ ago 2026$/);
    expect(answer?.results[0]?.title).toBe(expected.title);
    expect(answer?.results[0]?.reply_markup.inline_keyboard[0]?.[0]?.text).toBe("Gráfico y detalles");
    expect(answer?.is_personal).toBe(true);
    expect(refusal?.button?.text).toBe('No hay "altcoins" en línea: prueba russell o altseason');
  });

  it("the CSV button sends the aligned series and the analog table as files in the same topic", async () => {
    const app = await sharedApp();
    const { fake } = await start();
    fake.pushMessage("/russell vs:eth range:1y", { chatType: "supergroup", chatId: GROUP, threadId: 5 });
    await fake.waitFor((calls) => calls.some((c) => c.params.reply_markup !== undefined));
    const keyboard = fake.sends().find((c) => c.params.reply_markup)?.params.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const csv = keyboard.inline_keyboard.flat().find((b) => b.text === "CSV")?.callback_data;
    expect(csv).toBe("R|rut|eth|1y||o7527593|a260821");
    fake.pushCallback(csv ?? "", { chatType: "supergroup", chatId: GROUP, threadId: 5 });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendDocument").length >= 2);
    const docs = fake.callsOf("sendDocument");
    const expected = await app.run("russell", ["vs:eth", "range:1y"]);
    const names = (expected.datasets ?? []).map((d) => `${d.name}.csv`);
    expect(docs.map((d) => d.document?.filename)).toEqual(names);
    expect(docs.map((d) => Number(d.params.message_thread_id))).toEqual([5, 5]);
    expect(docs[0]?.params.caption).toBe(`The numbers behind: ${expected.title}`);
    const [dataset] = expected.datasets ?? [];
    expect(docs[0]?.document?.text).toBe(dataset ? datasetCsv(dataset) : "missing");
    expect(docs[0]?.document?.text.split("\r\n")[0]).toBe("date,RUT_close,ETH_close");
  });

  it("in a group, only the member who asked or an admin may press the switcher buttons", async () => {
    const { fake } = await start();
    const asker = 501;
    const admin = 502;
    fake.memberStatus.set(`${GROUP}:${admin}`, "administrator");
    fake.pushMessage("/russell range:1y", { chatType: "supergroup", chatId: GROUP, userId: asker });
    await fake.waitFor((calls) => calls.some((c) => c.params.reply_markup !== undefined));
    const keyboard = fake.sends().find((c) => c.params.reply_markup)?.params.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const eth = keyboard.inline_keyboard.flat().find((b) => b.text === "eth")?.callback_data ?? "";
    expect(eth).toBe(`r|rut|eth|1y||o${asker}|a260821`);
    const before = fake.sends().length;
    const messageId = fake.lastMessage(GROUP)?.message_id;

    fake.pushCallback(eth, { chatType: "supergroup", chatId: GROUP, userId: 777, messageId });
    await fake.waitFor((calls) => calls.some((c) => c.method === "answerCallbackQuery"));
    expect(fake.callsOf("answerCallbackQuery")[0]?.params).toMatchObject({
      text: NOT_YOUR_BUTTON,
      show_alert: true,
    });
    expect(fake.sends()).toHaveLength(before);

    fake.pushCallback(eth, { chatType: "supergroup", chatId: GROUP, userId: admin, messageId });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerCallbackQuery").length >= 2);
    expect(fake.callsOf("answerCallbackQuery")[1]?.params.text).toBeUndefined();
    // No chart here (no renderer): the text answer is edited in place.
    expect(fake.sends()).toHaveLength(before);
    expect(String(fake.callsOf("editMessageText")[0]?.params.text)).toContain("Russell 2000 (^RUT) vs ETH");
  });

  it("answers in the forum topic it was asked in: photo, button presses and refusals", async () => {
    const { fake } = await start({ renderChart: pngChart });
    const topic = 42;
    fake.pushMessage("/russell", { chatType: "supergroup", chatId: GROUP, threadId: topic });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    // A button under a message the bot cannot edit any more: the new answer goes to that message's topic.
    fake.pushCallback("r|rut|eth|1y|", { chatType: "supergroup", chatId: GROUP, threadId: 7, userId: 99 });
    fake.pushMessage("/russell vs:doge", { chatType: "supergroup", chatId: GROUP, threadId: 9, userId: 98 });
    await fake.waitFor(() => fake.sends().length >= 3, 12_000);
    await fake.waitFor((calls) => calls.some((c) => String(c.params.text ?? "").startsWith("vs must be")));
    const sends = fake.sends();
    const threads = (pred: (c: (typeof sends)[number]) => boolean) => [
      ...new Set(sends.filter(pred).map((c) => Number(c.params.message_thread_id))),
    ];
    expect(sends[0]?.method).toBe("sendPhoto");
    expect(threads((c) => c.params.message_thread_id === undefined)).toEqual([]);
    expect(threads((c) => String(c.params.text ?? "").startsWith("vs must be"))).toEqual([9]);
    expect(new Set(sends.map((c) => Number(c.params.message_thread_id)))).toEqual(new Set([topic, 7, 9]));
  });

  it("apologises in one line when a command fails inside, and keeps the token out of the log", async () => {
    const app = await sharedApp();
    const broken: App = { ...app, run: async () => Promise.reject(new Error(`boom ${FAKE_TOKEN}`)) };
    const { fake, logs } = await start({ app: broken });
    fake.pushMessage("/russell");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(texts(fake)).toEqual(["Sorry, something went wrong on our side; the error was logged."]);
    expect(logs.join("\n")).toContain("boom");
    expect(logs.join("\n")).not.toContain(FAKE_TOKEN);
  });

  it("paces a burst in one chat at least 1 s apart", async () => {
    const { fake } = await start({
      limits: { perChatMs: 1000, perGroupPerMinute: 20, globalPerSecond: 30 },
    });
    for (let i = 0; i < 3; i++)
      fake.pushMessage("/russell range:1y", { chatType: "supergroup", chatId: GROUP });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 3, 12_000);
    expect(fake.sends()).toHaveLength(3);
    const times = fake.sends().map((c) => c.at);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(990);
    }
  }, 15_000);

  it("holds back a user on cooldown with a single short notice", async () => {
    const { fake } = await start({ cooldown: { userMs: 5000, chatMs: 2000 } });
    for (let i = 0; i < 4; i++) fake.pushMessage("/altseason");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    const notices = texts(fake).filter((t) => t.startsWith("Slow down"));
    expect(notices).toHaveLength(1);
    expect(texts(fake).filter((t) => t.includes("Altcoin Season Index"))).toHaveLength(1);
  });

  it("honours a 429's retry_after", async () => {
    const { fake, logs } = await start();
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    fake.pushMessage("/russell vs:nope");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 2);
    const [first, second] = fake.callsOf("sendMessage");
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(second?.params.text).toMatch(/^vs must be one of/);
    expect(logs.some((l) => l.includes("rate limited"))).toBe(true);
  });

  it("logs a 403 (bot kicked) once with the chat id and does not retry or write there again", async () => {
    const { fake, bot, logs } = await start();
    fake.blockChat(GROUP);
    fake.pushMessage("/altseason", { chatType: "supergroup", chatId: GROUP });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    // A kicked bot hears nothing more from the group; what it would still send there is a digest or an alert.
    await expect(bot.sender.send(String(GROUP), { text: "digest", replies: [] })).rejects.toThrow(
      "unavailable",
    );
    fake.pushMessage("/altseason"); // a private chat still works
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sends().filter((c) => String(c.params.chat_id) === String(GROUP))).toHaveLength(1);
    const blocked = logs.filter((l) => l.includes("blocked or removed"));
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toContain(String(GROUP));
  });

  it("writes to a group again once it adds the bot back (my_chat_member), without waiting for a command", async () => {
    const { fake, bot } = await start();
    fake.blockChat(GROUP);
    await expect(bot.sender.send(String(GROUP), { text: "first", replies: [] })).rejects.toThrow(
      "unavailable",
    );
    await expect(bot.sender.send(String(GROUP), { text: "second", replies: [] })).rejects.toThrow(
      "unavailable",
    );
    expect(textsTo(fake.calls, GROUP)).toEqual(["first"]); // the second was not even tried
    fake.unblockChat(GROUP);
    fake.pushMyChatMember("member", { chatType: "supergroup", chatId: GROUP });
    await expect
      .poll(() =>
        bot.sender.send(String(GROUP), { text: "third", replies: [] }).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    expect(textsTo(fake.calls, GROUP)).toEqual(["first", "third"]);
  });

  it("asks a moderator who never pressed Start to do so, and delivers privately once they have", async () => {
    const app = await createApp({ clock, digests: new MemoryDigestStore() });
    const { fake, logs } = await start({ app });
    const MOD = 4242;
    fake.memberStatus.set(`${GROUP}:${MOD}`, "administrator");
    fake.blockChat(MOD, NOT_STARTED);
    const inGroup = { chatType: "supergroup", chatId: GROUP, userId: MOD } as const;
    const startFirst = `I could not write to you privately: open a chat with @${BOT_USERNAME} and press Start, then try again.`;

    fake.pushMessage("/digest preview", inGroup);
    await fake.waitFor((calls) => textsTo(calls, GROUP).length >= 1);
    expect(textsTo(fake.calls, GROUP)).toEqual([startFirst]);
    expect(textsTo(fake.calls, MOD)).toHaveLength(1); // the refused private reply
    expect(
      logs.filter((l) => l.includes(`chat ${MOD} blocked or removed the bot, or never pressed Start`)),
    ).toHaveLength(1);

    // Before Start the private chat is not tried again; the group gets the same line.
    fake.pushMessage("/digest preview", inGroup);
    await fake.waitFor((calls) => textsTo(calls, GROUP).length >= 2);
    expect(textsTo(fake.calls, GROUP)).toEqual([startFirst, startFirst]);
    expect(textsTo(fake.calls, MOD)).toHaveLength(1);

    // The moderator presses Start: Telegram sends /start from their private chat, and it is answered there.
    fake.unblockChat(MOD);
    fake.pushMessage("/start", { userId: MOD });
    await fake.waitFor((calls) => textsTo(calls, MOD).length >= 2);
    expect(textsTo(fake.calls, MOD)[1]).toContain(escapeHtml((await app.run("help", [])).title));

    // The next private reply is delivered, and the group is told where it went.
    fake.pushMessage("/digest preview", inGroup);
    await fake.waitFor((calls) => textsTo(calls, GROUP).length >= 3);
    expect(textsTo(fake.calls, GROUP)[2]).toBe("Sent to you in a private chat.");
    expect(textsTo(fake.calls, MOD)[2]).toContain("Digest preview");
  });

  it("tells the group a change was made when its private confirmation cannot reach the moderator", async () => {
    const digests = new MemoryDigestStore();
    const app = await createApp({ clock, digests });
    const { fake, logs } = await start({ app });
    const MOD = 4343;
    fake.memberStatus.set(`${GROUP}:${MOD}`, "administrator");
    fake.blockChat(MOD, NOT_STARTED);
    const inGroup = { chatType: "supergroup", chatId: GROUP, userId: MOD } as const;
    const details = `The details could not be sent to you privately: open a chat with @${BOT_USERNAME} and press Start`;

    fake.pushMessage("/digest set 08:00 Europe/Berlin", inGroup);
    await fake.waitFor((calls) => textsTo(calls, GROUP).length >= 1);
    expect(textsTo(fake.calls, GROUP)).toEqual([
      `Done: Digest scheduled. ${details}, then /digest show sends them.`,
    ]);
    expect((await digests.listSchedules()).map((s) => s.chatId)).toEqual([String(GROUP)]);

    fake.pushMessage("/alerts on", inGroup);
    await fake.waitFor((calls) => textsTo(calls, GROUP).length >= 2);
    expect(textsTo(fake.calls, GROUP)[1]).toBe(`Done: Alerts on. ${details}, then /alerts show sends them.`);

    // Nothing changed: showing, previewing or removing what is not there is simply to be tried again.
    const tryAgain = `I could not write to you privately: open a chat with @${BOT_USERNAME} and press Start, then try again.`;
    for (const command of ["/digest show", "/alerts show", "/digest preview"]) {
      const before = textsTo(fake.calls, GROUP).length;
      fake.pushMessage(command, inGroup);
      await fake.waitFor((calls) => textsTo(calls, GROUP).length > before);
      expect([command, textsTo(fake.calls, GROUP).at(-1)]).toEqual([command, tryAgain]);
    }

    // Another moderator's confirmation fails for another reason: logged, and the group still hears it is done.
    fake.memberStatus.set(`${GROUP}:4344`, "administrator");
    fake.failNext("sendMessage", { code: 400, description: "Bad Request: message is too long" });
    const before = textsTo(fake.calls, GROUP).length;
    fake.pushMessage("/digest pause", { ...inGroup, userId: 4344 });
    await fake.waitFor((calls) => textsTo(calls, GROUP).length > before);
    expect(textsTo(fake.calls, GROUP).at(-1)).toBe(
      "Done: Digest paused. The details could not be sent to you privately; the error was logged.",
    );
    expect(logs.some((l) => l.includes("could not deliver /digest privately to user 4344"))).toBe(true);
    expect((await digests.listSchedules())[0]?.paused).toBe(true);
  });

  it("tells a user managing a channel where the bot is no administrator to make it one, in one line", async () => {
    const digests = new MemoryDigestStore();
    const app = await createApp({ clock, digests });
    const { fake, logs } = await start({ app });
    const CHANNEL = -1009876543210;
    fake.addChat({ id: CHANNEL, type: "channel", title: "Riskon news", username: "riskon_news" });
    const refusal =
      "I can't see the members of @riskon_news: add me as an administrator there, then try again.";

    // The bot is a plain member of the channel (400), then not in it at all (403).
    fake.failNext("getChatMember", MEMBER_LIST_INACCESSIBLE);
    fake.pushMessage("/digest set 08:00 Europe/Berlin @riskon_news");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    fake.failNext("getChatMember", NOT_A_CHANNEL_MEMBER);
    fake.pushMessage("/alerts on @riskon_news");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 2);
    expect(texts(fake)).toEqual([refusal, refusal]);
    expect(await digests.listSchedules()).toEqual([]);
    expect(logs.filter((l) => l.includes("failed"))).toEqual([]); // the user's to fix, not an internal error

    // Made an administrator, the bot checks again (refusals are not cached) and the change goes through.
    // The user is the channel's creator, but the bot is no administrator there yet: refused, in one line.
    fake.memberStatus.set(`${CHANNEL}:7527593`, "creator");
    fake.pushMessage("/digest set 08:00 Europe/Berlin @riskon_news");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 3);
    expect(texts(fake)[2]).toBe(
      "Make me an administrator of @riskon_news first, so I can post there and check who may change it.",
    );
    expect(await digests.listSchedules()).toEqual([]);
    fake.memberStatus.set(`${CHANNEL}:${BOT_ID}`, "administrator");
    fake.pushMessage("/digest set 08:00 Europe/Berlin @riskon_news");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "sendMessage").length >= 4);
    expect(texts(fake)[3]).toContain("Digest scheduled");
    expect((await digests.listSchedules()).map((s) => s.chatId)).toEqual([String(CHANNEL)]);
  });

  it("reports failure and logs one clear line when another process polls the same token (409)", async () => {
    const { fake, bot, logs } = await start();
    expect(await stateOf(bot.failed)).toBe("pending");
    fake.startPollingConflict();
    const failure = await bot.failed;
    expect(failure.code).toBe(409);
    expect(failure.message).toBe(
      "telegram: polling stopped: another process is polling with this token; only one may run " +
        "(409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running)",
    );
    expect(logs.filter((l) => l.includes("polling stopped"))).toEqual([failure.message]);
    await bot.stop(); // stopping after the failure is quiet
    expect(logs.filter((l) => l.includes("polling"))).toHaveLength(2); // "polling as", then the failure
  });

  it("retries starting to poll when Telegram answers 502 to the first deleteWebhook, then answers", async () => {
    const fake = await FakeTelegramServer.start();
    fake.failNext("deleteWebhook", { code: 502, description: "Bad Gateway" });
    const logs: string[] = [];
    const bot = await startTelegramBot({
      token: FAKE_TOKEN,
      apiRoot: fake.apiRoot,
      app: await sharedApp(),
      log: (m) => logs.push(m),
      limits: FAST,
      cooldown: { userMs: 0, chatMs: 0 },
    });
    running.push({ fake, bot, logs });
    fake.pushMessage("/help");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"), 10_000);
    expect(await stateOf(bot.failed)).toBe("pending");
    expect(logs.some((l) => l.includes("could not start polling") && l.includes("retrying in 1 s"))).toBe(
      true,
    );
  });

  it("stops cleanly when stop() comes while Telegram has not yet answered the first deleteWebhook", async () => {
    const fake = await FakeTelegramServer.start();
    const release = fake.hold("deleteWebhook");
    const bot = await startTelegramBot({
      token: FAKE_TOKEN,
      apiRoot: fake.apiRoot,
      app: await sharedApp(),
      log: () => {},
      limits: FAST,
    });
    await fake.waitFor((calls) => calls.some((c) => c.method === "deleteWebhook"));
    const stopped = bot.stop();
    release();
    // Before the fix telegraf started polling after the late answer and stop() never returned.
    await expect(
      Promise.race([stopped.then(() => "stopped"), sleepMs(5000).then(() => "hung")]),
    ).resolves.toBe("stopped");
    await fake.close();
  });

  it("leaves transient polling errors to telegraf's own retry and keeps answering", async () => {
    const { fake, bot } = await start();
    // The getUpdates waiting now answers normally; the next one is rate limited, then polling goes on.
    fake.failNext("getUpdates", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    await new Promise((r) => setTimeout(r, 1100));
    fake.pushMessage("/russell vs:nope");
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(await stateOf(bot.failed)).toBe("pending");
  });
});

describe("Telegram authorization (telegraf's client against the fake)", () => {
  const what = "the digest";
  const withAuthorizer = async (
    origin: Parameters<typeof telegramAuthorizer>[2],
    body: (authorize: ReturnType<typeof telegramAuthorizer>, fake: FakeTelegramServer) => Promise<void>,
  ) => {
    const fake = await FakeTelegramServer.start();
    try {
      const telegram = new Telegram(FAKE_TOKEN, { apiRoot: fake.apiRoot });
      const members = {
        getChat: (id: string) => telegram.getChat(id),
        getChatMember: (c: string, u: number) => telegram.getChatMember(c, u),
      };
      await body(
        telegramAuthorizer(members, () => BOT_ID, origin),
        fake,
      );
    } finally {
      await fake.close();
    }
  };

  it("turns a chat it cannot check into the user's one line, naming the chat as they wrote it", async () => {
    await withAuthorizer({ chatId: "7", isPrivate: true, userId: "7" }, async (authorize, fake) => {
      fake.addChat({ id: -1009876543210, type: "channel", title: "News", username: "riskon_news" });
      fake.failNext("getChatMember", MEMBER_LIST_INACCESSIBLE);
      await expect(authorize({ what, chatRef: "@riskon_news" })).rejects.toThrow(
        new UserError(
          "I can't see the members of @riskon_news: add me as an administrator there, then try again.",
        ),
      );
      await expect(authorize({ what, chatRef: "@nobody_here" })).rejects.toThrow(
        "I cannot find @nobody_here; is the bot a member of it?",
      );
      // A hostile string is never echoed: it cannot carry markup or a mention.
      await expect(authorize({ what, chatRef: "<b>@everyone</b>" })).rejects.toThrow(
        "That is not a chat: write @channelname, or the chat's numeric id (-100…).",
      );
      fake.failNext("getChatMember", { code: 500, description: "Internal Server Error" });
      await expect(authorize({ what, chatRef: "@riskon_news" })).rejects.not.toBeInstanceOf(UserError);
    });
  });

  it("asks getChatMember at every change: a member is refused, an administrator is not, nothing is cached", async () => {
    await withAuthorizer(
      { chatId: String(GROUP), isPrivate: false, userId: "7" },
      async (authorize, fake) => {
        await expect(authorize({ what })).rejects.toThrow(
          "Only administrators of this chat can change the digest",
        );
        fake.memberStatus.set(`${GROUP}:7`, "administrator");
        await expect(authorize({ what })).resolves.toEqual({ chatId: String(GROUP) });
        fake.memberStatus.set(`${GROUP}:7`, "member"); // demoted: refused at once
        await expect(authorize({ what })).rejects.toThrow(UserError);
        expect(fake.callsOf("getChatMember")).toHaveLength(3);
        await expect(authorize({ what, roleRef: "123456789012345678" })).rejects.toThrow(/Discord feature/);
      },
    );
  });

  it("says its refusals in the chat's language (the request's locale)", async () => {
    await withAuthorizer({ chatId: String(GROUP), isPrivate: false, userId: "7" }, async (authorize) => {
      const es = localeFor("es");
      await expect(authorize({ what: es.t("moderation.what.digest"), locale: es })).rejects.toThrow(
        new UserError("Solo los administradores de este chat pueden cambiar el resumen allí."),
      );
      await expect(authorize({ what, chatRef: "@nobody_here", locale: es })).rejects.toThrow(
        "No encuentro @nobody_here; ¿es el bot miembro de ese chat?",
      );
    });
  });
});

describe("Telegram: the short answer and its buttons", () => {
  it("details edit the answer in place; Summary brings the brief back; a switch draws the new chart into it", async () => {
    const app = await sharedApp();
    const { fake } = await start({ renderChart: pngChart });
    const asker = 601;
    const where = { chatType: "supergroup" as const, chatId: GROUP, userId: asker };
    fake.pushMessage("/russell range:1y", where);
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    const message = fake.lastMessage(GROUP);
    if (!message) throw new Error("no answer");
    const brief = message.caption;
    const press = async (text: string) => {
      const current = message.reply_markup as {
        inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
      };
      const button = current.inline_keyboard.flat().find((b) => b.text === text || b.text.startsWith(text));
      if (!button) throw new Error(`no button ${text}`);
      const answered = fake.callsOf("answerCallbackQuery").length;
      fake.pushCallback(button.callback_data, { ...where, messageId: message.message_id });
      await fake.waitFor(
        (calls) => calls.filter((c) => c.method === "answerCallbackQuery").length > answered,
      );
    };
    const analogs = (await app.run("russell", ["range:1y"])).sections?.find((s) => s.key === "analogs");

    await press("After breakouts");
    expect(message.caption).toContain("<pre>");
    expect(message.caption).toContain(escapeHtml(analogs?.lines[0] ?? "missing"));
    expect(String(message.caption).length).toBeLessThanOrEqual(1024);
    expect(
      keyboardOf({ params: { reply_markup: message.reply_markup } })
        .flat()
        .map((b) => b.text),
    ).toContain("« Summary");

    await press("Definitions");
    const pages = /More \(1\/(\d)\)/.exec(JSON.stringify(message.reply_markup))?.[1];
    if (pages) {
      await press("More");
      expect(message.caption).toContain(`Definitions (2/${pages})`);
    }
    await press("« Summary");
    expect(message.caption).toBe(brief);

    await press("eth");
    expect(fake.callsOf("editMessageMedia")).toHaveLength(1);
    expect(fake.callsOf("editMessageMedia")[0]?.photo?.isPng).toBe(true);
    expect(message.caption).toContain("vs ETH");
    // The new chart went into the pressed message itself.
    expect(Number(fake.callsOf("editMessageMedia")[0]?.params.message_id)).toBe(message.message_id);
    // Everything happened in the one message: no photo or text was sent after the answer.
    expect(fake.sends()).toHaveLength(1);
    expect(fake.callsOf("answerCallbackQuery").every((c) => c.params.show_alert === undefined)).toBe(true);
  });

  it("a text answer (no chart) pages its parts by the message limit, not the caption's", async () => {
    const { fake } = await start(); // no renderer: the short answer is a text message
    const where = { chatType: "supergroup" as const, chatId: GROUP, userId: 621 };
    fake.pushMessage("/russell", where);
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    const message = fake.lastMessage(GROUP);
    if (!message) throw new Error("no answer");
    const definitions = keyboardOf({ params: { reply_markup: message.reply_markup } })
      .flat()
      .find((b) => b.text === "Definitions")?.callback_data;
    fake.pushCallback(definitions ?? "", { ...where, messageId: message.message_id });
    await fake.waitFor((calls) => calls.some((c) => c.method === "editMessageText"));
    // The definitions fit one 4,096-character message (they take three 1,024-character captions).
    expect(message.text).toContain("Definitions");
    expect(JSON.stringify(message.reply_markup)).not.toContain("More (");
  });

  it("a stale button (its answer older than the data) or another member's press changes nothing", async () => {
    const { fake } = await start({ renderChart: pngChart });
    const where = { chatType: "supergroup" as const, chatId: GROUP, userId: 611 };
    fake.pushMessage("/russell", where);
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    const message = fake.lastMessage(GROUP);
    if (!message) throw new Error("no answer");
    const keyboard = keyboardOf({ params: { reply_markup: message.reply_markup } });
    const details = keyboard.flat().find((b) => b.text === "Caveats")?.callback_data ?? "";
    // The same button as made under an answer of a day before the data's last date.
    const stale = details.replace(/\|a(\d{6})$/, (_, d: string) => `|a${String(Number(d) - 1)}`);
    expect(stale).not.toBe(details);
    fake.pushCallback(stale, { ...where, messageId: message.message_id });
    await fake.waitFor((calls) => calls.some((c) => c.method === "answerCallbackQuery"));
    expect(fake.callsOf("answerCallbackQuery")[0]?.params).toMatchObject({ show_alert: true });
    expect(String(fake.callsOf("answerCallbackQuery")[0]?.params.text)).toMatch(
      /^This answer is as of 2026-08-20; the data has moved on to 2026-08-21\. Send \/russell for a fresh one\.$/,
    );
    fake.pushCallback(details, { ...where, userId: 612, messageId: message.message_id });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerCallbackQuery").length >= 2);
    expect(fake.callsOf("answerCallbackQuery")[1]?.params).toMatchObject({
      text: NOT_YOUR_BUTTON,
      show_alert: true,
    });
    expect(fake.edits()).toEqual([]);
    expect(message.edits).toBe(0);
    expect(fake.sends()).toHaveLength(1);
  });

  it("/altseason answers the same way: one photo with a short caption, its parts and range behind buttons", async () => {
    const app = await sharedApp();
    const { fake } = await start({ renderChart: pngChart });
    fake.pushMessage("/altseason range:1y", { chatType: "supergroup", chatId: GROUP });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    await new Promise((r) => setTimeout(r, 100));
    const [photo, ...rest] = fake.sends();
    expect(rest).toEqual([]);
    const caption = String(photo?.params.caption);
    expect(plainText(caption).length).toBeLessThanOrEqual(BRIEF_LIMIT);
    const expected = await app.run("altseason", ["range:1y"]);
    for (const line of expected.brief ?? []) expect(caption).toContain(escapeHtml(line));
    expect(
      keyboardOf(photo)
        .flat()
        .map((b) => b.text),
    ).toEqual(["• 1y", "5y", "max", "Season index", "Market", "Definitions", "Sources", "CSV"]);
    // Every as-of date keeps the caption short.
    for (const date of ["2017-12-20", "2021-04-20", "2022-06-18", "2025-10-01"]) {
      const reply = await app.run("altseason", [`date:${date}`]);
      expect([reply.title, ...(reply.brief ?? [])].join("\n").length, date).toBeLessThanOrEqual(BRIEF_LIMIT);
    }
  });

  it("inline mode offers the chart itself as a photo once the bot has sent that chart (by its file_id)", async () => {
    const { fake } = await start({ renderChart: pngChart });
    const inline = async () => {
      const before = fake.callsOf("answerInlineQuery").length;
      fake.pushInlineQuery("russell value 1y");
      await fake.waitFor((calls) => calls.filter((c) => c.method === "answerInlineQuery").length > before);
      const params = fake.callsOf("answerInlineQuery").at(-1)?.params as
        | { results: Array<Record<string, unknown>> }
        | undefined;
      return params?.results[0];
    };
    expect((await inline())?.type).toBe("article"); // no such chart sent yet
    fake.pushMessage("/russell value 1y", { chatType: "supergroup", chatId: GROUP });
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendPhoto"));
    const sent = fake.lastMessage(GROUP);
    const photo = await inline();
    expect(photo).toMatchObject({
      type: "photo",
      photo_file_id: `photo${sent?.message_id}-0`, // the fake's file_id of that upload
      parse_mode: "HTML",
      caption: sent?.caption,
    });
    // Another variant has no upload yet: text, as before.
    fake.pushInlineQuery("russell value 5y");
    await fake.waitFor((calls) => calls.filter((c) => c.method === "answerInlineQuery").length >= 3);
    const last = fake.callsOf("answerInlineQuery").at(-1)?.params as
      | { results: Array<{ type: string }> }
      | undefined;
    const other = last?.results[0];
    expect(other?.type).toBe("article");
  });
});
