// Start-up benchmark: one CLI answer (`russell`, bundled snapshot), end to end in a fresh process, run through tsx
// (how npm start ran before the build step) and as compiled JavaScript (npm run build, then node dist/...).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, ["--disable-warning=ExperimentalWarning", ...args], {
    cwd: ROOT,
    env: { ...process.env, RISKON_OFFLINE: "1" },
    stdio: "ignore",
  });
  return performance.now() - started;
}

export async function runStartupBench(): Promise<void> {
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  const tsx = Array.from({ length: RUNS }, () => time(["--import", "tsx", "src/cli.ts", "russell"]));
  const compiled = Array.from({ length: RUNS }, () => time(["dist/src/cli.js", "russell"]));
  console.log(
    `one CLI answer (russell, snapshot), median of ${RUNS} fresh processes on node ${process.versions.node}`,
  );
  console.log(`  through tsx (before the build step): ${(median(tsx) / 1000).toFixed(2)} s`);
  console.log(`  compiled (npm run build; npm run cli): ${(median(compiled) / 1000).toFixed(2)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runStartupBench();
