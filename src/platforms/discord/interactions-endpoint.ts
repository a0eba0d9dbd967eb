// Discord's HTTP interactions endpoint (POST /discord/interactions), for several instances behind a load
// balancer instead of one gateway connection. Each request is checked before anything else: its Ed25519
// signature over timestamp + body against DISCORD_PUBLIC_KEY (401 when it fails), its timestamp (older than five
// minutes is a replay: 401), its size (413) and JSON (400). A PING is answered PONG. Any other interaction goes to
// discord.js as if from the gateway, so the same handlers answer it: the first response they make (a defer, an
// ephemeral refusal, autocomplete choices) becomes this request's HTTP answer, within Discord's 3 seconds, and
// what follows (the chart, edits) goes by REST as usual.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { type Client, DefaultRestOptions } from "discord.js";
import type { Log } from "../adapter.ts";
import { BodyError, type HttpRoute, parseJsonObject, readBody, reply } from "../http-route.ts";

export const DISCORD_INTERACTIONS_PATH = "/discord/interactions";

/** A timestamp further than this from now is refused: a replayed (or badly delayed) request. */
export const MAX_SKEW_SECONDS = 300;

/** If the handlers have not answered by then, the request is answered "thinking…" (a defer). */
const ANSWER_WITHIN_MS = 2500;

/** Ed25519 public key from Discord's hex form (the raw 32 bytes) as a KeyObject. */
export function discordPublicKey(hex: string): KeyObject {
  const spki = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(hex, "hex")]);
  return createPublicKey({ key: spki, format: "der", type: "spki" });
}

export function validSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, "hex"));
  } catch {
    return false;
  }
}

/**
 * The REST requester for HTTP mode: an interaction's first callback is handed to the waiting HTTP request
 * instead of being sent (Discord takes it as the answer to its POST); everything else goes out as usual.
 */
export class CallbackRelay {
  private readonly waiting = new Map<string, (body: unknown) => void>();

  readonly makeRequest: typeof DefaultRestOptions.makeRequest = async (url, init) => {
    const id = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(url)?.[1];
    const answer = id === undefined ? undefined : this.waiting.get(id);
    if (answer && id !== undefined && typeof init.body === "string") {
      this.waiting.delete(id);
      answer(JSON.parse(init.body));
      return new Response(null, { status: 204 });
    }
    return DefaultRestOptions.makeRequest(url, init);
  };

  /** Stops waiting for interaction `id`'s callback (it is answered otherwise). */
  cancel(id: string): void {
    this.waiting.delete(id);
  }

  /** The first callback the handlers make for interaction `id`, or a defer after `ms`. */
  answerOf(id: string, ms = ANSWER_WITHIN_MS): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting.delete(id)) resolve({ type: 5 });
      }, ms);
      this.waiting.set(id, (body) => {
        clearTimeout(timer);
        resolve(body);
      });
    });
  }
}

/** Interaction type 4 is autocomplete: it can only be answered with choices (none). */
const AUTOCOMPLETE = 4;

/** The answer to an interaction discord.js could not read: one line only its member sees, or no choices. */
export function apologyFor(interaction: Record<string, unknown>): unknown {
  if (interaction.type === AUTOCOMPLETE) return { type: 8, data: { choices: [] } };
  return {
    type: 4,
    data: { content: "Sorry, riskon could not read this request. Please try again.", flags: 64 },
  };
}

export function interactionsRoute(
  client: Client,
  publicKey: KeyObject,
  relay: CallbackRelay,
  log: Log,
  now: () => number = Date.now,
): HttpRoute {
  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyError) return reply(res, error.status, error.message);
      throw error;
    }
    const timestamp = req.headers["x-signature-timestamp"];
    const signature = req.headers["x-signature-ed25519"];
    const ts = typeof timestamp === "string" ? timestamp : undefined;
    if (!validSignature(publicKey, typeof signature === "string" ? signature : undefined, ts, raw)) {
      return reply(res, 401, "invalid request signature");
    }
    if (!/^\d+$/.test(ts ?? "") || Math.abs(now() / 1000 - Number(ts)) > MAX_SKEW_SECONDS) {
      return reply(res, 401, "stale request timestamp");
    }
    let interaction: Record<string, unknown>;
    try {
      interaction = parseJsonObject(raw.toString("utf8"));
    } catch (error) {
      if (error instanceof BodyError) return reply(res, error.status, error.message);
      throw error;
    }
    if (interaction.type === 1) return reply(res, 200, { type: 1 });
    if (typeof interaction.id !== "string") return reply(res, 400, "not a Discord interaction");
    const answer = relay.answerOf(interaction.id);
    try {
      // discord.js builds the interaction and emits it, as it does for the gateway's INTERACTION_CREATE.
      (
        client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
      ).actions.InteractionCreate.handle(interaction);
    } catch (error) {
      log("discord: an HTTP interaction could not be read", error);
      // No handler will answer it: say so now rather than leave the member on "thinking…".
      relay.cancel(interaction.id);
      return reply(res, 200, apologyFor(interaction));
    }
    reply(res, 200, await answer);
  };
}
