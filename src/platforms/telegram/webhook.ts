// Telegram by webhook, for several instances behind a load balancer: Telegram POSTs each update to
// TELEGRAM_WEBHOOK_URL with TELEGRAM_WEBHOOK_SECRET in X-Telegram-Bot-Api-Secret-Token; any instance answers it.
// Every instance starts with the same settings and sets the webhook only when Telegram has another URL or the
// shared store notes another secret, so they never undo each other (and none of them polls, which Telegram
// refuses while a webhook is set).
import { createHash, timingSafeEqual } from "node:crypto";
import type { Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import type { MetaRetention } from "../../core/schedules/digest.ts";
import type { Log } from "../adapter.ts";
import { BodyError, type HttpRoute, readJson, reply } from "../http-route.ts";

export interface WebhookSettings {
  readonly url: string;
  readonly secret: string;
}

export const TELEGRAM_WEBHOOK_PATH = "/telegram";

/** Sets the webhook unless Telegram already has this URL (another instance set it). */
/** Where instances note which webhook settings are set (the shared store's meta), so a changed secret is seen. */
export interface WebhookNote {
  getMeta(name: string): Promise<string | null>;
  setMeta(name: string, value: string): Promise<void>;
  /** The store's lease (DigestStore.claimMeta): one of the instances starting together sets the webhook. */
  claimMeta?(name: string, now: number, leaseMs: number): Promise<boolean>;
}

/** How long the one instance setting the webhook holds the step. */
const SETTING_LEASE_MS = 60_000;

const NOTE = "telegram.webhook";

/** The leases of the setting step, one per URL and secret ever set: worth keeping a day after the last claim. */
export const WEBHOOK_LEASES_KEPT: MetaRetention = { prefix: `${NOTE}.setting.`, keepMs: 86_400_000 };

/** A digest of the URL and the secret: the note tells a changed secret without keeping the secret. */
export function webhookFingerprint(settings: WebhookSettings): string {
  return createHash("sha256").update(`riskon webhook\n${settings.url}\n${settings.secret}`).digest("hex");
}

/**
 * Sets the webhook unless Telegram has this URL already and the shared note says it was set with this secret
 * (Telegram does not tell the secret back): instances started with the same settings leave it alone, and one
 * started with a new secret sets it again. Without a note (no store), the URL alone decides.
 */
export async function ensureWebhook(
  bot: Telegraf,
  settings: WebhookSettings,
  log: Log,
  note?: WebhookNote,
): Promise<void> {
  const info = await bot.telegram.getWebhookInfo();
  const fingerprint = webhookFingerprint(settings);
  const noted = note ? await note.getMeta(NOTE).catch(() => null) : fingerprint;
  // No note beside the same URL: set by an instance starting now that has not written its note yet (instances
  // start together), or by a version from before notes; taken as set with these settings, which are noted now.
  // (A secret rotated in the same deploy as the upgrade to notes is therefore not seen: restart once more.)
  if (info.url === settings.url && (noted === fingerprint || noted === null)) {
    if (noted === null) await note?.setMeta(NOTE, fingerprint).catch(() => {});
    log(`telegram: webhook already set to ${settings.url}`);
    return;
  }
  // Instances started together all see no webhook yet: the one that takes the step (per settings, so a new
  // secret is its own step) sets it, the others leave it to that one.
  const step = `${WEBHOOK_LEASES_KEPT.prefix}${fingerprint.slice(0, 16)}`;
  if (note?.claimMeta && !(await note.claimMeta(step, Date.now(), SETTING_LEASE_MS).catch(() => true))) {
    log(`telegram: another instance is setting the webhook to ${settings.url}`);
    return;
  }
  // The same update kinds as polling gets (Telegram's default).
  await bot.telegram.setWebhook(settings.url, { secret_token: settings.secret });
  await note
    ?.setMeta(NOTE, fingerprint)
    .catch((error: unknown) => log("telegram: could not note the webhook", error));
  log(
    `telegram: webhook set to ${settings.url}` +
      (info.url === settings.url ? " (the same URL with a new secret)" : ""),
  );
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /telegram: 401 without the secret header, 413 for a body over 1 MiB, 400 for one that is not a JSON
 * update; otherwise 200 at once and the update is handled (Telegram would resend one not answered in time).
 */
export function webhookRoute(
  bot: Telegraf,
  secret: string,
  log: Log,
  track: (work: Promise<void>) => void,
): HttpRoute {
  return async (req, res) => {
    if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"], secret)) {
      req.resume();
      return reply(res, 401, "unauthorized");
    }
    let update: Record<string, unknown>;
    try {
      update = await readJson(req);
    } catch (error) {
      if (error instanceof BodyError) return reply(res, error.status, error.message);
      throw error;
    }
    if (typeof update.update_id !== "number") return reply(res, 400, "not a Telegram update");
    reply(res, 200, { ok: true });
    track(
      bot.handleUpdate(update as unknown as Update).catch((error: unknown) => {
        log("telegram: webhook update failed", error);
      }),
    );
  };
}
