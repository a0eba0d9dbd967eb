// The answer's buttons as Discord message components (rows of buttons, custom_id up to 100 characters): the
// shared buttons of src/platforms/answer-buttons.ts. The option now shown is the primary-coloured button.
import type { APIActionRowComponent, APIButtonComponentWithCustomId } from "discord.js";
import type { CommandDefinition, Reply } from "../../core/answers/command.ts";
import { answerButtons, currentOptions, stampOf } from "../answer-buttons.ts";
import { buttonLabels, localeOfReply } from "../labels.ts";

const CUSTOM_ID_LIMIT = 100;
/** Discord's limits: 5 rows of 5 buttons, labels of 80 characters. */
const MAX_ROWS = 5;
const MAX_PER_ROW = 5;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** The component rows under an answer; [] for a command without buttons. */
export function componentsFor(
  command: CommandDefinition,
  tokens: readonly string[],
  owner: string,
  reply: Reply,
): ButtonRow[] {
  const current = currentOptions(command, tokens, reply);
  if (!current) return [];
  const rows = answerButtons(command, {
    current,
    limit: CUSTOM_ID_LIMIT,
    owner,
    stamp: stampOf(reply.data.asOf),
    sections: reply.brief ? reply.sections : undefined,
    labels: buttonLabels(localeOfReply(reply)),
  });
  return (rows ?? []).slice(0, MAX_ROWS).map((row, r) => ({
    type: 1,
    components: row.slice(0, MAX_PER_ROW).map((button) => {
      // The option shown is marked and disabled (pressing it would change nothing). Discord refuses two buttons
      // with one custom_id, and the shown value of each row would carry the same one: the row number tells
      // them apart (a disabled button is never pressed, so it need not decode).
      const shown = button.text.startsWith("• ");
      return {
        type: 2,
        style: shown ? 1 : 2,
        label: button.text.replace(/^• /, "").slice(0, 80),
        custom_id: shown ? `${button.data}|x${r}` : button.data,
        ...(shown ? { disabled: true } : {}),
      };
    }),
  }));
}
