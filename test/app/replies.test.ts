import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { renderPlainText } from "../../src/core/answers/format.ts";

// Golden reply texts: a change to wording or figures shows up as a diff to review (update with `vitest -u`).
const clock = () => new Date("2026-11-21T00:00:00Z");

describe("reply texts", () => {
  it.each([
    ["russell", ["date:2020-11-20"], "russell-2020-11-20.txt"],
    ["russell", ["iwm", "vs:others", "date:2025-10-15"], "russell-iwm-others-2025-10-15.txt"],
    ["altseason", ["date:2021-02-20"], "altseason-2021-02-20.txt"],
    ["help", [], "help.txt"],
  ] as const)("/%s %j", async (command, tokens, file) => {
    const app = await createApp({ clock });
    const text = renderPlainText(await app.run(command, tokens));
    await expect(text).toMatchFileSnapshot(`../golden-text/${file}`);
  });

  it("russell leads with the status and ends with sources", async () => {
    const app = await createApp({ clock });
    const reply = await app.run("russell", ["date:2020-11-20"]);
    expect(reply.lines[0]).toMatch(/^BREAKOUT: /);
    expect(renderPlainText(reply)).toMatch(
      /Not financial advice[^\n]*\n\nSources: RUT: Yahoo Finance \^RUT, to 2026-08-21/,
    );
  });
});
