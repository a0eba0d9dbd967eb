import { describe, expect, it } from "vitest";
import {
  ALERT_RETRY_WINDOW_MS,
  checkAlerts,
  collectNewAlerts,
  pendingAlerts,
} from "../../src/app/alert-watcher.ts";
import { DigestScheduler } from "../../src/app/digest-scheduler.ts";
import { netLiquidityWeeks } from "../../src/core/answers/liquidity-condition.ts";
import { weekKnownFrom } from "../../src/core/liquidity/net-liquidity.ts";
import type { MarketData } from "../../src/core/ports.ts";
import { type AlertEvent, alertText } from "../../src/core/schedules/alerts.ts";
import {
  type DigestStore,
  type OutgoingMessage,
  RetryableSendError,
  type Sender,
} from "../../src/core/schedules/digest.ts";
import { createFredSnapshot } from "../../src/data/fred/fred-csv.ts";
import { localeFor } from "../../src/i18n/index.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { truncatedMarket } from "../support/markets.ts";

const HOUR = 3600_000;

/** The market with BTC's source failing, as when every exchange is down. */
function withoutBtc(market: MarketData): MarketData {
  return {
    ...market,
    async getSeries(id) {
      if (id === "BTC") throw new Error("exchange down");
      return market.getSeries(id);
    },
  };
}

describe("alert detection", () => {
  it("baselines on first run, then alerts on each new session once, across restarts", async () => {
    const store = new MemoryDigestStore();
    expect(await collectNewAlerts(truncatedMarket("2020-11-10"), store, 0)).toEqual([]); // first run: no history spam
    // Data arrives through 2020-11-13 (the breakout over the 2018-08-31 record, RUT.csv 1744.04 > 1740.75).
    const alerts = await collectNewAlerts(truncatedMarket("2020-11-13"), store, 1);
    expect(alerts.map((a) => a.key)).toEqual(["breakout:RUT:2020-11-13"]);
    // Same data again (a restart, or a poll before new data): nothing new.
    expect(await collectNewAlerts(truncatedMarket("2020-11-13"), store, 2)).toEqual([]);
    // Down for two sessions: both record closes (11-16, 11-17) are still reported, in order.
    const later = await collectNewAlerts(truncatedMarket("2020-11-17"), store, 3);
    expect(later.map((a) => `${a.kind}:${a.date}`)).toEqual(["new_ath:2020-11-16", "new_ath:2020-11-17"]);
    expect((await pendingAlerts(store)).map((p) => p.alert.key)).toEqual([
      "breakout:RUT:2020-11-13",
      "new_ath:RUT:2020-11-16",
      "new_ath:RUT:2020-11-17",
    ]);
  });

  it("a source that is behind the last check (a fallback to older data) moves nothing back", async () => {
    const store = new MemoryDigestStore();
    await collectNewAlerts(truncatedMarket("2020-11-10"), store, 0);
    await collectNewAlerts(truncatedMarket("2020-11-12"), store, 1);
    expect(await collectNewAlerts(truncatedMarket("2020-11-05"), store, 2)).toEqual([]); // behind: ignored
    // Had the date moved back to 11-05, the sessions up to 11-12 would now be reported a second time.
    const next = await collectNewAlerts(truncatedMarket("2020-11-13"), store, 3);
    expect(next.map((a) => a.key)).toEqual(["breakout:RUT:2020-11-13"]);
  });

  it("an Altcoin Season crossing during downtime is still reported, once", async () => {
    // The snapshot's top-50 index (season-index.ts on CoinMarketCap's snapshots): 48 for 2021-03-01 to 2021-03-31,
    // 80 from 2021-04-01 (the cross), then 82 and 80 and 60 by July without falling to 50: no second alert;
    // 16 from 2021-08-01: the bitcoin-season zone.
    const store = new MemoryDigestStore();
    const at = (iso: string) => Date.parse(`${iso}T23:00:00Z`);
    await collectNewAlerts(truncatedMarket("2021-03-30"), store, at("2021-03-30"));
    const found = await collectNewAlerts(truncatedMarket("2021-04-03"), store, at("2021-04-03"));
    expect(found.filter((a) => a.series === "ALTSEASON").map((a) => a.key)).toEqual([
      "altseason_high:2021-04-01",
    ]);
    const flips = await collectNewAlerts(truncatedMarket("2021-07-20"), store, at("2021-07-20"));
    expect(flips.filter((a) => a.series === "ALTSEASON")).toEqual([]);
    const low = await collectNewAlerts(truncatedMarket("2021-08-03"), store, at("2021-08-03"));
    expect(low.filter((a) => a.series === "ALTSEASON").map((a) => a.key)).toEqual([
      "altseason_low:2021-08-01",
    ]);
  });

  it("after a long downtime, events more than 5 days old are logged, not posted", async () => {
    const store = new MemoryDigestStore();
    const logs: string[] = [];
    await collectNewAlerts(truncatedMarket("2020-11-10"), store, Date.parse("2020-11-10T22:00:00Z"));
    // Back on 2020-11-21: the 11-13 breakout is more than 5 days old; the 11-16 and 11-17 records are news.
    const found = await collectNewAlerts(
      truncatedMarket("2020-11-17"),
      store,
      Date.parse("2020-11-21T12:00:00Z"),
      (m) => logs.push(m),
    );
    expect(found.filter((a) => a.series === "RUT").map((a) => a.key)).toEqual([
      "new_ath:RUT:2020-11-16",
      "new_ath:RUT:2020-11-17",
    ]);
    expect(logs.some((l) => l.includes("1 alert(s) for sessions before 2020-11-16 not posted"))).toBe(true);
  });

  it("a failure while loading data writes nothing, so the sessions are evaluated on the next check", async () => {
    const store = new MemoryDigestStore();
    await collectNewAlerts(truncatedMarket("2020-11-10"), store, 0);
    const good = truncatedMarket("2020-11-13");
    const btcDown = withoutBtc(good);
    await expect(collectNewAlerts(btcDown, store, 1)).rejects.toThrow();
    expect(await pendingAlerts(store)).toEqual([]);
    const retried = await collectNewAlerts(good, store, 2);
    expect(retried.map((a) => a.key)).toEqual(["breakout:RUT:2020-11-13"]);
  });
});

