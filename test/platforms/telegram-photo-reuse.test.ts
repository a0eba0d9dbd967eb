// Charts sent once, then by file_id, through the real telegraf to the Bot API fake (which, like Telegram, lets
// a bot send again a photo it was given, and refuses an unknown or expired file_id): a repeated /russell in
// another chat is not uploaded again, a digest fan-out to many groups uploads its chart once, the ids outlive a
// restart through the store, and a refused id falls back to one upload and is replaced.
import { createHash } from "node:crypto";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { cachedCharts } from "../../src/app/reply-charts.ts";
import type { Reply } from "../../src/core/answers/command.ts";
import { type RunningBot, startTelegramBot } from "../../src/platforms/telegram/telegram-bot.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");
const FAST = { perChatMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000 };

let drawn = 0;
/** A small real PNG per answer version (what the renderer would draw), counted. */
const draw = async (reply: Reply) => {
  if (!reply.chart) return null;
  drawn++;
  const png = new PNG({ width: 8, height: 6 });
  png.data.fill(90);
  return PNG.sync.write(png);
};

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function start(fake: FakeTelegramServer, notes: MemoryDigestStore) {
  const app = await createApp({ clock });
  const renderChart = cachedCharts(async (reply) => draw(reply), app.answers);
  const bot: RunningBot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app,
    log: () => {},
    limits: FAST,
    cooldown: { userMs: 0, chatMs: 0 },
    renderChart: (reply) => renderChart(reply, "light"),
    notes,
  });
  stops.push(() => bot.stop());
  return { app, bot };
}

const photoSends = (fake: FakeTelegramServer) => fake.delivered().filter((c) => c.method === "sendPhoto");

describe("Telegram charts by file_id", () => {
  it("a repeated /russell in another chat goes by file_id: one upload, one drawing", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    await start(fake, new MemoryDigestStore());
    drawn = 0;
    fake.pushMessage("/russell", { chatType: "private", chatId: 101 });
    await fake.waitFor(() => photoSends(fake).length === 1);
    fake.pushMessage("/russell", { chatType: "private", chatId: 102 });
    await fake.waitFor(() => photoSends(fake).length === 2);
    const [first, second] = photoSends(fake);
    expect(first?.photo?.isPng).toBe(true);
    expect(second?.photo).toBeUndefined();
    expect(String(second?.params.photo)).toMatch(/^photo\d+-0$/);
    expect(fake.uploads()).toHaveLength(1);
    expect(drawn).toBe(1);
  });

  it("a digest of one chart to 200 groups uploads one PNG; the others get its file_id", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    const { app, bot } = await start(fake, new MemoryDigestStore());
    const reply = await app.run("russell", []);
    const png = (await draw(reply)) as Uint8Array;
    const groups = Array.from({ length: 200 }, (_, i) => `-100${900 + i}`);
    await Promise.all(groups.map((chatId) => bot.sender.send(chatId, { replies: [reply], png })));
    expect(photoSends(fake)).toHaveLength(200);
    expect(fake.uploads()).toHaveLength(1);
    const uploaded = fake.uploads().reduce((n, c) => n + (c.photo?.bytes ?? 0), 0);
    expect(uploaded).toBe(png.byteLength); // 1.0x one PNG (plus the captions, sent as text parameters)
  });

  it("digests of one answer in two themes are two pictures: each uploaded once, never one sent for the other", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    const { app, bot } = await start(fake, new MemoryDigestStore());
    const reply = await app.run("russell", []);
    const light = (await draw(reply)) as Uint8Array;
    const dark = new Uint8Array(light); // the same answer drawn in another theme: other bytes
    dark[dark.length - 20] = (dark[dark.length - 20] ?? 0) ^ 1;
    const groups = ["-1001", "-1002", "-1003", "-1004"];
    await Promise.all(
      groups.map((chatId, i) => bot.sender.send(chatId, { replies: [reply], png: i % 2 ? dark : light })),
    );
    expect(fake.uploads()).toHaveLength(2);
    // What each group's message shows, uploaded or by file_id: its own theme's picture.
    const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    for (const [i, chatId] of groups.entries()) {
      const shown = [...fake.messages.values()].find((m) => String(m.chatId) === chatId);
      expect(shown?.photoSha).toBe(sha(i % 2 ? dark : light));
    }
  });
});

describe("Telegram file_ids across restarts and refusals", () => {
  it("keeps the ids in the store: after a restart the same chart goes by file_id at once", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    const notes = new MemoryDigestStore();
    const before = await start(fake, notes);
    fake.pushMessage("/russell", { chatType: "private", chatId: 201 });
    await fake.waitFor(() => photoSends(fake).length === 1);
    await before.bot.stop();
    await start(fake, notes); // a new process: empty memory, the same store
    fake.pushMessage("/russell", { chatType: "private", chatId: 202 });
    await fake.waitFor(() => photoSends(fake).length === 2);
    expect(fake.uploads()).toHaveLength(1);
  });

  it("a file_id Telegram refuses (expired, another bot) falls back to one upload and is replaced", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    await start(fake, new MemoryDigestStore());
    fake.pushMessage("/russell", { chatType: "private", chatId: 301 });
    await fake.waitFor(() => photoSends(fake).length === 1);
    fake.expireFiles();
    fake.pushMessage("/russell", { chatType: "private", chatId: 302 });
    await fake.waitFor(() => photoSends(fake).length === 2);
    // Refused by id (400), then uploaded: the member got the chart.
    const refused = fake.sends().filter((c) => c.method === "sendPhoto" && !fake.delivered().includes(c));
    expect(refused).toHaveLength(1);
    expect(typeof refused[0]?.params.photo).toBe("string");
    expect(fake.uploads()).toHaveLength(2);
    fake.pushMessage("/russell", { chatType: "private", chatId: 303 });
    await fake.waitFor(() => photoSends(fake).length === 3);
    expect(fake.uploads()).toHaveLength(2); // the new id works
  });
});
