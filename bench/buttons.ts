// Button presses against a fresh command, through the real telegraf to the local fake Bot API with the real
// chart renderer: the time from a /russell message to its photo, from a switcher press (new vs) to the edited
// photo (editMessageMedia), and from a details press to the edited caption (editMessageCaption).
import { createApp } from "../src/app/app.ts";
import { replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer } from "../src/charts/index.ts";
import { startTelegramBot } from "../src/platforms/telegram/telegram-bot.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../test/fakes/telegram-server.ts";

const GROUP = -1001234567890;
const USER = 4242;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const describe = (name: string, values: readonly number[]) =>
  `${name}: p50 ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms (n=${values.length})`;

export async function runButtonsBench(rounds = 12): Promise<void> {
  const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
  const render = replyChartRenderer(createChartRenderer());
  const fake = await FakeTelegramServer.start();
  const bot = await startTelegramBot({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    app,
    log: () => {},
    cooldown: { userMs: 0, chatMs: 0 },
    limits: { perChatMs: 0, perGroupPerMinute: 100_000, globalPerSecond: 100_000 },
    renderChart: (reply) => render(reply, "dark"),
  });
  const where = { chatType: "supergroup" as const, chatId: GROUP, userId: USER };
  const count = (method: string) => fake.callsOf(method).length;
  const timed = async (act: () => void, done: () => boolean) => {
    const started = performance.now();
    act();
    await fake.waitFor(done, 30_000);
    return performance.now() - started;
  };
  const press = (messageId: number, label: string) => {
    const message = fake.messages.get(`${GROUP}:${messageId}`);
    if (!message) throw new Error(`no message ${messageId}`);
    type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const rows = (message.reply_markup as Keyboard).inline_keyboard;
    const button = rows.flat().find((b) => b.text === label);
    if (!button) throw new Error(`no button ${label}`);
    fake.pushCallback(button.callback_data, { ...where, messageId });
  };
  const fresh: number[] = [];
  const switched: number[] = [];
  const details: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const range = ["1y", "5y", "max"][i % 3];
      const photos = count("sendPhoto");
      fresh.push(
        await timed(
          () => fake.pushMessage(`/russell range:${range}`, where),
          () => count("sendPhoto") > photos,
        ),
      );
      const id = fake.lastMessage(GROUP)?.message_id ?? 0;
      const media = count("editMessageMedia");
      switched.push(
        await timed(
          () => press(id, i % 2 === 0 ? "eth" : "others"),
          () => count("editMessageMedia") > media,
        ),
      );
      const captions = count("editMessageCaption");
      details.push(
        await timed(
          () => press(id, "After breakouts"),
          () => count("editMessageCaption") > captions,
        ),
      );
    }
    console.log(describe("fresh /russell, message to photo", fresh));
    console.log(describe("switcher press, press to edited photo (new chart)", switched));
    console.log(describe("details press, press to edited caption (same chart)", details));
  } finally {
    await bot.stop();
    await fake.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runButtonsBench();
