// Finds every command: each file in commands/ that default-exports a command definition.
// Adding a command is adding one file there; the console, the CLI and the platforms pick it up.
import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CommandDefinition } from "../core/answers/command.ts";
import { ConfigError } from "../core/base/errors.ts";

export const COMMANDS_DIR = fileURLToPath(new URL("../../commands/", import.meta.url));

function isCommand(value: unknown): value is CommandDefinition {
  const c = value as Partial<CommandDefinition> | undefined;
  return typeof c?.name === "string" && typeof c.run === "function" && Array.isArray(c.options);
}

export async function loadCommands(dir = COMMANDS_DIR): Promise<CommandDefinition[]> {
  // TypeScript under tsx and the tests, JavaScript once compiled (dist/commands/).
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const files = (await readdir(dir))
    .filter((f) => f.endsWith(extension) && !f.endsWith(`.test${extension}`) && !f.endsWith(".d.ts"))
    .sort();
  const commands: CommandDefinition[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default?: unknown };
    if (!isCommand(module.default))
      throw new ConfigError(`commands/${file} does not default-export a command`);
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(module.default.name))
      throw new ConfigError(`commands/${file}: bad name`);
    commands.push(module.default);
  }
  const names = new Set(commands.map((c) => c.name));
  if (names.size !== commands.length) throw new ConfigError("two command files use the same name");
  return commands;
}
