// The log as a host reads it: JSON lines with levels, errors with stack and cause, and no secret ever, however
// it got into a message (a request URL with the Telegram token, an error's message, its cause's stack).
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, logFunction, redactor, secretsOf } from "../../src/app/logger.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

const TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const env = {
  TELEGRAM_BOT_TOKEN: TOKEN,
  DISCORD_TOKEN: "MTQ1.secret.discord-token",
  RISKON_DB: "./riskon.db",
};

describe("logger", () => {
  it("writes one JSON line per event with its level, and an error with its stack and cause", () => {
    const { lines, destination } = capture();
    const log = logFunction(
      createLogger({ level: "info", pretty: false, secrets: secretsOf(env), destination }),
    );
    log("telegram: polling as @riskon_bot");
    log("digest failed", new Error("outer", { cause: new Error("inner cause") }));
    log("odd detail", 42);
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.level)).toEqual(["info", "error", "warn"]);
    const err = events[1]?.err as { message: string; stack: string; cause?: { message: string } };
    expect(err.message).toBe("outer");
    expect(err.stack).toContain("logger.test.ts");
    expect(JSON.stringify(err)).toContain("inner cause");
    expect(events[2]?.detail).toBe("42");
  });

  it("never writes a secret from the environment, wherever it hides, nor anything shaped like a bot token", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", pretty: false, secrets: secretsOf(env), destination });
    const log = logFunction(logger);
    const url = `https://api.telegram.org/bot${TOKEN}/sendMessage`;
    log(`request to ${url} failed`);
    log(
      "send failed",
      new Error(`request to ${url} failed`, { cause: new Error(`token ${env.DISCORD_TOKEN}`) }),
    );
    logger.debug({ headers: { authorization: `Bot ${env.DISCORD_TOKEN}` } }, "discord request");
    log("someone else's token 1234567890:AAFakeFakeFakeFakeFakeFakeFakeFake12 seen");
    const all = lines.join("\n");
    expect(lines).toHaveLength(4);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(env.DISCORD_TOKEN);
    expect(all).not.toContain("AAFakeFake");
    expect(all).toContain("bot[redacted]/sendMessage");
    expect(all).toContain("./riskon.db".length > 0 ? "[redacted]" : "");
  });

  it("takes secrets by their variable's name and scrubs their JSON-escaped form", () => {
    expect(
      secretsOf({
        FRED_API_KEY: "abcdef123",
        TELEGRAM_WEBHOOK_SECRET: "s3cr3t\\x",
        RISKON_DB: "x.db",
        SHORT_TOKEN: "abc",
      }),
    ).toEqual(expect.arrayContaining(["s3cr3t\\x", "abcdef123"]));
    expect(secretsOf({ RISKON_DB: "x.db", SHORT_TOKEN: "abc" })).toEqual([]);
    const scrub = redactor(["s3cr3t\\x"]);
    expect(scrub(JSON.stringify({ msg: "value s3cr3t\\x here" }))).toBe('{"msg":"value [redacted] here"}');
  });
});
