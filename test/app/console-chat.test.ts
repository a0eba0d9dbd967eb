import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { parseChatLine, runConsoleChat } from "../../src/platforms/console/console-chat.ts";

describe("console chat", () => {
  it("parses /command@bot and its arguments", () => {
    expect(parseChatLine("/russell@riskon_bot value vs:eth")).toEqual({
      name: "russell",
      tokens: ["value", "vs:eth"],
    });
    expect(parseChatLine("hello")).toBeNull();
  });

  it("answers typed commands in order, bad input with one line, and stops on /quit", async () => {
    const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    const logged: string[] = [];
    const done = runConsoleChat(app, { input, output, log: (m) => logged.push(m) });
    input.end("/russell value vs:eth date:2025-10-15\n/russell vs:doge\nhi\n/help\n/quit\n/help\n");
    await done;
    expect(text).toContain("Russell 2000 Value (IWN) vs ETH · as of 2025-10-15");
    expect(text).toContain('vs must be one of btc, eth, others, not "doge"');
    expect(text).toContain("Commands start with /. Type /help.");
    expect(text.indexOf("IWN")).toBeLessThan(text.indexOf("doge"));
    expect(text.match(/riskon: is the Russell 2000/g)).toHaveLength(1); // nothing answered after /quit
    expect(logged).toEqual([]);
  });
});
