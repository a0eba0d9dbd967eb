// /status: each data source's health, last success, last error, and how fresh each cached series is.
import type { CommandContext, CommandDefinition, ReplyTable } from "../src/core/answers/command.ts";
import type { Locale } from "../src/core/answers/locale.ts";
import { requireModerator } from "../src/core/answers/preconditions.ts";
import { UserError } from "../src/core/base/errors.ts";
import type { SourceHealth } from "../src/core/ports.ts";
import { DEAD_LETTER, type Delivery } from "../src/core/schedules/digest.ts";

const WEEK_MS = 7 * 86_400_000;

/**
 * Digests and alerts given up after repeated retries in the last week (the dead-letter state): for a chat's
 * moderators those of their chat, in the console and the CLI all of them; members see nothing of it.
 */
async function givenUp(context: CommandContext): Promise<readonly Delivery[]> {
  const store = context.digests;
  if (!store) return [];
  let mine: (key: string) => boolean = () => true;
  if (context.caller) {
    try {
      const { target } = await requireModerator(context, "digest");
      const id = `:${target.platform}:${target.chatId}`;
      mine = (key) => key.includes(`${id}:`) || key.endsWith(id);
    } catch (error) {
      if (error instanceof UserError) return [];
      throw error;
    }
  }
  const failed = await store.listFailedDeliveries(context.now - WEEK_MS, 200);
  return failed.filter((d) => d.detail?.startsWith(DEAD_LETTER) && mine(d.key));
}

function deadLetterLines(dead: readonly Delivery[], l: Locale): string[] {
  if (dead.length === 0) return [];
  return [
    l.t("status.deadLetters", { count: dead.length }),
    ...dead.slice(0, 3).map((d) =>
      l.t("status.deadLetter", {
        key: d.key,
        when: when(new Date(d.updatedAt).toISOString(), l),
        detail: d.detail ?? "",
      }),
    ),
  ];
}

/** "2026-08-21T20:35:12.000Z" -> "2026-08-21 20:35 UTC". */
function when(iso: string | null, l: Locale): string {
  return iso ? `${l.date(iso.slice(0, 10))} ${iso.slice(11, 16)} UTC` : l.t("status.never");
}

export function healthLine(source: SourceHealth, l: Locale): string {
  const mark = source.healthy ? "OK" : l.t("status.down");
  const parts = [`${mark} ${source.name} (${source.role}): ${source.status}`];
  if (source.lastSuccess) parts.push(l.t("status.lastSuccess", { when: when(source.lastSuccess, l) }));
  if (source.lastError)
    parts.push(
      l.t("status.lastError", { when: when(source.lastError.at, l), message: source.lastError.message }),
    );
  return `${parts.join("; ")}.`;
}

export function freshnessTable(health: readonly SourceHealth[], l: Locale): ReplyTable | undefined {
  const rows = health.flatMap((source) =>
    source.series.map((s) => [
      s.series,
      s.provider ?? source.name,
      s.lastDate ?? "–",
      l.t(`status.state.${s.state}`),
      when(s.lastSuccess ?? null, l),
    ]),
  );
  if (rows.length === 0) return undefined;
  const header = ["series", "provider", "lastBar", "state", "fetched"].map((h) => l.t(`status.header.${h}`));
  return { caption: l.t("status.caption"), header, rows };
}

/** One line on the answer cache: what it holds against its bound, and how often it answered. */
function cacheLine(context: CommandContext): string[] {
  const stats = context.cacheStats?.();
  if (!stats) return [];
  const asked = stats.hits + stats.misses;
  return [
    context.locale.t("status.cache", {
      entries: stats.entries,
      mb: (stats.bytes / 1048576).toFixed(1),
      max: Math.round(stats.maxBytes / 1048576),
      hits: stats.hits,
      asked,
      evictions: stats.evictions,
    }),
  ];
}

const status: CommandDefinition = {
  name: "status",
  description: "Health of each data source: last success, last error, cache freshness",
  options: [],
  async run(context) {
    const l = context.locale;
    const dead = await givenUp(context);
    let health = context.market.health ? await context.market.health() : null;
    if (!health) {
      const series = await context.market.listSeries();
      return {
        title: l.t("status.title"),
        lines: [
          l.t("status.offline", { source: context.market.name }),
          l.t("status.available", { count: series.length }),
          ...deadLetterLines(dead, l),
          ...cacheLine(context),
        ],
        notes: [l.t("status.howLive")],
        sources: [],
        data: { command: "status", live: false, source: context.market.name, series, deadLetters: dead },
      };
    }
    // The Fed's liquidity series, where they are live (FRED, daily), beside the market's sources.
    const fred = context.liquidity?.health ? await context.liquidity.health().catch(() => null) : null;
    if (fred) health = [...health, fred];
    const down = health.filter((s) => !s.healthy);
    const table = freshnessTable(health, l);
    const series = health.flatMap((s) => s.series);
    const named = (state: string) =>
      series
        .filter((s) => s.state === state)
        .map((s) => s.series)
        .join(", ");
    const stale = named("stale");
    const empty = named("empty");
    return {
      title:
        down.length === 0
          ? l.t("status.allHealthy")
          : l.t("status.unhealthy", { down: down.length, all: health.length }),
      lines: [...health.map((h) => healthLine(h, l)), ...deadLetterLines(dead, l), ...cacheLine(context)],
      ...(table ? { table } : {}),
      notes: [
        l.t("status.fallback"),
        ...(stale ? [l.t("status.stale", { series: stale })] : []),
        ...(empty ? [l.t("status.empty", { series: empty })] : []),
      ],
      sources: [],
      data: { command: "status", live: true, sources: health, deadLetters: dead },
    };
  },
};

export default status;
