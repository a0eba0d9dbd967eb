// Reads `.env` from the working directory when there is one (npm scripts run in the project folder), before
// anything reads the environment. Variables already set in the environment win over the file's.
import { existsSync } from "node:fs";

export function loadDotEnv(path = ".env"): void {
  if (!existsSync(path)) return;
  const before = { ...process.env };
  process.loadEnvFile(path);
  for (const [name, value] of Object.entries(before)) process.env[name] = value;
}
