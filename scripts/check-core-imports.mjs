// `npm run deps` (with madge's cycle check): src/core imports nothing outside src/core, so no platform, chart,
// vendor or database module, only its own files and node's types. Prints each offending import and fails.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const core = resolve(import.meta.dirname, "../src/core");
const files = readdirSync(core, { recursive: true }).filter((f) => String(f).endsWith(".ts"));
const offending = [];
for (const file of files) {
  const path = join(core, String(file));
  const text = readFileSync(path, "utf8");
  for (const match of text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
    const spec = match[1];
    const inside = spec.startsWith(".") && !relative(core, resolve(dirname(path), spec)).startsWith("..");
    if (!inside) offending.push(`src/core/${file}: imports "${spec}"`);
  }
}
if (offending.length > 0) {
  console.error(`src/core must import only src/core:\n${offending.join("\n")}`);
  process.exit(1);
}
console.log(`src/core: ${files.length} files import only src/core`);
