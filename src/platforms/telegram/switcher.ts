// The answer's buttons as a Telegram inline keyboard: the shared buttons (src/platforms/answer-buttons.ts) in
// 64-byte callback_data.
import type { CommandDefinition, ParsedOptions } from "../../core/answers/command.ts";
import { answerButtons, type ButtonsRequest, type DecodedPress, decodePress } from "../answer-buttons.ts";

export { carriedOptions } from "../answer-buttons.ts";
export type DecodedSwitch = DecodedPress;

export interface InlineButton {
  readonly text: string;
  readonly callback_data: string;
}

const CALLBACK_DATA_LIMIT = 64;

/** Keyboard rows for a command's answer, or null when the command has no buttons. */
export function answerKeyboard(
  command: CommandDefinition,
  request: Omit<ButtonsRequest, "limit">,
): InlineButton[][] | null {
  const rows = answerButtons(command, { ...request, limit: CALLBACK_DATA_LIMIT });
  return rows?.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) ?? null;
}

/** The switcher and CSV rows alone (no details), as under a reply without a brief. */
export function switcherKeyboard(
  command: CommandDefinition,
  current: ParsedOptions,
  owner?: string,
): InlineButton[][] | null {
  return answerKeyboard(command, { current, owner });
}

/** Turns callback_data back into a command name and tokens (`name:value`), or null for data not ours. */
export function decodeSwitch(data: string, commands: readonly CommandDefinition[]): DecodedSwitch | null {
  return decodePress(data, commands);
}
