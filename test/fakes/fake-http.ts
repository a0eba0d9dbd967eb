// A local HTTP server (127.0.0.1 only) for wire-level fakes: it logs and counts every request and can be
// told to misbehave (429 with or without Retry-After, 5xx, 451, hanging, malformed or reshaped JSON, empty).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
}

export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** How a route answers: "normal", or a format-aware fault the route itself renders. */
export type RouteMode = "normal" | "schema" | "empty" | "disorder";

export type Route = (request: FakeRequest, mode: RouteMode) => FakeResponse;

export type Fault =
  | {
      readonly kind: "status";
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
    }
  /** Never answers: the client's timeout has to fire. */
  | { readonly kind: "hang" }
  /** 200 with a body that is not JSON. */
  | { readonly kind: "malformed" }
  /** 200 with valid JSON whose shape changed (each route decides how). */
  | { readonly kind: "schema" }
  /** 200 with an empty range in the real format. */
  | { readonly kind: "empty" }
  /** 200 in the real format with the rows out of order and some of them twice (see `disordered`). */
  | { readonly kind: "disorder" };

export interface FaultRule {
  readonly fault: Fault;
  /** Only requests whose path starts with this (or matching the predicate). */
  readonly path?: string;
  readonly match?: (request: FakeRequest) => boolean;
  /** How many requests it hits; unlimited when absent. */
  times?: number;
}

/**
 * Rows as a misbehaving provider sends them: newest first, and every fifth row once more (same values) right
 * after the next one, so a page holds duplicated dates out of place.
 */
export function disordered<T>(rows: readonly T[]): T[] {
  const out: T[] = [];
  rows.forEach((row, i) => {
    out.push(row);
    const again = rows[i - 1];
    if (i % 5 === 1 && again !== undefined) out.push(again);
  });
  return out.reverse();
}

export class FakeHttpServer {
  readonly requests: FakeRequest[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private origin = "";

  constructor(
    private readonly name: string,
    private readonly routes: ReadonlyArray<readonly [prefix: string, route: Route]>,
  ) {}

  get url(): string {
    return this.origin;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.server = server;
    return this;
  }

  /** Adds a fault; faults are checked in the order they were added. */
  inject(rule: FaultRule): this {
    this.faults.push(rule);
    return this;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests so far whose path starts with `prefix` (all when absent). */
  count(prefix = ""): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(request: FakeRequest): Fault | null {
    for (const rule of this.faults) {
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.path && !request.path.startsWith(rule.path)) continue;
      if (rule.match && !rule.match(request)) continue;
      if (rule.times !== undefined) rule.times -= 1;
      return rule.fault;
    }
    return null;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: FakeRequest = {
      method: req.method ?? "GET",
      // Decoded, as the server reads it: clients differ in what they percent-encode (Node 24's fetch sends ^ as
      // %5E, Node 22's as is), and the path means the same either way.
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
    };
    this.requests.push(request);
    const fault = this.takeFault(request);
    if (fault?.kind === "hang") return; // the socket is destroyed by close()
    if (fault?.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"chart": {"result": [ <html>Bad gateway');
      return;
    }
    if (fault?.kind === "status") {
      const body = fault.body ?? "";
      res.writeHead(fault.status, {
        "content-type": typeof body === "string" ? "text/plain" : "application/json",
        ...fault.headers,
      });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
      return;
    }
    const route = this.routes.find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`${this.name} fake: no route for ${url.pathname}`);
      return;
    }
    const mode: RouteMode =
      fault?.kind === "schema" || fault?.kind === "empty" || fault?.kind === "disorder"
        ? fault.kind
        : "normal";
    let answer: FakeResponse;
    try {
      answer = route(request, mode);
    } catch (error) {
      answer = { status: 500, body: `${this.name} fake crashed: ${(error as Error).message}` };
    }
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(text);
  }
}
