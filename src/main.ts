// `npm start` starts the bot (see bot.ts). It checks the Node version first, since the
// rest imports node:sqlite, which an older Node cannot even load.
import { requireSupportedNode } from "./supported-node.ts";

const unsupported = requireSupportedNode();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
await import("./bot.ts");
