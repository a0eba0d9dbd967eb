// /help: every command and its options, built from the command definitions themselves.

import type { CommandDefinition, CommandSummary } from "../src/core/answers/command.ts";
import { usage } from "../src/core/answers/command-args.ts";
import { notAdvice } from "../src/core/answers/format.ts";

const help: CommandDefinition = {
  name: "help",
  description: "List the commands and their options",
  options: [],
  async run(context) {
    const l = context.locale;
    // A command's description in the chat's language: the translation files have every built-in command's.
    const described = (c: CommandSummary) => {
      const text = l.language === "en" ? c.description : l.t(`commands.${c.name}`);
      return text === `commands.${c.name}` ? c.description : text;
    };
    const lines = context.commands.map(
      (c) => `${c.synopsis ?? usage(c.name, c.options, l)} — ${described(c)}`,
    );
    return {
      title: l.t("help.title"),
      lines: [...lines, l.t("help.options")],
      notes: [notAdvice(l)],
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
