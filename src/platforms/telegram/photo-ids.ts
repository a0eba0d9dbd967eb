// Charts sent once, then by file_id. Telegram keeps every photo a bot sent and lets the same bot send it again
// by its file_id, with no upload. A chart's key is its answer's version (what it was drawn from: src/app/
// answer-cache.ts), so the same key is the same picture. The first send of a key uploads the PNG; sends of the
// same key while it is uploading wait for it, then go by file_id (a digest to 1,000 groups uploads one PNG);
// later sends, from this process or, through the store, after a restart, go by file_id too. A file_id Telegram
// refuses (another bot token, an expired file) is forgotten and the PNG uploaded once more. Inline answers
// (which can only offer a photo Telegram already has) read the same ids.
import { createHash } from "node:crypto";
import type { Reply } from "../../core/answers/command.ts";
import type { MetaRetention } from "../../core/schedules/digest.ts";

/** Ids kept in memory; the store keeps them for PHOTO_IDS_KEPT. */
const KEEP = 1000;
/**
 * Where the store keeps them, and for how long after the upload: a chart's key is its data version, so an id
 * older than this is for data no answer is drawn from any more (at worst, the chart is uploaded once again).
 */
export const PHOTO_IDS_KEPT: MetaRetention = { prefix: "telegram.photo:", keepMs: 35 * 86_400_000 };

/** Where file_ids outlive the process (the digest store's meta); per bot, by the chart's key. */
export interface FileIdStore {
  getMeta(name: string): Promise<string | null>;
  setMeta(name: string, value: string): Promise<void>;
}

/** What a chart depends on: the same key means the same picture. */
export function photoKey(name: string, reply: Reply): string {
  return reply.version ?? `${name}|${JSON.stringify(reply.options ?? {})}|${String(reply.data.asOf ?? "")}`;
}

/**
 * A digest's picture, by its bytes: digests are drawn in each schedule's theme, so the same answer can be two
 * pictures; the same bytes are the same picture whatever drew them.
 */
export function digestPhotoKey(png: Uint8Array): string {
  return `png|${createHash("sha256").update(png).digest("hex")}`;
}

/** The largest size's file_id of a sent or edited photo message, if it is one. */
export function fileIdOf(message: unknown): string | undefined {
  const photo = (message as { photo?: Array<{ file_id?: unknown }> } | null)?.photo;
  const id = Array.isArray(photo) ? photo.at(-1)?.file_id : undefined;
  return typeof id === "string" ? id : undefined;
}

/** Telegram's answer to a file_id it does not (or no longer) accept from this bot. */
export function isFileRefused(error: unknown): boolean {
  const e = error as { code?: unknown; description?: unknown; message?: unknown } | null;
  const text = `${String(e?.description ?? "")} ${String(e?.message ?? "")}`;
  return (
    e?.code === 400 &&
    /file identifier|remote file|file reference|FILE_|wrong type of the web page/i.test(text)
  );
}

/** A photo to send: the PNG to upload, or a file_id Telegram has. */
export type PhotoInput = { readonly source: Buffer; readonly filename: string } | string;

export class PhotoIds {
  private readonly ids = new Map<string, string>();
  private readonly uploading = new Map<string, Promise<string | undefined>>();
  private readonly refused = new Set<string>();

  constructor(
    private readonly options: {
      /** The bot's public id: a file_id is valid for the bot that was given it. */
      readonly botId?: string;
      readonly store?: FileIdStore;
      readonly log?: (message: string, error?: unknown) => void;
    } = {},
  ) {}

  record(key: string, message: unknown): void {
    const id = fileIdOf(message);
    if (!id) return;
    this.keep(key, id);
    void this.options.store
      ?.setMeta(this.storeKey(key), id)
      .catch((error: unknown) => this.options.log?.("telegram: could not keep a photo's file_id", error));
  }

  get(key: string): string | undefined {
    return this.ids.get(key);
  }

  /**
   * Sends the chart under `key` with `send` (which puts the photo in its request): by file_id when one is known
   * here or in the store, else uploading it, once for every concurrent send of the key.
   */
  async send<T>(
    key: string | undefined,
    png: Uint8Array,
    send: (photo: PhotoInput) => Promise<T>,
  ): Promise<T> {
    const upload = { source: Buffer.from(png), filename: "chart.png" };
    if (key === undefined) return send(upload);
    const id = this.ids.get(key) ?? (await this.uploading.get(key));
    if (id !== undefined) return this.byId(key, id, png, send);
    if (this.uploading.has(key)) return this.send(key, png, send); // that one failed: this one tries
    // The first send of the key: the others wait for what it finds (the store's id) or uploads.
    let settle: (id: string | undefined) => void = () => {};
    this.uploading.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      const stored = await this.options.store?.getMeta(this.storeKey(key)).catch(() => null);
      if (stored && !this.refused.has(stored)) {
        const sent = await this.trySent(stored, send);
        if (sent.ok) {
          this.keep(key, stored);
          settle(stored);
          return sent.value;
        }
      }
      const sent = await send(upload);
      this.record(key, sent);
      settle(fileIdOf(sent));
      return sent;
    } catch (error) {
      settle(undefined);
      throw error;
    } finally {
      this.uploading.delete(key);
    }
  }

  /** By a known id; one Telegram refuses is forgotten and the chart sent as if for the first time. */
  private async byId<T>(
    key: string,
    id: string,
    png: Uint8Array,
    send: (photo: PhotoInput) => Promise<T>,
  ): Promise<T> {
    const sent = await this.trySent(id, send);
    if (sent.ok) return sent.value;
    if (this.ids.get(key) === id) this.ids.delete(key);
    return this.send(key, png, send);
  }

  /** Sends by file_id; a refusal of the id is an answer (not ok), any other error is thrown. */
  private async trySent<T>(id: string, send: (photo: PhotoInput) => Promise<T>) {
    try {
      const value = await send(id);
      return { ok: true as const, value };
    } catch (error) {
      if (!isFileRefused(error)) throw error;
      // Not tried again when the store still has it: the upload that follows replaces it there.
      this.refused.add(id);
      this.options.log?.("telegram: a kept file_id was refused; uploading the chart again");
      return { ok: false as const };
    }
  }

  private keep(key: string, id: string): void {
    this.ids.delete(key);
    this.ids.set(key, id);
    if (this.ids.size > KEEP) this.ids.delete(this.ids.keys().next().value as string);
  }

  private storeKey(key: string): string {
    return `${PHOTO_IDS_KEPT.prefix}${this.options.botId ?? "bot"}:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
  }
}
