// `npm run screenshots`: the README's pictures of an answer on each platform. The content is exactly what the
// bot sends for `/russell` on the bundled snapshot (the Telegram caption and inline keyboard, the Discord embed
// and buttons, the chart PNG), laid out in a page styled like each app and photographed with headless Chromium
// (Debian's `chromium`). It is not a capture of the apps themselves.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApp } from "../src/app/app.ts";
import { replyChartRenderer } from "../src/app/reply-charts.ts";
import { createChartRenderer } from "../src/charts/index.ts";
import type { Reply } from "../src/core/answers/command.ts";
import { stampOf } from "../src/platforms/answer-buttons.ts";
import { componentsFor } from "../src/platforms/discord/answer-components.ts";
import { renderDiscordBrief } from "../src/platforms/discord/discord-embed.ts";
import { answerKeyboard } from "../src/platforms/telegram/switcher.ts";
import { renderTelegramBrief } from "../src/platforms/telegram/telegram-html.ts";

const OUT = resolve(import.meta.dirname, "../docs/screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "chromium";

const text = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const dataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString("base64")}`;

function telegramPage(reply: Reply, png: Uint8Array): string {
  const app = reply.options ?? {};
  const keyboard = answerKeyboard(RUSSELL, {
    current: app,
    owner: "4242",
    stamp: stampOf(reply.data.asOf),
    sections: reply.sections,
  });
  const rows = (keyboard ?? [])
    .map(
      (row) => `<div class="row">${row.map((b) => `<div class="key">${text(b.text)}</div>`).join("")}</div>`,
    )
    .join("");
  return `<!doctype html><meta charset="utf-8"><style>
    body{margin:0;background:#8fb3a0 linear-gradient(160deg,#a7c7a3,#7fa7a9);font:15px/1.35 -apple-system,"DejaVu Sans",sans-serif}
    .wrap{padding:18px 16px;width:520px}
    .bubble{background:#fff;border-radius:14px 14px 14px 4px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.2)}
    .bubble img{display:block;width:100%}
    .cap{padding:8px 11px 10px;white-space:pre-wrap;color:#000}
    .name{color:#3a8bd6;font-weight:600;padding:8px 11px 0}
    .row{display:flex;gap:4px;margin-top:4px}
    .key{flex:1;background:rgba(40,70,60,.45);color:#fff;text-align:center;border-radius:8px;padding:7px 2px;font-size:13.5px;font-weight:500}
  </style><div class="wrap"><div class="bubble"><div class="name">riskon</div><img src="${dataUrl(png)}">
  <div class="cap">${renderTelegramBrief(reply)}</div></div>${rows}</div>`;
}

function discordPage(reply: Reply, png: Uint8Array): string {
  const embed = renderDiscordBrief(reply, { withChart: true });
  const rows = componentsFor(RUSSELL, [], "1033044521375764530", reply)
    .map(
      (row) =>
        `<div class="row">${row.components
          .map(
            (b) =>
              `<div class="btn ${b.style === 1 ? "primary" : ""} ${"disabled" in b && b.disabled ? "disabled" : ""}">${text(b.label ?? "")}</div>`,
          )
          .join("")}</div>`,
    )
    .join("");
  const description = text((embed.description ?? "").replace(/\\([\\*_~|`>#])/g, "$1"));
  return `<!doctype html><meta charset="utf-8"><style>
    body{margin:0;background:#313338;color:#dbdee1;font:15px/1.4 "DejaVu Sans",sans-serif}
    .wrap{display:flex;gap:14px;padding:18px;width:640px}
    .avatar{width:40px;height:40px;border-radius:50%;background:#3b82f6;flex:none}
    .head{color:#f2f3f5;font-weight:600}.bot{background:#5865f2;color:#fff;font-size:10px;padding:1px 4px;border-radius:3px;margin-left:4px}
    .embed{margin-top:6px;background:#2b2d31;border-left:4px solid #3b82f6;border-radius:4px;padding:10px 14px 14px;max-width:560px}
    .title{color:#f2f3f5;font-weight:700;margin-bottom:6px}.desc{white-space:pre-wrap;font-size:14px}
    .embed img{display:block;width:100%;border-radius:4px;margin-top:12px}
    .foot{font-size:12px;color:#b5bac1;margin-top:8px}
    .row{display:flex;gap:8px;margin-top:8px}
    .btn{background:#4e5058;color:#fff;border-radius:4px;padding:5px 14px;font-size:14px}.btn.primary{background:#5865f2}.btn.disabled{opacity:.5}
  </style><div class="wrap"><div class="avatar"></div><div><div class="head">riskon<span class="bot">APP</span></div>
  <div class="embed"><div class="title">${text(embed.title ?? "")}</div><div class="desc">${description}</div>
  <img src="${dataUrl(png)}"><div class="foot">${text(embed.footer?.text ?? "")}</div></div>${rows}</div></div>`;
}

function shoot(html: string, file: string, size: string): void {
  const dir = mkdtempSync(join(tmpdir(), "riskon-shot-"));
  try {
    const page = join(dir, "page.html");
    writeFileSync(page, html);
    execFileSync(
      CHROMIUM,
      [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        `--window-size=${size}`,
        `--screenshot=${join(OUT, file)}`,
        `file://${page}`,
      ],
      { stdio: "ignore" },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const app = await createApp({ clock: () => new Date("2026-11-21T00:00:00Z") });
const RUSSELL =
  app.find("russell") ??
  (() => {
    throw new Error("no /russell");
  })();
const reply = await app.run("russell", []);
const render = replyChartRenderer(createChartRenderer());
mkdirSync(OUT, { recursive: true });
const light = await render(reply, "light");
const dark = await render(reply, "dark");
if (!light || !dark) throw new Error("no chart");
shoot(telegramPage(reply, light), "telegram-russell.png", "552,668");
shoot(discordPage(reply, dark), "discord-russell.png", "680,730");
console.log(`wrote ${join(OUT, "telegram-russell.png")} and ${join(OUT, "discord-russell.png")}`);
