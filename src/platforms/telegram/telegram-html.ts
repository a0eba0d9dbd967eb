// Renders a Reply as Telegram HTML and splits it into a photo caption (1024) and messages (4096) without
// cutting a tag in half: the text is built from self-contained blocks and split only between them.
import type { Reply } from "../../core/answers/command.ts";
import { describeFreshness, renderTable, sourcesLine } from "../../core/answers/format.ts";
import { localeOfReply } from "../labels.ts";

export const CAPTION_LIMIT = 1024;
export const MESSAGE_LIMIT = 4096;

/**
 * Escapes text for Telegram HTML, and keeps it from pinging anyone: Telegram turns every `@username` in a message
 * into a mention that notifies that user, so a word joiner (U+2060, invisible) after the `@` keeps names the user
 * typed (an unknown chat, an unknown option) as plain text. Names ending in "bot" stay tappable: Telegram keeps
 * that ending for bots, and naming a bot (this one, "open a chat with @riskon_bot") pings no one.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/(^|[^\w@])@(?=\w)(?![A-Za-z0-9_]*bot\b)/gi, "$1@\u2060");
}

/** What Telegram would read as mentions in a sent text (for tests and checks): `@name` at a word start. */
export function telegramMentions(text: string): string[] {
  return [...text.matchAll(/(?:^|[^\w@])@([A-Za-z][A-Za-z0-9_]{3,31})/g)].map((m) => m[1] ?? "");
}

interface Block {
  readonly lines: readonly string[];
  /** Each piece of a split block is wrapped again, so a <pre> stays a <pre>. */
  readonly wrap: (inner: string) => string;
  /** A heading that must not end a chunk without the block after it. */
  readonly keepWithNext?: boolean;
}

const plain = (inner: string) => inner;
const pre = (inner: string) => `<pre>${inner}</pre>`;

function blocksOf(reply: Reply): Block[] {
  const blocks: Block[] = [
    { lines: [`<b>${escapeHtml(reply.title)}</b>`, ...reply.lines.map(escapeHtml)], wrap: plain },
  ];
  if (reply.table) {
    blocks.push({ lines: [`<b>${escapeHtml(reply.table.caption)}</b>`], wrap: plain, keepWithNext: true });
    blocks.push({ lines: renderTable(reply.table).split("\n").map(escapeHtml), wrap: pre });
  }
  if (reply.notes.length > 0)
    blocks.push({ lines: reply.notes.map((n) => `• ${escapeHtml(n)}`), wrap: plain });
  if (reply.sources.length > 0) {
    blocks.push({
      lines: [`<i>${escapeHtml(sourcesLine(reply.sources, localeOfReply(reply)))}</i>`],
      wrap: plain,
    });
  }
  return blocks;
}

/** Cuts a block into pieces that each fit `limit` once wrapped; a single overlong line is cut by characters. */
function piecesOf(block: Block, limit: number): string[] {
  const whole = block.wrap(block.lines.join("\n"));
  if (whole.length <= limit) return [whole];
  const room = limit - block.wrap("").length;
  const pieces: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) pieces.push(block.wrap(current.join("\n")));
    current = [];
  };
  for (const line of block.lines) {
    // Cutting an escaped line may split an entity such as &amp;; back off to before the '&'.
    let rest = line;
    while (rest.length > room) {
      let cut = room;
      const amp = rest.lastIndexOf("&", cut);
      if (amp > cut - 6 && amp > 0) cut = amp;
      flush();
      pieces.push(block.wrap(rest.slice(0, cut)));
      rest = rest.slice(cut);
    }
    if ([...current, rest].join("\n").length > room) flush();
    current.push(rest);
  }
  flush();
  return pieces;
}

/**
 * Packs the reply into chunks: the first fits `firstLimit` (the caption when a chart goes with it), the rest
 * fit MESSAGE_LIMIT. Blocks are separated by a blank line.
 */
