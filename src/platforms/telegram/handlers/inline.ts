// Inline mode: `@bot russell value vs:eth` typed in any chat offers the answer as a result to post there: the
// chart with its short caption when the bot has sent that chart before (by its file_id), else its title, status
// line and the first part of the text; with a button that opens the chart and the whole answer in the user's
// private chat with the bot (a deep link). Only read-only commands; an empty query is /russell.
// A query that does not parse is answered with no result and the one-line reason on Telegram's button above
// the results. Needs inline mode switched on in @BotFather (/setinline).
import { createHash } from "node:crypto";
import { Composer, type Context } from "telegraf";
import type { InlineQueryResult } from "telegraf/types";
import { describeFailure } from "../../../app/failure.ts";
import type { Reply } from "../../../core/answers/command.ts";
import { parseCommandArgs } from "../../../core/answers/command-args.ts";
import { localeOfReply, userLocale } from "../../labels.ts";
import type { Responder } from "../responder.ts";
import { startPayload } from "../start-link.ts";
import { carriedOptions } from "../switcher.ts";
import { CAPTION_LIMIT, renderTelegramBrief, renderTelegramChunks } from "../telegram-html.ts";
import type { HandlerDeps } from "./deps.ts";

/** How long Telegram may reuse an answer to the same query (seconds): the data changes at most per session. */
export const INLINE_CACHE_SECONDS = 300;
const BUTTON_TEXT_LIMIT = 64;

function parseQuery(query: string): { name: string; tokens: string[] } {
  const [head, ...tokens] = query.trim().split(/\s+/).filter(Boolean);
  return { name: (head ?? "russell").replace(/^\//, "").toLowerCase(), tokens };
}

/**
 * The chart itself when the bot has already sent this very chart (Telegram takes a photo by its file_id);
 * otherwise the text, with the chart one tap away.
 */
function inlineResult(
  query: string,
  reply: Reply,
  link: string | null,
  username: string,
  photo: string | undefined,
): InlineQueryResult {
  const id = createHash("sha256").update(query).digest("hex").slice(0, 32);
  const markup = link
    ? {
        reply_markup: {
          inline_keyboard: [
            [
              {
                text: localeOfReply(reply).t("button.chartAndDetails"),
                url: `https://t.me/${username}?start=${link}`,
              },
            ],
          ],
        },
      }
    : {};
  const title = reply.title.slice(0, 256);
  if (photo)
    return {
      type: "photo",
      id,
      photo_file_id: photo,
      title,
      description: (reply.brief?.[0] ?? reply.lines[0] ?? "").slice(0, 256),
      caption: renderTelegramBrief(reply).slice(0, CAPTION_LIMIT),
      parse_mode: "HTML",
      ...markup,
    };
  return {
    type: "article",
    id,
    title,
    description: (reply.lines[0] ?? "").slice(0, 256),
    input_message_content: {
      message_text: renderTelegramChunks(reply, CAPTION_LIMIT)[0] ?? reply.title,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    ...markup,
  };
}

export function inlineHandler(
  deps: Pick<HandlerDeps, "app" | "log" | "track"> & { readonly responder?: Pick<Responder, "photoIdFor"> },
): Composer<Context> {
  const { app, log } = deps;
  const composer = new Composer<Context>();
  composer.on("inline_query", (ctx) => {
    const query = ctx.inlineQuery;
    const { name, tokens } = parseQuery(query.query);
    const refuse = (text: string) =>
      ctx.answerInlineQuery([], {
        cache_time: 0,
        is_personal: true,
        button: { text: text.slice(0, BUTTON_TEXT_LIMIT), start_parameter: "help" },
      });
    // No chat to take settings from: the asking user's own language, where riskon has it.
    const locale = userLocale(query.from.language_code);
    const work = async () => {
      const command = app.find(name);
      if (!command || command.audience === "moderators") {
        await refuse(locale.t("notice.noInline", { name: name.slice(0, 20) }));
        return;
      }
      let reply: Awaited<ReturnType<typeof app.run>>;
      try {
        reply = await app.run(command.name, tokens, undefined, locale.language);
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.internal) log(`telegram: inline /${name} failed`, error);
        await refuse(failure.message);
        return;
      }
      // The link carries the options as parsed (positional `value` becomes `index:value`).
      const parsed = parseCommandArgs(command.name, command.options, tokens);
      const carried = carriedOptions(command)
        .filter((o) => parsed[o.name] !== undefined)
        .map((o) => `${o.name}:${parsed[o.name]}`);
      const link = startPayload(command.name, carried);
      const photo = deps.responder?.photoIdFor(command.name, reply);
      const result = inlineResult(
        `${command.name} ${tokens.join(" ")}`,
        reply,
        link,
        ctx.botInfo.username,
        photo,
      );
      // Telegram caches an answer per query text; per user here, as the answer is in the user's language.
      await ctx.answerInlineQuery([result], { cache_time: INLINE_CACHE_SECONDS, is_personal: true });
    };
    deps.track(work().catch((error) => log("telegram: answerInlineQuery failed", error)));
  });
  return composer;
}
