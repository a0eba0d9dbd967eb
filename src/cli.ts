// `npm run cli` answers one command on the command line (see cli-run.ts). It checks the Node version first, since the
// rest imports node:sqlite, which an older Node cannot even load.
import { loadDotEnv } from "./env-file.ts";
import { requireSupportedNode } from "./supported-node.ts";

const unsupported = requireSupportedNode();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
loadDotEnv();
await import("./cli-run.ts");
