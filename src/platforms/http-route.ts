// What a platform serves over HTTP (Telegram's webhook, Discord's interactions endpoint), mounted by the one
// HTTP server beside the health endpoints: a POST handler per path, and a bounded body reader that rejects what
// is too large before it is read whole.
import type { IncomingMessage, ServerResponse } from "node:http";

export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Telegram's and Discord's bodies are a few kB; anything near this is not theirs. */
export const MAX_BODY_BYTES = 1 << 20;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The raw body, at most `limit` bytes: 413 from Content-Length alone when it says more, else while reading. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new BodyError(413, `body of ${declared} bytes is over ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new BodyError(413, `body over ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body as JSON: 400 when it is not JSON (or not an object). */
export async function readJson(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limit);
  return parseJsonObject(raw.toString("utf8"));
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyError(400, "body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BodyError(400, "body is not a JSON object");
  }
  return value as Record<string, unknown>;
}

export function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? `${body}\n` : `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "cache-control": "no-store",
  });
  res.end(text);
}
