// What the group is told when a private answer cannot reach the moderator: Telegram has no messages only one
// member sees, so /digest and /alerts answer by DM, and a DM fails until the user has pressed Start.
import type { CommandDefinition, ParsedOptions, Reply } from "../../core/command.ts";

/** The moderator commands' actions that save something before answering; show and preview change nothing. */
const CHANGING_DIGEST_ACTIONS = new Set(["set", "pause", "resume"]);
const CHANGING_ALERT_STATES = new Set(["on", "off"]);

/**
 * Whether the reply confirms a change the command has already made (a schedule saved, alerts turned off), so the
 * group must not be told to "try again". A command can say so itself with `data.changed`; until /digest and
 * /alerts do, this reads what they already return: /digest's `data.action` (remove only when something was
 * removed) and /alerts' `state` option, since its `data` looks the same for `show` and `on`.
 */
export function confirmsChange(reply: Reply, options: ParsedOptions | null): boolean {
  const { data } = reply;
  if (typeof data.changed === "boolean") return data.changed;
  if (data.command === "digest") {
    if (data.action === "remove") return data.removed === true;
    return typeof data.action === "string" && CHANGING_DIGEST_ACTIONS.has(data.action);
  }
  if (data.command === "alerts") return CHANGING_ALERT_STATES.has(options?.state ?? "");
  return false;
}

/**
 * The group's line when the private answer was refused because the user never pressed Start. After a change it
 * says the change is done and how to see the details; otherwise nothing happened and the user should try again.
 */
export function privateAnswerRefused(
  reply: Reply,
  changed: boolean,
  command: CommandDefinition | undefined,
  botUsername: string,
): string {
  const open = `open a chat with @${botUsername} and press Start`;
  if (!changed) return `I could not write to you privately: ${open}, then try again.`;
  const show = command?.options.some((o) => o.kind === "choice" && o.choices.includes("show"));
  return (
    `Done: ${reply.title}. The details could not be sent to you privately: ${open}` +
    (show ? `, then /${command?.name} show sends them.` : " to get them next time.")
  );
}

/** The group's line when the private answer of a change failed for another reason (logged). */
export function changedButNotSent(reply: Reply): string {
  return `Done: ${reply.title}. The details could not be sent to you privately; the error was logged.`;
}
