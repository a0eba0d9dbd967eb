// The file_id Telegram gave each chart the bot has sent, by what the chart shows (command, options, as-of date):
// an inline answer can then offer that chart as a photo (Telegram accepts only a photo it already has, or a
// public URL). Kept in memory for the process, the most recent few hundred; issue 20's store-backed reuse of
// uploads would keep them across restarts.
import type { Reply } from "../../core/answers/command.ts";

const KEEP = 500;

/** What a chart depends on: the same key means the same picture. */
export function photoKey(name: string, reply: Reply): string {
  return `${name}|${JSON.stringify(reply.options ?? {})}|${String(reply.data.asOf ?? "")}`;
}

/** The largest size's file_id of a sent or edited photo message, if it is one. */
export function fileIdOf(message: unknown): string | undefined {
  const photo = (message as { photo?: Array<{ file_id?: unknown }> } | null)?.photo;
  const id = Array.isArray(photo) ? photo.at(-1)?.file_id : undefined;
  return typeof id === "string" ? id : undefined;
}

export class PhotoIds {
  private readonly ids = new Map<string, string>();

  record(key: string, message: unknown): void {
    const id = fileIdOf(message);
    if (!id) return;
    this.ids.delete(key);
    this.ids.set(key, id);
    if (this.ids.size > KEEP) this.ids.delete(this.ids.keys().next().value as string);
  }

  get(key: string): string | undefined {
    return this.ids.get(key);
  }
}
