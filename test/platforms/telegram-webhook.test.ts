// Telegram by webhook, end to end with the real telegraf: the fake Bot API POSTs updates to the HTTP server's
// /telegram route with the secret header, as Telegram does; instances started with the same settings set the
// webhook once and none of them polls; a request without the secret, not JSON or too large changes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { type RunningHttpServer, startHttpServer } from "../../src/app/http-server.ts";
import { createMetrics } from "../../src/app/metrics.ts";
import type { HttpRoute } from "../../src/platforms/http-route.ts";
import { type RunningBot, startTelegramBot } from "../../src/platforms/telegram/telegram-bot.ts";
import { ensureWebhook, type WebhookNote } from "../../src/platforms/telegram/webhook.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const clock = () => new Date("2026-11-21T00:00:00Z");
const app = await createApp({ clock });
const SECRET = "s3cret_for-the-webhook";

interface Instance {
  readonly http: RunningHttpServer;
  readonly bot: RunningBot;
  readonly logs: string[];
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** One instance: its HTTP server (the routes are mounted once the bot has started), then the bot. */
async function instance(
  fake: FakeTelegramServer,
  url: (address: string) => string,
  shared: { readonly secret?: string; readonly note?: WebhookNote } = {},
): Promise<Instance> {
  const routes = new Map<string, HttpRoute>();
  const logs: string[] = [];
  const http = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    registry: createMetrics().registry,
    readiness: async () => ({}),
    log: (m) => logs.push(m),
    routes,
  });
  const bot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app,
    log: (m, e) => logs.push(e === undefined ? m : `${m} - ${String(e)}`),
    limits: { perChatMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000 },
    cooldown: { userMs: 0, chatMs: 0 },
    webhook: { url: url(http.address), secret: shared.secret ?? SECRET },
    ...(shared.note ? { notes: shared.note } : {}),
  });
  for (const [path, route] of bot.routes) routes.set(path, route);
  stops.push(async () => {
    await bot.stop();
    await http.close();
  });
  return { http, bot, logs };
}

describe("Telegram by webhook", () => {
  it("instances with the same settings set the webhook once, never poll, and answer what Telegram POSTs", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    // Behind a load balancer every instance has the one public URL; here it points at the first instance.
    const first = await instance(fake, (address) => `http://${address}/telegram`);
    const publicUrl = fake.webhook?.url ?? "";
    const second = await instance(fake, () => publicUrl);
    expect(fake.callsOf("setWebhook")).toHaveLength(1);
    expect(fake.callsOf("setWebhook")[0]?.params).toMatchObject({ url: publicUrl, secret_token: SECRET });
    expect(second.logs).toContain(`telegram: webhook already set to ${publicUrl}`);
    expect(fake.calls.filter((c) => c.method === "getUpdates" || c.method === "deleteWebhook")).toEqual([]);

    fake.pushMessage("/help", { chatType: "private", chatId: 42 });
    await fake.waitFor(() => fake.sends().length > 0);
    expect(fake.webhookAnswers).toEqual([200]);
    expect(String(fake.sends()[0]?.params.text)).toContain("/russell");
    expect(first.logs.filter((l) => /failed/.test(l))).toEqual([]);
  });

  it("sets the webhook again when an instance starts with a new secret for the same URL (noted in the shared store)", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    const note = new MemoryDigestStore();
    await instance(fake, (address) => `http://${address}/telegram`, { note });
    const publicUrl = fake.webhook?.url ?? "";
    await instance(fake, () => publicUrl, { note });
    expect(fake.callsOf("setWebhook")).toHaveLength(1);
    // The operator rotates the secret: Telegram keeps the URL and does not tell the secret back.
    const rotated = await instance(fake, () => publicUrl, { note, secret: "rotated_secret-2" });
    expect(fake.callsOf("setWebhook")).toHaveLength(2);
    expect(fake.callsOf("setWebhook")[1]?.params).toMatchObject({
      url: publicUrl,
      secret_token: "rotated_secret-2",
    });
    expect(rotated.logs).toContain(`telegram: webhook set to ${publicUrl} (the same URL with a new secret)`);
    // The note holds a digest of the settings, never the secret itself.
    expect(await note.getMeta("telegram.webhook")).toMatch(/^[0-9a-f]{64}$/);
    // And a fourth instance with the rotated settings leaves it alone again.
    await instance(fake, () => publicUrl, { note, secret: "rotated_secret-2" });
    expect(fake.callsOf("setWebhook")).toHaveLength(2);
  });

  it("refuses a request without the secret (401), a body that is not JSON (400) or too large (413), before handling it", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    await instance(fake, (address) => `http://${address}/telegram`);
    const update = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 42, type: "private" }, text: "/help" },
    });
    expect(await fake.postToWebhook(update, null)).toBe(401);
    expect(await fake.postToWebhook(update, "wrong-secret")).toBe(401);
    expect(await fake.postToWebhook("{not json")).toBe(400);
    expect(await fake.postToWebhook("[1,2]")).toBe(400);
    expect(await fake.postToWebhook(JSON.stringify({ hello: "world" }))).toBe(400);
    expect(await fake.postToWebhook(JSON.stringify({ update_id: 2, pad: "x".repeat(1_100_000) }))).toBe(413);
    // A GET is not Telegram's.
    const get = await fetch(fake.webhook?.url ?? "");
    expect(get.status).toBe(405);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.sends()).toEqual([]);
  });
});

describe("Telegram by webhook: instances starting together", () => {
  it("three instances starting at the same moment on one store set the webhook once (a lease on the step)", async () => {
    const fake = await FakeTelegramServer.start();
    stops.push(() => fake.close());
    const note = new MemoryDigestStore();
    const url = "https://riskon.example/telegram";
    // Each reads Telegram's webhook (none yet) before any has set it: without the lease all three would set it.
    const started = await Promise.all([0, 1, 2].map(() => instance(fake, () => url, { note })));
    expect(fake.callsOf("setWebhook")).toHaveLength(1);
    const others = started.filter((s) => !s.logs.includes(`telegram: webhook set to ${url}`));
    expect(others).toHaveLength(2);
    for (const other of others)
      expect(
        other.logs.some((l) =>
          [
            `telegram: another instance is setting the webhook to ${url}`,
            `telegram: webhook already set to ${url}`,
          ].includes(l),
        ),
      ).toBe(true);
    // Deterministically: three that all read "no webhook" before any sets it (as on a loaded machine).
    let sets = 0;
    const bot = {
      telegram: {
        getWebhookInfo: async () => ({ url: "" }),
        setWebhook: async () => {
          sets += 1;
          return true;
        },
      },
    } as unknown as Parameters<typeof ensureWebhook>[0];
    const store = new MemoryDigestStore();
    const settings = { url, secret: SECRET };
    await Promise.all([0, 1, 2].map(() => ensureWebhook(bot, settings, () => {}, store)));
    expect(sets).toBe(1);
  });
});
