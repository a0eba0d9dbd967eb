// /status: each data source's health, last success, last error, and how fresh each cached series is.
import type { CommandDefinition, ReplyTable } from "../src/core/answers/command.ts";
import type { SourceHealth } from "../src/core/ports.ts";

/** "2026-08-21T20:35:12.000Z" -> "2026-08-21 20:35 UTC". */
function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "never";
}

export function healthLine(source: SourceHealth): string {
  const mark = source.healthy ? "OK" : "DOWN";
  const parts = [`${mark} ${source.name} (${source.role}): ${source.status}`];
  if (source.lastSuccess) parts.push(`last success ${when(source.lastSuccess)}`);
  if (source.lastError) parts.push(`last error ${when(source.lastError.at)}: ${source.lastError.message}`);
  return `${parts.join("; ")}.`;
}

export function freshnessTable(health: readonly SourceHealth[]): ReplyTable | undefined {
  const rows = health.flatMap((source) =>
    source.series.map((s) => [
      s.series,
      s.provider ?? source.name,
      s.lastDate ?? "–",
      s.state,
      s.lastSuccess ? when(s.lastSuccess) : "never",
    ]),
  );
  if (rows.length === 0) return undefined;
  return {
    caption: "Cached series (fresh: checked since its market's last close; stale: a newer bar may exist)",
    header: ["series", "provider", "last bar", "state", "fetched"],
    rows,
  };
}

const status: CommandDefinition = {
  name: "status",
  description: "Health of each data source: last success, last error, cache freshness",
  options: [],
  async run(context) {
    const health = context.market.health ? await context.market.health() : null;
    if (!health) {
      const series = await context.market.listSeries();
      return {
        title: "Data sources",
        lines: [
          `Source: ${context.market.name}, offline history (bundled snapshot or CSV files); no live source is called.`,
          `${series.length} series available.`,
        ],
        notes: ["Live data: run with --source live (CLI) or without RISKON_OFFLINE=1 (bot)."],
        sources: [],
        data: { command: "status", live: false, source: context.market.name, series },
      };
    }
    const down = health.filter((s) => !s.healthy);
    const table = freshnessTable(health);
    const series = health.flatMap((s) => s.series);
    const named = (state: string) =>
      series
        .filter((s) => s.state === state)
        .map((s) => s.series)
        .join(", ");
    const stale = named("stale");
    const empty = named("empty");
    return {
      title: `Data sources: ${down.length === 0 ? "all healthy" : `${down.length} of ${health.length} unhealthy`}`,
      lines: health.map(healthLine),
      ...(table ? { table } : {}),
      notes: [
        "Fallback order for every series: live source -> stored bars (stale, with their date) -> bundled snapshot.",
        ...(stale ? [`Stale (a newer bar may exist, refreshed on the next request): ${stale}.`] : []),
        ...(empty ? [`Not fetched yet: ${empty}.`] : []),
      ],
      sources: [],
      data: { command: "status", live: true, sources: health },
    };
  },
};

export default status;
