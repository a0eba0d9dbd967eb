// Telegram's Start button and deep links: `t.me/<bot>?start=russell` makes the client send `/start russell` in
// the user's private chat with the bot. A payload naming a read-only command runs it, with its options when the
// link carries them: Telegram allows only A-Z a-z 0-9 _ - (64 characters), so options are separated by `--` and
// the `:` of `name:value` is written `_` (`russell--index_value--vs_eth--range_1y`). A bare /start, a
// moderator command (a link must not change anything), or any other payload answers with /help. The options are
// parsed and checked by the command like typed ones: a bad one gets the command's one-line answer.
import type { CommandSummary } from "../../core/answers/command.ts";

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const OPTION = /^([a-z]+)_([A-Za-z0-9-]+)$/;

/** The deep-link payload that opens `name` with these `option:value` tokens, or null when it cannot be one. */
export function startPayload(name: string, tokens: readonly string[]): string | null {
  const parts = [name, ...tokens.map((t) => t.replace(":", "_"))];
  if (!parts.slice(1).every((p) => OPTION.test(p))) return null;
  const payload = parts.join("--");
  return PAYLOAD.test(payload) ? payload : null;
}

function decode(payload: string): { name: string; tokens: string[] } | null {
  if (!PAYLOAD.test(payload)) return null;
  const [name = "", ...options] = payload.split("--");
  if (!/^[A-Za-z]{1,32}$/.test(name)) return null;
  const tokens: string[] = [];
  for (const option of options) {
    const match = OPTION.exec(option);
    if (!match) return null;
    tokens.push(`${match[1]}:${match[2]}`);
  }
  return { name, tokens };
}

export function resolveStart(
  name: string,
  tokens: readonly string[],
  find: (name: string) => CommandSummary | undefined,
): { name: string; tokens: readonly string[] } {
  if (name !== "start" || find("start")) return { name, tokens };
  const link = tokens.length === 1 && tokens[0] ? decode(tokens[0]) : null;
  const command = link ? find(link.name.toLowerCase()) : undefined;
  if (link && command && command.audience !== "moderators")
    return { name: command.name, tokens: link.tokens };
  return find("help") ? { name: "help", tokens: [] } : { name, tokens };
}