class FlakySender implements Sender {
  readonly platform = "telegram" as const;
  readonly sent: Array<{ chatId: string; text?: string }> = [];
  down = new Set<string>();
  async send(chatId: string, message: OutgoingMessage): Promise<void> {
    if (this.down.has(chatId)) throw new RetryableSendError("502 Bad Gateway");
    this.sent.push({ chatId, ...(message.text === undefined ? {} : { text: message.text }) });
  }
  async notifyUser(): Promise<boolean> {
    return true;
  }
}

function watcher(store: DigestStore) {
  let now = Date.parse("2020-11-13T22:00:00Z");
  const sender = new FlakySender();
  const logs: string[] = [];
  const scheduler = new DigestScheduler({
    store,
    senders: new Map([["telegram", sender]]),
    compose: async () => {
      throw new Error("no digests here");
    },
    isMarketDay: () => true,
    clock: () => now,
    sleep: async () => {},
    log: (m) => logs.push(m),
  });
  return {
    sender,
    logs,
    advance(ms: number) {
      now += ms;
    },
    scheduler,
    check: (cutoff: string) =>
      checkAlerts({
        market: truncatedMarket(cutoff),
        store,
        scheduler,
        clock: () => now,
        log: (m) => logs.push(m),
      }),
  };
}

describe("alert delivery", () => {
  it("an alert a chat could not get is retried on the next check and reaches it once", async () => {
    const store = new MemoryDigestStore();
    const w = watcher(store);
    await store.setSubscription({ platform: "telegram", chatId: "a", createdBy: "m", createdAt: 0 }, true);
    await store.setSubscription({ platform: "telegram", chatId: "b", createdBy: "m", createdAt: 0 }, true);
    await w.check("2020-11-12"); // baseline
    w.sender.down.add("b");
    const first = await w.check("2020-11-13");
    expect(first).toMatchObject({ detected: 1, sent: 1, pending: 1 });
    expect((await store.getDelivery("alert:breakout:RUT:2020-11-13:telegram:b"))?.status).toBe("retry");

    w.sender.down.clear();
    w.advance(5 * 60_000);
    const second = await w.check("2020-11-13"); // no new session: only the queue
    expect(second).toMatchObject({ detected: 0, sent: 1, pending: 0 });
    await w.check("2020-11-13");
    expect(w.sender.sent.map((s) => s.chatId)).toEqual(["a", "b"]);
    expect(await pendingAlerts(store)).toEqual([]);
  });

  it("queued alerts still go out when the new data cannot be evaluated", async () => {
    const store = new MemoryDigestStore();
    const w = watcher(store);
    await store.setSubscription({ platform: "telegram", chatId: "a", createdBy: "m", createdAt: 0 }, true);
    await w.check("2020-11-12");
    w.sender.down.add("a");
    await w.check("2020-11-13"); // the breakout waits in the queue
    w.sender.down.clear();
    const good = truncatedMarket("2020-11-16");
    const btcDown = withoutBtc(good);
    const report = await checkAlerts({
      market: btcDown,
      store,
      scheduler: w.scheduler,
      clock: () => Date.parse("2020-11-13T23:00:00Z"), // within the 24 h retry window
      log: (m) => w.logs.push(m),
    });
    expect(report).toMatchObject({ detected: 0, sent: 1, pending: 0 });
    expect(w.logs.some((l) => l.includes("could not evaluate new sessions"))).toBe(true);
    // The 11-16 session was not evaluated, so it is on the next check.
    expect((await w.check("2020-11-16")).detected).toBe(1);
  });

  it("a chat subscribed after an alert was detected gets the next one, not that one", async () => {
    const store = new MemoryDigestStore();
    const w = watcher(store);
    await store.setSubscription({ platform: "telegram", chatId: "a", createdBy: "m", createdAt: 0 }, true);
    await w.check("2020-11-12");
    w.sender.down.add("a");
    await w.check("2020-11-13"); // breakout queued for "a"
    w.advance(60_000);
    const late = Date.parse("2020-11-13T22:01:00Z");
    await store.setSubscription({ platform: "telegram", chatId: "c", createdBy: "m", createdAt: late }, true);
    w.sender.down.clear();
    w.advance(60_000);
    await w.check("2020-11-16"); // the 11-16 record close is detected after "c" subscribed
    const what = (text = "") =>
      text.includes("broke out") ? "breakout" : text.includes("new all-time") ? "ath" : text;
    expect(w.sender.sent.map((s) => `${s.chatId}:${what(s.text)}`).sort()).toEqual([
      "a:ath",
      "a:breakout",
      "c:ath",
    ]);
  });

  it("an alert that cannot be delivered within the retry window is dropped and logged", async () => {
    const store = new MemoryDigestStore();
    const w = watcher(store);
    await store.setSubscription({ platform: "telegram", chatId: "a", createdBy: "m", createdAt: 0 }, true);
    await w.check("2020-11-12");
    w.sender.down.add("a");
    await w.check("2020-11-13");
    w.advance(ALERT_RETRY_WINDOW_MS - HOUR);
    expect(await w.check("2020-11-13")).toMatchObject({ pending: 1, expired: 0 });
    w.advance(2 * HOUR);
    expect(await w.check("2020-11-13")).toMatchObject({ pending: 0, expired: 1 });
    expect(w.logs.some((l) => l.includes("breakout:RUT:2020-11-13 dropped"))).toBe(true);
    expect(w.sender.sent).toEqual([]);
  });
});

