import { describe, expect, it } from "vitest";
import type { OptionSpec } from "../../src/core/answers/command.ts";
import { parseCommandArgs, quoteInput } from "../../src/core/answers/command-args.ts";
import { UserError } from "../../src/core/base/errors.ts";

const options: OptionSpec[] = [
  { kind: "choice", name: "index", description: "", choices: ["rut", "iwm", "value"], default: "rut" },
  { kind: "choice", name: "vs", description: "", choices: ["btc", "eth", "others"], default: "btc" },
  { kind: "date", name: "date", description: "", aliases: ["as-of"] },
];
const parse = (...tokens: string[]) => parseCommandArgs("russell", options, tokens);

describe("command arguments", () => {
  it("accepts name:value, name=value, --name value, --name=value and bare values", () => {
    expect(parse("value", "vs:eth")).toEqual({ index: "value", vs: "eth", date: undefined });
    expect(parse("--vs", "ETH", "--as-of=2020-11-20")).toEqual({
      index: "rut",
      vs: "eth",
      date: "2020-11-20",
    });
    expect(parse("index=iwm", "2021-01-04")).toEqual({ index: "iwm", vs: "btc", date: "2021-01-04" });
  });

  it.each([
    [["vs:doge"], /vs must be one of btc, eth, others, not "doge"/],
    [["colour:red"], /Unknown option "colour"/],
    [["banana"], /Unknown argument "banana"/],
    [["date:2021-02-30"], /date must be a date written YYYY-MM-DD/],
    [["date:20-11-2020"], /YYYY-MM-DD/],
    [["vs:eth", "btc"], /vs was given twice/],
    [["--vs"], /vs needs a value/],
  ])("refuses %j with one clear line", (tokens, message) => {
    expect(() => parse(...tokens)).toThrow(UserError);
    expect(() => parse(...tokens)).toThrow(message);
  });

  it("quotes hostile input short and without control characters", () => {
    const quoted = quoteInput(`\u0007${"x".repeat(100)}\n`);
    expect([...quoted].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20)).toBe(false);
    expect(quoted.length).toBeLessThan(50);
  });
});
