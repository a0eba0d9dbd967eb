// `npm start` starts the bot (see bot.ts). It checks the Node version first, since the
// rest imports node:sqlite, which an older Node cannot even load.
import { loadDotEnv } from "./env-file.ts";
import { boundHeapGrowth } from "./heap-growth.ts";
import { requireSupportedNode } from "./supported-node.ts";

const unsupported = requireSupportedNode();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
loadDotEnv();
boundHeapGrowth();
await import("./bot.ts");
