// `npm start`'s process as a host sees it: its log lines are JSON with levels, a bad setting is one line naming
// the variable (exit 1, no stack), and a secret never reaches the log even when an error quotes it (telegraf's
// network errors quote the request URL, which holds the bot token).
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

async function startBot(env: Record<string, string>, cwd = ROOT): Promise<{ code: number; lines: string[] }> {
  const db = join(mkdtempSync(join(tmpdir(), "riskon-proc-")), "riskon.db");
  const args = [
    "--disable-warning=ExperimentalWarning",
    "--import",
    import.meta.resolve("tsx"),
    join(ROOT, "src/main.ts"),
  ];
  try {
    await run(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RISKON_DB: db, RISKON_OFFLINE: "1", ...env },
      timeout: 60_000,
    });
    return { code: 0, lines: [] };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, lines: String(stderr).split("\n").filter(Boolean) };
  }
}

describe("the bot process", () => {
  it("logs a start-up failure that quotes the token as one fatal JSON line with the token redacted", async () => {
    // Nothing listens on port 9 here: telegraf's getMe fails with a network error naming the URL with the token.
    const { code, lines } = await startBot({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
    });
    expect(code).toBe(1);
    const all = lines.join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(":")[1]);
    const fatal = lines
      .map((l) => JSON.parse(l) as { level: string; msg: string; err?: { stack?: string } })
      .at(-1);
    expect(fatal?.level).toBe("fatal");
    expect(fatal?.msg).toMatch(
      /^riskon could not start: request to http:\/\/127\.0\.0\.1:9\/bot.*getMe failed/,
    );
    expect(fatal?.err?.stack).toContain("FetchError");
  });

  it.each([
    [{ RISKON_LOG_LEVEL: "loud" }, "RISKON_LOG_LEVEL: must be one of"],
    [{ TELEGRAM_BOT_TOKEN: "not-a-token" }, "TELEGRAM_BOT_TOKEN: must look like"],
    [{ RISKON_DIGEST_GRACE_MINUTES: "soon" }, "RISKON_DIGEST_GRACE_MINUTES"],
  ])(
    "refuses bad configuration %j in one line naming the variable, exit 1, no stack",
    async (env, expected) => {
      const { code, lines } = await startBot(env);
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
      expect(line.level).toBe("fatal");
      expect(String(line.msg)).toContain(expected);
      expect(line.err).toBeUndefined();
    },
  );

  it("reads .env from the working directory; a variable set in the environment wins over the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "riskon-env-"));
    writeFileSync(join(dir, ".env"), "# a comment\nRISKON_LOG_LEVEL=loud\n");
    const fromFile = await startBot({}, dir);
    expect(fromFile.code).toBe(1);
    expect(fromFile.lines.join("\n")).toContain("RISKON_LOG_LEVEL: must be one of");
    // The environment's own value wins: the refusal now names the next bad variable, not the file's level.
    const fromEnv = await startBot({ RISKON_LOG_LEVEL: "warn", RISKON_LOG_FORMAT: "fancy" }, dir);
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.lines.join("\n")).toContain("RISKON_LOG_FORMAT: must be auto, json or pretty");
  });
});