describe("liquidity regime alerts", () => {
  it("raises net liquidity's regime change once, in the chat's language, beside the breakout alerts", async () => {
    const store = new MemoryDigestStore();
    const liquidity = createFredSnapshot();
    const at = (iso: string) => Date.parse(`${iso}T22:00:00Z`);
    // First run on Friday 2022-03-04: where the regime stands is recorded, nothing is raised.
    await collectNewAlerts(truncatedMarket("2022-03-04"), store, at("2022-03-04"), () => {}, liquidity);
    const start = JSON.parse((await store.getMeta("alerts:LIQUIDITY")) as string) as { regime: string };
    // The next regime change of the bundled weeks, and the Friday it was published.
    const weeks = await netLiquidityWeeks(liquidity);
    const change = weeks.find(
      (w) =>
        w.week.date > "2022-03-02" &&
        (w.regime === "expanding" || w.regime === "contracting") &&
        w.regime !== start.regime,
    );
    const friday = weekKnownFrom(change?.week as NonNullable<typeof change>["week"]);
    const raised = await collectNewAlerts(truncatedMarket(friday), store, at(friday), () => {}, liquidity);
    const regimeAlerts = raised.filter((a) => a.kind === "liquidity_regime");
    expect(regimeAlerts.map((a) => a.key)).toEqual([`liquidity_regime:${change?.week.date}`]);
    expect(regimeAlerts[0]?.text).toContain(`turned ${change?.regime} (it was ${start.regime})`);
    const spanish = alertText(regimeAlerts[0] as AlertEvent, localeFor("es"));
    expect(spanish).toMatch(
      /^La liquidez neta de la Fed pasó a estar en (expansión|contracción) \(estaba en (expansión|contracción)\)/,
    );
    // Polled again the same day: nothing new.
    const again = await collectNewAlerts(truncatedMarket(friday), store, at(friday) + 1, () => {}, liquidity);
    expect(again.filter((a) => a.kind === "liquidity_regime")).toEqual([]);
  });
});
