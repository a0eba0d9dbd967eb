// /help: every command and its options, built from the command definitions themselves.

import type { CommandDefinition } from "../src/core/answers/command.ts";
import { usage } from "../src/core/answers/command-args.ts";
import { NOT_ADVICE } from "../src/core/answers/format.ts";

const help: CommandDefinition = {
  name: "help",
  description: "List the commands and their options",
  options: [],
  async run(context) {
    const lines = context.commands.map((c) => `${c.synopsis ?? usage(c.name, c.options)} — ${c.description}`);
    return {
      title:
        "riskon: is the Russell 2000 sending a risk-on signal for crypto? The numbers behind the claims.",
      lines: [...lines, "Options go as name:value (vs:eth) or a bare value (value, 10y, 2020-11-20)."],
      notes: [NOT_ADVICE],
      sources: [],
      data: {
        command: "help",
        commands: context.commands.map((c) => ({
          name: c.name,
          description: c.description,
          ...(c.synopsis ? { synopsis: c.synopsis } : {}),
          options: c.options,
        })),
      },
    };
  },
};

export default help;
