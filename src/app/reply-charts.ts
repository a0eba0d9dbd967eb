// Draws a reply's chart with the shared renderer, and writes it to a file for the CLI and the console.
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ChartRenderer, ChartTheme } from "../core/answers/chart-spec.ts";
import type { Reply } from "../core/answers/command.ts";
import type { AnswerCache } from "./answer-cache.ts";

export type RenderReplyChart = (reply: Reply, theme: ChartTheme) => Promise<Uint8Array | null>;

export function replyChartRenderer(renderer: ChartRenderer): RenderReplyChart {
  return async (reply, theme) => (reply.chart ? renderer.render(reply.chart, theme) : null);
}

/**
 * Draws through the answer cache: a chart already drawn for the answer's version (its data) in this theme is
 * served from the cache; an answer without a version (not a pure command, or no cache) is drawn.
 */
export function cachedCharts(render: RenderReplyChart, cache: AnswerCache | undefined): RenderReplyChart {
  if (!cache) return render;
  return (reply, theme) =>
    reply.chart ? cache.png(reply, theme, () => render(reply, theme)) : Promise.resolve(null);
}

/** Writes the reply's chart as a PNG to `path`; null when the reply has no chart. */
export async function writeReplyChart(
  render: RenderReplyChart,
  reply: Reply,
  theme: ChartTheme,
  path: string,
): Promise<string | null> {
  const png = await render(reply, theme);
  if (!png) return null;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
  return path;
}

/** Where the console chat puts its pictures: one file per command and as-of date, overwritten when asked again. */
export function consoleChartPath(reply: Reply): string {
  const command = String(reply.data.command ?? "chart");
  const asOf = String(reply.data.asOf ?? "latest");
  const slug = `${command}-${asOf}-${reply.title.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 60)}`.replace(
    /-+$/,
    "",
  );
  return join(tmpdir(), "riskon-charts", `${slug}.png`);
}
