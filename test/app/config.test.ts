import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config.ts";
import { ConfigError } from "../../src/core/base/errors.ts";
import { PROJECT_ROOT } from "../../src/project-root.ts";

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), "utf8");

describe("the one configuration module", () => {
  it("reads every setting at once, with the documented defaults", () => {
    const settings = loadSettings({});
    expect(settings.app).toMatchObject({ dbPath: "./riskon.db", shutdownMs: 10_000 });
    expect(settings.live).toMatchObject({ offline: false, backfillYears: 10 });
    expect(settings.evidence.policy).toEqual({ reportedMaxAgeDays: 120, computedMaxAgeDays: 14 });
  });

  it.each([
    [{ RISKON_CAVEAT_MAX_AGE_DAYS: "soon" }, /^RISKON_CAVEAT_MAX_AGE_DAYS: must be a whole number of days/],
    [{ RISKON_BACKFILL_YEARS: "-2" }, /^RISKON_BACKFILL_YEARS: /],
    [{ TELEGRAM_BOT_TOKEN: "nope" }, /^TELEGRAM_BOT_TOKEN: /],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL: must be a postgres:\/\/ connection URL/],
    [{ TELEGRAM_WEBHOOK_URL: "https://bot.example/telegram" }, /^TELEGRAM_WEBHOOK_SECRET: required/],
    [{ TELEGRAM_WEBHOOK_SECRET: "abc" }, /^TELEGRAM_WEBHOOK_URL: required/],
    [{ DISCORD_PUBLIC_KEY: "abc" }, /^DISCORD_PUBLIC_KEY: must be the 64 hex characters/],
    [{ DISCORD_PUBLIC_KEY: "a".repeat(64) }, /^RISKON_HTTP_PORT: required when DISCORD_PUBLIC_KEY is set/],
    [{ RISKON_COMPUTE_THREADS: "two" }, /^RISKON_COMPUTE_THREADS: /],
    [{ RISKON_COMPUTE_THREADS: "-1" }, /^RISKON_COMPUTE_THREADS: must be 0 \(this thread\) or more/],
    [{ FRED_API_KEY: "", RISKON_FRED_BASE_URL: "fred.example" }, /^RISKON_FRED_BASE_URL: /],
    [
      { TELEGRAM_WEBHOOK_URL: "https://bot.example/telegram", TELEGRAM_WEBHOOK_SECRET: "has space" },
      /^TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters/,
    ],
    [
      {
        TELEGRAM_BOT_TOKEN: "123:abc",
        TELEGRAM_WEBHOOK_URL: "https://bot.example/telegram",
        TELEGRAM_WEBHOOK_SECRET: "abc",
      },
      /^RISKON_HTTP_PORT: required when TELEGRAM_WEBHOOK_URL is set/,
    ],
  ])("names a bad variable in one line: %j", (env, message) => {
    expect(() => loadSettings(env)).toThrow(ConfigError);
    expect(() => loadSettings(env)).toThrow(message);
  });

  it("no other module reads a variable, and every variable it reads is in .env.example and the README", () => {
    // Elsewhere process.env is only handed to this module, to the .env loader and to the log redaction.
    const files = (readdirSync(join(PROJECT_ROOT, "src"), { recursive: true }) as string[]).filter((f) =>
      f.endsWith(".ts"),
    );
    for (const file of files) {
      // The .env loader copies variables into process.env without reading any of them.
      if (file === "config.ts" || file === "env-file.ts") continue;
      expect(read(join("src", file)), file).not.toMatch(/process\.env\.[A-Z]|process\.env\[/);
    }
    const config = read("src/config.ts");
    const names = [
      ...new Set(config.match(/\b(?:RISKON|TELEGRAM|DISCORD|COINGECKO|SEC|DATABASE)_[A-Z_]+\b/g) ?? []),
    ];
    expect(names.length).toBeGreaterThan(30);
    const example = read(".env.example");
    const readme = read("README.md");
    for (const name of names) {
      expect(example, name).toContain(name);
      expect(readme, name).toContain(name);
    }
  });
});
