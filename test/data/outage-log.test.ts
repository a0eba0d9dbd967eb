import { describe, expect, it } from "vitest";
import { OutageLog } from "../../src/data/outage-log.ts";

describe("OutageLog", () => {
  it("logs the first failure of a reason, counts the repeats, and says once when it works again", () => {
    const lines: string[] = [];
    const outages = new OutageLog((line) => lines.push(line));
    for (const coin of ["BTC", "ETH", "XRP"])
      outages.failed("exchanges down", `refresh ${coin} failed: exchanges down`);
    outages.failed("yahoo down", "refresh RUT failed: yahoo down");
    outages.recovered("refresh works again");
    outages.recovered("refresh works again");
    outages.failed("exchanges down", "refresh SOL failed: exchanges down");
    expect(lines).toEqual([
      "refresh BTC failed: exchanges down (more failures for the same reason are not logged until it works again)",
      "refresh RUT failed: yahoo down (more failures for the same reason are not logged until it works again)",
      "refresh works again (2 failures were not logged meanwhile)",
      "refresh SOL failed: exchanges down (more failures for the same reason are not logged until it works again)",
    ]);
  });
});
