// The HTTP endpoint for hosts, off unless RISKON_HTTP_PORT is set: GET /healthz (the process is alive), GET
// /readyz (platforms connected, store open, age of the freshest data; 503 when not ready) and GET /metrics
// (Prometheus text); and the platforms' webhooks when they run in HTTP mode (POST /telegram). Bound to 127.0.0.1
// unless RISKON_HTTP_HOST says otherwise.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { ConfigError } from "../core/base/errors.ts";
import type { HttpRoute } from "../platforms/http-route.ts";

export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}

/** Each check by name; ready when all are ok. */
export type Readiness = () => Promise<Readonly<Record<string, ReadinessCheck>>>;

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly log: (message: string, error?: unknown) => void;
  /** POST handlers by path: the platforms' webhooks (Telegram's /telegram, Discord's /discord/interactions). */
  readonly routes?: ReadonlyMap<string, HttpRoute>;
}

export interface RunningHttpServer {
  /** Where it listens, e.g. 127.0.0.1:8080 (the real port when 0 was asked for). */
  readonly address: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const posted = options.routes?.get(path);
  if (posted) {
    if (req.method === "POST") return posted(req, res);
    res.setHeader("allow", "POST");
    return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
  }
  const known = path === "/healthz" || path === "/readyz" || path === "/metrics";
  if (!known) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
  }
  if (path === "/healthz")
    return send(res, 200, "application/json", `${JSON.stringify({ status: "alive" })}\n`);
  if (path === "/readyz") {
    const checks = await options.readiness();
    const ready = Object.values(checks).every((c) => c.ok);
    const body = JSON.stringify({ status: ready ? "ready" : "not ready", checks });
    return send(res, ready ? 200 : 503, "application/json", `${body}\n`);
  }
  send(res, 200, options.registry.contentType, await options.registry.metrics());
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      options.log(`http: ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
      else res.destroy();
    });
  });
  server.listen(options.port, options.host);
  try {
    await Promise.race([
      once(server, "listening"),
      once(server, "error").then(([error]) => {
        throw error;
      }),
    ]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const where = `${options.host}:${options.port}`;
    if (code === "EADDRINUSE") throw new ConfigError(`RISKON_HTTP_PORT: ${where} is already in use`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EACCES") {
      throw new ConfigError(`RISKON_HTTP_HOST/RISKON_HTTP_PORT: cannot listen on ${where} (${String(code)})`);
    }
    throw error;
  }
  const address = server.address() as AddressInfo;
  return {
    address: `${address.address}:${address.port}`,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
