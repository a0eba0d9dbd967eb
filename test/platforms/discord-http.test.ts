// Discord by HTTP interactions, end to end with the real discord.js: interactions are POSTed to the HTTP server's
// /discord/interactions, signed with Ed25519 as Discord signs them (a key pair made here; the app's public key
// configured); the first answer is the HTTP response (a defer within Discord's 3 seconds) and the chart follows
// by REST to the wire fake. Forged, replayed, malformed and oversized requests are refused before any handling.
import { generateKeyPairSync, sign } from "node:crypto";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { type RunningHttpServer, startHttpServer } from "../../src/app/http-server.ts";
import { createMetrics } from "../../src/app/metrics.ts";
import { type RunningBot, startDiscordBot } from "../../src/platforms/discord/discord-bot.ts";
import type { HttpRoute } from "../../src/platforms/http-route.ts";
import { FAKE_DISCORD_TOKEN, FakeDiscordServer } from "../fakes/discord-server.ts";

const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
const keys = generateKeyPairSync("ed25519");
/** The raw 32-byte public key in hex, as the Developer Portal shows it. */
const PUBLIC_KEY = (keys.publicKey.export({ format: "der", type: "spki" }) as Buffer)
  .subarray(12)
  .toString("hex");

const pngChart = async () => {
  const png = new PNG({ width: 8, height: 6 });
  png.data.fill(120);
  return PNG.sync.write(png);
};

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function start(): Promise<{
  fake: FakeDiscordServer;
  url: string;
  bot: RunningBot;
  http: RunningHttpServer;
}> {
  const fake = await FakeDiscordServer.start();
  stops.push(() => fake.close());
  const routes = new Map<string, HttpRoute>();
  const http = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    registry: createMetrics().registry,
    readiness: async () => ({}),
    log: () => {},
    routes,
  });
  const bot = await startDiscordBot({
    token: FAKE_DISCORD_TOKEN,
    apiBase: fake.apiBase,
    app,
    log: () => {},
    renderChart: pngChart,
    publicKey: PUBLIC_KEY,
  });
  for (const [path, route] of bot.routes) routes.set(path, route);
  stops.push(async () => {
    await bot.stop();
    await http.close();
  });
  return { fake, url: `http://${http.address}/discord/interactions`, bot, http };
}

/** POSTs `body` as Discord does: signature over timestamp + body, unless the test says otherwise. */
async function post(
  url: string,
  body: string,
  options: { timestamp?: number; signature?: string | null } = {},
): Promise<{ status: number; json: unknown }> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined
      ? sign(null, Buffer.from(timestamp + body), keys.privateKey).toString("hex")
      : options.signature;
  const answer = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-timestamp": timestamp,
      ...(signature !== null ? { "x-signature-ed25519": signature } : {}),
    },
    body,
  });
  const text = await answer.text();
  let json: unknown = text.trim();
  try {
    json = JSON.parse(text);
  } catch {
    // a plain-text refusal
  }
  return { status: answer.status, json };
}

describe("Discord by HTTP interactions", () => {
  it("answers PING with PONG, and /russell with a defer in the HTTP response, then the chart by REST; no gateway", async () => {
    const { fake, url } = await start();
    expect(fake.identifies).toHaveLength(0);
    expect(
      await post(url, JSON.stringify({ type: 1, id: "1", application_id: "1", token: "t", version: 1 })),
    ).toEqual({
      status: 200,
      json: { type: 1 },
    });
    const interaction = fake.commandInteraction({ name: "russell", options: { vs: "eth" } });
    const answer = await post(url, JSON.stringify(interaction));
    expect(answer).toEqual({ status: 200, json: { type: 5, data: { flags: 0 } } });
    await fake.waitFor(() => fake.requestsFor(interaction.token).some((r) => r.method === "PATCH"));
    const requests = fake.requestsFor(interaction.token);
    // The defer went back as the HTTP answer, not as a REST callback.
    expect(requests.map((r) => r.method)).toEqual(["PATCH"]);
    expect(requests[0]?.files).toEqual([{ field: "files[0]", name: "chart.png", isPng: true }]);
    const expected = await app.run("russell", ["vs:eth"]);
    const body = requests[0]?.body as { embeds?: Array<{ title: string }> } | undefined;
    expect(body?.embeds?.[0]?.title).toBe(expected.title);
  });

  it("a switcher press: the acknowledgement in the HTTP response, the redrawn chart edits the message by REST", async () => {
    const { fake, url } = await start();
    const asked = fake.commandInteraction({ name: "russell", options: { range: "1y" } });
    await post(url, JSON.stringify(asked));
    await fake.waitFor(() => fake.requestsFor(asked.token).some((r) => r.method === "PATCH"));
    const message = fake.answerOf(asked.token);
    if (!message) throw new Error("no answer");
    const rows = (message.body.components ?? []) as Array<{
      components: Array<{ label: string; custom_id: string }>;
    }>;
    const eth = rows.flatMap((r) => r.components).find((b) => b.label === "eth")?.custom_id ?? "";
    const edits = message.edits;
    const press = fake.buttonInteraction({ customId: eth, messageId: message.id });
    const answer = await post(url, JSON.stringify(press));
    expect(answer).toEqual({ status: 200, json: { type: 6 } });
    await fake.waitFor(() => fake.requestsFor(press.token).some((r) => r.method === "PATCH"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(message.edits).toBe(edits + 1);
    const expected = await app.run("russell", ["vs:eth", "range:1y"]);
    expect((message.body as { embeds: Array<{ title: string }> }).embeds[0]?.title).toBe(expected.title);
  });

  it("bad input is an ephemeral one-line answer in the HTTP response itself", async () => {
    const { fake, url } = await start();
    const interaction = fake.commandInteraction({ name: "russell", options: { range: "7y" } });
    const answer = await post(url, JSON.stringify(interaction));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((answer.json as { data: { content: string } }).data.content).toMatch(/^range must be one of/);
  });

  it("an interaction discord.js cannot read is answered at once with an apology, not left on a bare defer", async () => {
    const { fake, url } = await start();
    // Signed and well-formed JSON, but a command without its data: discord.js throws building it.
    const { data: _dropped, ...broken } = fake.commandInteraction({ name: "russell" }) as Record<
      string,
      unknown
    >;
    const started = Date.now();
    const answer = await post(url, JSON.stringify(broken));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      type: 4,
      data: { content: "Sorry, riskon could not read this request. Please try again.", flags: 64 },
    });
    expect(Date.now() - started).toBeLessThan(2000); // not after the 2.5 s defer
  });

  it("refuses forged (401), replayed (401), non-JSON (400) and oversized (413) requests before handling them", async () => {
    const { fake, url } = await start();
    const body = JSON.stringify(fake.commandInteraction({ name: "russell" }));
    expect((await post(url, body, { signature: null })).status).toBe(401);
    expect((await post(url, body, { signature: "ab".repeat(64) })).status).toBe(401);
    // Signed over another body: a tampered request.
    const signature = sign(null, Buffer.from(`${Math.floor(Date.now() / 1000)}{}`), keys.privateKey).toString(
      "hex",
    );
    expect((await post(url, body, { signature })).status).toBe(401);
    // Correctly signed, but ten minutes old: a replay.
    const replay = await post(url, body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(replay).toEqual({ status: 401, json: "stale request timestamp" });
    expect((await post(url, "{not json")).status).toBe(400);
    expect((await post(url, JSON.stringify({ type: 2, pad: "x".repeat(1_100_000) }))).status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      fake.requests.filter((r) => r.path.includes("/webhooks/") || r.path.includes("/callback")),
    ).toEqual([]);
  });
});
