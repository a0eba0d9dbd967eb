// What the host's endpoint reads: the app's commands and chart renders timed into the metrics, and the readiness
// checks (platforms connected, store open, the freshest data's age).
import { daysBetween, utcDateOf } from "../core/base/dates.ts";
import type { MarketData } from "../core/ports.ts";
import type { DigestStore } from "../core/schedules/digest.ts";
import type { App } from "./app.ts";
import type { ReadinessCheck } from "./http-server.ts";
import { type BotMetrics, outcomeOf } from "./metrics.ts";
import type { RenderReplyChart } from "./reply-charts.ts";

/** The app with every command counted and timed; an unknown command is counted as "unknown", not by its text. */
export function instrumentApp(app: App, metrics: BotMetrics): App {
  return {
    ...app,
    async run(name, tokens, caller) {
      const started = performance.now();
      const label = app.find(name)?.name ?? "unknown";
      try {
        const reply = await app.run(name, tokens, caller);
        metrics.command(label, "ok", (performance.now() - started) / 1000);
        return reply;
      } catch (error) {
        metrics.command(label, outcomeOf(error), (performance.now() - started) / 1000);
        throw error;
      }
    },
  };
}

export function instrumentRenderer(render: RenderReplyChart, metrics: BotMetrics): RenderReplyChart {
  return async (reply, theme) => {
    if (!reply.chart) return null;
    const started = performance.now();
    const png = await render(reply, theme);
    metrics.chartRendered((performance.now() - started) / 1000);
    return png;
  };
}

/** The newest bar among the headline series: from the live store's health when there is one, else the series. */
async function freshestBar(market: MarketData): Promise<{ date: string; from: string } | null> {
  if (market.health) {
    const dates = (await market.health()).flatMap((h) =>
      h.series.map((s) => ({ date: s.lastDate, from: h.name })),
    );
    const best = dates
      .filter((d): d is { date: string; from: string } => d.date !== null)
      .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    if (best) return best;
  }
  const series = await Promise.all(["RUT", "BTC"].map((id) => market.getSeries(id).catch(() => null)));
  const best = series
    .flatMap((s) => (s ? [{ date: s.source.lastDate, from: s.source.freshness }] : []))
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return best ?? null;
}

export interface ReadinessDeps {
  readonly market: MarketData;
  readonly store: DigestStore;
  /** Null while every platform that started is connected; otherwise why not. */
  readonly platformProblem: () => string | null;
  readonly platformNames: () => readonly string[];
  readonly now: () => Date;
}

export function readinessChecks(deps: ReadinessDeps) {
  return async (): Promise<Record<string, ReadinessCheck>> => {
    const problem = deps.platformProblem();
    const platforms: ReadinessCheck = problem
      ? { ok: false, detail: problem }
      : { ok: true, detail: `connected: ${deps.platformNames().join(", ") || "console"}` };
    let store: ReadinessCheck;
    try {
      await deps.store.getMeta("readyz");
      store = { ok: true, detail: "open" };
    } catch (error) {
      store = { ok: false, detail: `not readable: ${(error as Error).message}` };
    }
    let data: ReadinessCheck;
    try {
      const bar = await freshestBar(deps.market);
      const age = bar ? daysBetween(bar.date, utcDateOf(deps.now())) : null;
      data = bar
        ? { ok: true, detail: `freshest bar ${bar.date} (${age} days old), ${bar.from}` }
        : { ok: false, detail: "no data" };
    } catch (error) {
      data = { ok: false, detail: `no data: ${(error as Error).message}` };
    }
    return { platforms, store, data };
  };
}