export function renderTelegramChunks(
  reply: Reply,
  firstLimit = MESSAGE_LIMIT,
  restLimit = MESSAGE_LIMIT,
): string[] {
  const chunks: string[] = [];
  let current = "";
  const limit = () => (chunks.length === 0 ? firstLimit : restLimit);
  const join = (a: string, b: string) => (a === "" ? b : `${a}\n\n${b}`);
  const blocks = blocksOf(reply);
  const pieceLimit = Math.min(firstLimit, restLimit);
  const pieces = blocks.map((block) => piecesOf(block, pieceLimit));
  blocks.forEach((block, b) => {
    for (const piece of pieces[b] ?? []) {
      // A heading goes with the start of what it heads, or moves to the next chunk.
      const next = pieces[b + 1]?.[0];
      const needed = block.keepWithNext && next !== undefined ? join(piece, next) : piece;
      if (join(current, needed).length <= limit() || current === "") {
        current = join(current, piece);
        continue;
      }
      chunks.push(current);
      current = piece;
    }
  });
  if (current !== "") chunks.push(current);
  return chunks;
}

/** The short first answer: the title in bold, then the brief's lines. */
export function renderTelegramBrief(reply: Reply): string {
  return [`<b>${escapeHtml(reply.title)}</b>`, ...(reply.brief ?? reply.lines).map(escapeHtml)].join("\n");
}

/** Room kept on every page of a section for its page heading. */
const PAGE_HEADING_ROOM = 60;

/**
 * One section of the answer as the pages of a message (a caption holds `limit`): the first page under the
 * answer's title and the section's name, later pages under "name (2/3)".
 */
export function renderTelegramSection(reply: Reply, key: string, limit: number): string[] {
  const section = reply.sections?.find((s) => s.key === key);
  if (!section) return [];
  const part: Reply = {
    title: `${reply.title} · ${section.title}`,
    lines: section.lines,
    ...(section.table ? { table: section.table } : {}),
    notes: section.after ?? [],
    sources: section.withSources ? reply.sources : [],
    data: {},
  };
  const room = limit - PAGE_HEADING_ROOM;
  const chunks = renderTelegramChunks(part, room, room);
  return chunks.map((chunk, i) =>
    i === 0 ? chunk : `<b>${escapeHtml(section.title)} (${i + 1}/${chunks.length})</b>\n\n${chunk}`,
  );
}

/** Cuts plain text to at most `room` characters once escaped, ending in "…" when cut. */
function clipEscaped(text: string, room: number): string {
  const whole = escapeHtml(text);
  if (whole.length <= room) return whole;
  let keep = Math.max(0, Math.min(text.length, room) - 1);
  while (keep > 0 && escapeHtml(`${text.slice(0, keep)}…`).length > room) keep--;
  return keep > 0 ? escapeHtml(`${text.slice(0, keep).trimEnd()}…`) : "";
}

/**
 * A digest as one post (a photo caption, 1,024 characters, or one message): each reply's title and its short
 * form (or as many of its lines as fit, taken in turn so every reply keeps its status line, then where the data
 * came from and how fresh it is). What does not fit is behind the post's details buttons.
 */
export function renderDigestPost(replies: readonly Reply[], limit: number, lead?: string): string {
  // An answer with a short form is posted in it (its own source line included); the others by their lines.
  const linesOf = (r: Reply) => r.brief ?? r.lines;
  const briefs = replies.every((r) => r.brief !== undefined);
  const footer = briefs
    ? "<i></i>"
    : `<i>${clipEscaped(
        describeFreshness(
          replies.flatMap((r) => r.sources),
          replies[0] && localeOfReply(replies[0]),
        ),
        Math.floor(limit / 4),
      )}</i>`;
  const heads = replies.map((r) => `<b>${clipEscaped(r.title, 120)}</b>`);
  const bodies: string[][] = replies.map(() => []);
  const render = () =>
    [
      ...(lead ? [escapeHtml(lead)] : []),
      ...replies.map((_, i) => [heads[i], ...(bodies[i] ?? [])].join("\n")),
      ...(footer === "<i></i>" ? [] : [footer]),
    ].join("\n\n");
  // Round-robin over the replies' lines: first lines first, clipped if even they do not fit.
  const longest = Math.max(0, ...replies.map((r) => linesOf(r).length));
  for (let line = 0; line < longest; line++) {
    replies.forEach((reply, i) => {
      const text = linesOf(reply)[line];
      const body = bodies[i];
      if (text === undefined || text === "" || !body || body.length < line) return;
      body.push(escapeHtml(text));
      if (render().length <= limit) return;
      body.pop();
      if (line > 0) return;
      const room = limit - render().length - 1;
      const clipped = room > 20 ? clipEscaped(text, room) : "";
      if (clipped) body.push(clipped);
    });
  }
  return render();
}
