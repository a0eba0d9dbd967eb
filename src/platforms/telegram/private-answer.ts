// What the group is told when a private answer cannot reach the moderator: Telegram has no messages only one
// member sees, so /digest and /alerts answer by DM, and a DM fails until the user has pressed Start.
import type { CommandDefinition, Reply } from "../../core/answers/command.ts";

/**
 * Whether the reply confirms a change the command has already made (a schedule saved, alerts turned off), so the
 * group must not be told to "try again": commands say so with `data.changed` (/digest, /alerts).
 */
export function confirmsChange(reply: Reply): boolean {
  return reply.data.changed === true;
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
