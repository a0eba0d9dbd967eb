// `npm start` and `npm run cli` run compiled JavaScript: this compiles (npm run build) only when a source file is
// newer than the last build, so a start costs no compile when nothing changed. Plain JavaScript, no TypeScript.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const stamp = join(root, "dist", ".tsbuildinfo");

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestIn(join(root, "src")),
  newestIn(join(root, "commands")),
  ...["tsconfig.json", "tsconfig.build.json", "package-lock.json"].map(
    (f) => statSync(join(root, f)).mtimeMs,
  ),
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
}
