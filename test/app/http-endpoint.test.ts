// The hosts' endpoint: /healthz, /readyz (503 when a check fails) and /metrics in Prometheus's text format, as a
// unit and through the real bot process talking to the Telegram wire fake.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpServer } from "../../src/app/http-server.ts";
import { createMetrics } from "../../src/app/metrics.ts";
import { readinessChecks } from "../../src/app/operations.ts";
import { ConfigError } from "../../src/core/base/errors.ts";
import { createSnapshotSource } from "../../src/data/snapshot.ts";
import { MemoryDigestStore } from "../../src/storage/memory-digest-store.ts";
import { FAKE_TOKEN, FakeTelegramServer } from "../fakes/telegram-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("HTTP endpoint", () => {
  it("answers /healthz, /readyz with each check (503 when one fails) and /metrics; other paths 404, other methods 405", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.command("russell", "ok", 0.12);
    metrics.command("digest", "user_error", 0.01);
    metrics.sourceError("Binance");
    metrics.deliveries("digest", { sent: 3, failed: 1, skipped: 0 });
    metrics.watchQueues(() => ({ telegram: 7 }));
    let storeOk = true;
    const server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      registry: metrics.registry,
      log: () => {},
      readiness: async () => ({
        platforms: { ok: true, detail: "connected: telegram" },
        store: storeOk ? { ok: true, detail: "open" } : { ok: false, detail: "not readable: disk I/O error" },
      }),
    });
    closers.push(() => server.close());
    const url = (path: string) => `http://${server.address}${path}`;
    expect(await (await fetch(url("/healthz"))).json()).toEqual({ status: "alive" });
    const ready = await fetch(url("/readyz"));
    expect(ready.status).toBe(200);
    storeOk = false;
    const notReady = await fetch(url("/readyz"));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: "not ready", checks: { store: { ok: false } } });
    const text = await (await fetch(url("/metrics"))).text();
    expect(text).toContain('riskon_commands_total{command="russell",outcome="ok"} 1');
    expect(text).toContain('riskon_commands_total{command="digest",outcome="user_error"} 1');
    expect(text).toContain('riskon_reply_seconds_bucket{le="0.25",command="russell"} 1');
    expect(text).toContain('riskon_source_errors_total{source="Binance"} 1');
    expect(text).toContain('riskon_deliveries_total{kind="digest",outcome="sent"} 3');
    expect(text).toContain('riskon_send_queue_depth{platform="telegram"} 7');
    expect((await fetch(url("/nope"))).status).toBe(404);
    expect((await fetch(url("/metrics"), { method: "POST" })).status).toBe(405);
  });

  it("names RISKON_HTTP_PORT in one line when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const attempt = startHttpServer({
      host: "127.0.0.1",
      port,
      registry: createMetrics({ defaultMetrics: false }).registry,
      log: () => {},
      readiness: async () => ({}),
    });
    await expect(attempt).rejects.toThrow(
      new ConfigError(`RISKON_HTTP_PORT: 127.0.0.1:${port} is already in use`),
    );
  });

  it("readiness reports the store and the freshest data with its age", async () => {
    const checks = readinessChecks({
      market: createSnapshotSource(),
      store: new MemoryDigestStore(),
      platformProblem: () => "telegram stopped: another process polls this token",
      platformNames: () => ["telegram"],
      now: () => new Date("2026-12-02T12:00:00Z"),
    });
    expect(await checks()).toEqual({
      platforms: { ok: false, detail: "telegram stopped: another process polls this token" },
      store: { ok: true, detail: "open" },
      // The snapshot's RUT ends 2026-08-21: 103 days before 2026-12-02.
      data: { ok: true, detail: "freshest bar 2026-08-21 (103 days old), snapshot" },
    });
  });

  it("through the real bot: ready once Telegram answers, counts a command, and exits 0 on SIGTERM", async () => {
    const fake = await FakeTelegramServer.start();
    closers.push(() => fake.close());
    const db = join(mkdtempSync(join(tmpdir(), "riskon-http-")), "riskon.db");
    const child: ChildProcess = spawn(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", "--import", "tsx", "src/main.ts"],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
          TELEGRAM_API_ROOT: fake.apiRoot,
          RISKON_DB: db,
          RISKON_OFFLINE: "1",
          RISKON_HTTP_PORT: "0",
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const lines: string[] = [];
    const address = new Promise<string>((resolve) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        for (const line of String(chunk).split("\n").filter(Boolean)) {
          lines.push(line);
          const match = /on http:\/\/([\d.]+:\d+)/.exec(line);
          if (match?.[1]) resolve(match[1]);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    closers.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    const base = `http://${await address}`;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { platforms: { ok: true, detail: "connected: telegram" } },
    });
    fake.pushMessage("/russell vs:eth");
    await fake.waitFor(
      (calls) => calls.some((c) => c.method === "sendPhoto" || c.method === "sendMessage"),
      30_000,
    );
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('riskon_commands_total{command="russell",outcome="ok"} 1');
    expect(text).toMatch(/riskon_chart_render_seconds_count 1/);
    expect(text).toContain('riskon_send_queue_depth{platform="telegram"}');
    expect(text).toContain("riskon_process_resident_memory_bytes");
    // The renderer processes (one per core here) and the answer cache (the prepared answers are misses too).
    expect(text).toMatch(/riskon_chart_renderer\{measure="processes"\} [1-9]/);
    expect(text).toMatch(/riskon_chart_renderer\{measure="queued"\} 0/);
    expect(text).toMatch(/riskon_answer_cache\{measure="misses"\} [1-9]/);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines.every((l) => !l.includes(FAKE_TOKEN))).toBe(true);
    expect(lines.some((l) => l.includes("SIGTERM: stopping"))).toBe(true);
  }, 60_000);
});
