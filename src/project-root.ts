// The repository's root, found from this file whether it runs as TypeScript (src/) or compiled (dist/src/):
// the bundled data, caveats and fonts are read from there.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "data"))) return dir;
    if (dirname(dir) === dir) return join(start, "..");
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
