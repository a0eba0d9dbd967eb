// Telegram's Start button and deep links: `t.me/<bot>?start=russell` makes the client send `/start russell` in
// the user's private chat with the bot. A payload naming a command runs it (a digest's details button opens the
// whole answer this way); a bare /start, or any other payload, answers with /help.
import type { CommandSummary } from "../../core/answers/command.ts";

export function resolveStart(
  name: string,
  tokens: readonly string[],
  find: (name: string) => CommandSummary | undefined,
): { name: string; tokens: readonly string[] } {
  if (name !== "start" || find("start")) return { name, tokens };
  const payload = tokens[0]?.toLowerCase();
  if (tokens.length === 1 && payload !== undefined && /^[a-z]{1,32}$/.test(payload) && find(payload)) {
    return { name: payload, tokens: [] };
  }
  return find("help") ? { name: "help", tokens: [] } : { name, tokens };
}
