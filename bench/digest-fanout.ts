// Fan-out benchmark: 1,000 Telegram group chats due at the same minute, delivered through the real telegraf to
// the local fake Bot API, which enforces Telegram's limits (1 message/s per chat, 20/min per group, 30/s overall)
// and answers 429 beyond them. Reports renders, time to deliver all against the bound the limits allow, and 429s.
import { createApp } from "../src/app/app.ts";
import { DigestScheduler } from "../src/app/digest-scheduler.ts";
import type { RenderReplyChart } from "../src/app/reply-charts.ts";
import { digestComposer } from "../src/app/runtime.ts";
import { isUsTradingDay } from "../src/core/schedules/market-calendar.ts";
import { TELEGRAM_LIMITS } from "../src/platforms/telegram/send-queue.ts";
import { startTelegramBot } from "../src/platforms/telegram/telegram-bot.ts";
import { MemoryDigestStore } from "../src/storage/memory-digest-store.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../test/fakes/telegram-server.ts";

export interface FanoutOptions {
  readonly chats?: number;
  readonly renderChart?: RenderReplyChart;
}

export async function runDigestFanoutBench(options: FanoutOptions = {}): Promise<void> {
  const chats = options.chats ?? 1000;
  const due = Date.parse("2026-11-23T07:00:30Z");
  const store = new MemoryDigestStore();
  const app = await createApp({ clock: () => new Date(due), digests: store });
  const fake = await FakeTelegramServer.start();
  fake.limits = { ...TELEGRAM_LIMITS, toleranceMs: 30 };
  const bot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app,
    log: () => {},
    cooldown: { userMs: 0, chatMs: 0 },
  });
  let renders = 0;
  const renderChart: RenderReplyChart | undefined = options.renderChart
    ? async (reply, theme) => {
        renders++;
        return (options.renderChart as RenderReplyChart)(reply, theme);
      }
    : undefined;
  let compositions = 0;
  const compose = digestComposer(app, renderChart);
  for (let i = 0; i < chats; i++) {
    await store.saveSchedule({
      platform: "telegram",
      chatId: String(-1_001_000_000_000 - i),
      minuteOfDay: 480,
      timeZone: "Europe/Berlin",
      days: "weekdays",
      content: "russell",
      theme: i % 2 === 0 ? "dark" : "light",
      createdBy: "1",
      paused: false,
      createdAt: 0,
      checkedUntil: due - 3600_000,
    });
  }
  const scheduler = new DigestScheduler({
    store,
    senders: new Map([["telegram", bot.sender]]),
    compose: async (content, theme) => {
      compositions++;
      return compose(content, theme);
    },
    isMarketDay: isUsTradingDay,
    clock: () => due,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (m) => console.error(m),
  });
  const started = performance.now();
  const report = await scheduler.tick();
  const seconds = (performance.now() - started) / 1000;
  reportFanout({
    chats,
    fake,
    sent: report.sent,
    failed: report.failed,
    seconds,
    compositions,
    renders: renderChart ? renders : null,
  });
  await bot.stop();
  await fake.close();
}

/** What the fan-out did, against the bound Telegram's limits allow: messages, renders, time, bytes, 429s. */
function reportFanout(r: {
  readonly chats: number;
  readonly fake: FakeTelegramServer;
  readonly sent: number;
  readonly failed: number;
  readonly seconds: number;
  readonly compositions: number;
  readonly renders: number | null;
}): void {
  const { chats, fake, seconds, compositions } = r;
  const messages = fake.sends().length - fake.rateLimited;
  const perChat = messages / chats;
  // The earliest the last message can go out: 30 per rolling second means message n (from 0) waits floor(n / 30) s;
  // one chat's own messages go 1 s apart. Whichever binds is the bound.
  const bound = Math.max(
    Math.floor((messages - 1) / TELEGRAM_LIMITS.globalPerSecond),
    (Math.ceil(perChat) - 1) * (TELEGRAM_LIMITS.perChatMs / 1000),
  );
  console.log(
    `digest fan-out to ${chats} Telegram group chats (fake Bot API enforcing 1/s per chat, 20/min per group, 30/s overall)`,
  );
  console.log(
    `  delivered: ${r.sent} digests, ${messages} messages (${perChat.toFixed(2)} per chat), failed ${r.failed}`,
  );
  console.log(
    `  distinct digests composed: ${compositions}; chart renders: ${r.renders ?? "n/a (no renderer)"} (target: one per distinct digest)`,
  );
  console.log(
    `  time to deliver all: ${seconds.toFixed(1)} s; bound from the limits: ${bound.toFixed(1)} s; ratio ${(seconds / bound).toFixed(3)} (target <= 1.10)`,
  );
  // What crossed the wire as pictures: each distinct chart once (by file_id afterwards), against those charts' bytes.
  const uploads = fake.uploads();
  const uploaded = uploads.reduce((n, c) => n + (c.photo?.bytes ?? 0), 0);
  const distinct = new Map(uploads.map((c) => [c.photo?.sha, c.photo?.bytes ?? 0]));
  const pictures = [...distinct.values()].reduce((n, b) => n + b, 0);
  console.log(
    `  PNG bytes uploaded: ${uploaded} in ${uploads.length} uploads for ${distinct.size} distinct charts (${pictures} bytes): ${(uploaded / Math.max(1, pictures)).toFixed(3)}x (target <= 1.05x; captions go as text)`,
  );
  const by = fake.rateLimitedBy;
  console.log(
    `  429s received: ${fake.rateLimited} (per chat ${by.chat}, per group ${by.group}, overall ${by.global}) (target: 0)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const chats = Number(process.env.BENCH_CHATS ?? 1000);
  const { createChartRenderer } = await import("../src/charts/index.ts");
  const { replyChartRenderer } = await import("../src/app/reply-charts.ts");
  await runDigestFanoutBench({ chats, renderChart: replyChartRenderer(createChartRenderer()) });
}
