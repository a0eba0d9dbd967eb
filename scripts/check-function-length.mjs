// `npm run deps`: no function in src/ or commands/ is longer than a screen (80 lines, the engineering bar's
// "about 80"). Prints each one with its length and place, and fails; split it rather than raise the limit.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

const LIMIT = 80;
const root = resolve(import.meta.dirname, "..");
const files = ["src", "commands"].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f)),
);

function nameOf(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText();
  return "(anonymous)";
}

const long = [];
for (const file of files) {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > LIMIT)
        long.push(`${file}:${first + 1} ${nameOf(node)}: ${last - first + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
if (long.length > 0) {
  console.error(`functions longer than ${LIMIT} lines (split them):\n${long.join("\n")}`);
  process.exit(1);
}
