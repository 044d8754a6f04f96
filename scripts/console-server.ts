// The console's HTTP server: Next.js behind a thin node:http layer that decides which address a
// request came from (lib/auth/client-ip.ts) before the application sees it. `next start` would
// pass a client-sent X-Forwarded-For through untouched. Also drains requests on SIGTERM/SIGINT
// before the process exits (the API's usage counters are flushed on exit, instrumentation.ts).
// In production it serves /api/v1 itself, before Next.js sees the request: the API application
// the console build publishes (lib/api/front-door.ts), with the console's global response
// headers from next.config.mjs. Next.js's own /api/v1 route serves it in development.
//   node --import tsx scripts/console-server.ts [--dev]     (PORT, KEYDESK_CONSOLE_HOST)
// Runs without the react-server condition: Next.js renders React itself.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import type { NextConfig } from "next";
import next from "next";
import { isApiTarget, publishedApiListener } from "../lib/api/front-door";
import { resolveClientIp, trustedProxyHops } from "../lib/auth/client-ip";
import { ACTION_BODY_LIMIT, checkActionBody } from "../lib/http/action-body";
import { type ActionIds, checkFormActions, readActionIds, readRouteHandlerPaths } from "../lib/http/action-ids";
import { KEEP_ALIVE_MS } from "../lib/http/keep-alive";
import { refuseHostileRequest } from "../lib/http/request-guard";
import { logRefusedInput } from "../lib/log";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.KEYDESK_CONSOLE_HOST || undefined;
const hops = trustedProxyHops();
const DRAIN_MS = 10_000;

async function main() {
  const app = next({ dev, dir: process.cwd(), port, hostname: host ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const config = dev ? null : ((await import(new URL("../next.config.mjs", import.meta.url).href)) as { default: NextConfig }).default;
  const apiHeaders = config ? await globalResponseHeaders(config) : [];
  // The build's server-action ids, read once: a post naming another id is answered here. In
  // development actions are compiled on demand, so Next.js decides.
  const actionIds = config ? buildActionIds(config) : null;
  const isRouteHandler = config ? readRouteHandlerPaths(distDir(config)) : () => false;

  const server = createServer((req, res) => {
    const ip = resolveClientIp(req.headers["x-forwarded-for"], req.socket.remoteAddress, hops);
    if (ip) req.headers["x-forwarded-for"] = ip;
    else delete req.headers["x-forwarded-for"];
    delete req.headers["x-real-ip"];
    if (hops === 0) {
      // Without a trusted proxy the request's own Host and the socket decide, not headers.
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-port"];
    }
    if (refused(req, res, actionIds)) return;
    // Published by the build's instrumentation hook, which Next.js runs when it prepares its
    // server for the first request it handles; until then Next.js's own /api/v1 route answers.
    const api = dev ? undefined : publishedApiListener();
    if (api && isApiTarget(req.url)) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      void api(req, res);
      return;
    }
    if (req.method === "POST" && req.headers["next-action"] !== undefined) {
      void checkedBody(req, res, (body) => checkActionBody(req.headers["content-type"], body)).then(
        (checked) => checked && handle(checked, res),
      );
      return;
    }
    if (actionIds && req.method === "POST" && isPageFormPost(req, isRouteHandler)) {
      void checkedBody(req, res, (body) => checkFormPost(req.headers["content-type"], body, actionIds)).then(
        (checked) => checked && handle(checked, res),
      );
      return;
    }
    void handle(req, res);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  console.log(`Keydesk console listening on http://${host ?? "localhost"}:${port}${dev ? " (development)" : ""}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
    server.closeAllConnections();
    await app.close().catch(() => {});
    process.exit(0); // deferred by the API's shutdown hooks until its usage counters are written
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// ---- Hostile-input refusals (lib/http/request-guard.ts) ------------------------------------
// Methods nothing serves, and server-action posts with a foreign or malformed Origin or an id
// the build has no action for, answered here with a 4xx and one short log line; Next.js would
// throw and log a stack trace (or a warning with one) for each of them.
function refused(req: IncomingMessage, res: ServerResponse, actionIds: ActionIds | null): boolean {
  const refusal = refuseHostileRequest(req, actionIds);
  if (!refusal) return false;
  logRefusedInput("console", refusal.log);
  res.writeHead(refusal.status, refusal.headers);
  res.end(req.method === "HEAD" ? undefined : refusal.body);
  return true;
}

// Server-action bodies React's decoder cannot read (lib/http/action-body.ts), and forms posted
// without JavaScript that name no action of the build (lib/http/action-ids.ts): read here (at
// most the action size limit), checked, and handed to Next.js in the same request, carrying the
// same bytes; refused with a 4xx (413 when too big) and one short log line otherwise.
type BodyVerdict = { ok: true } | { ok: false; status: number; log: string };

/** A multipart post to a page (not /api, not a route handler): Next.js takes it for a server action. */
function isPageFormPost(req: IncomingMessage, isRouteHandler: (path: string) => boolean): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "multipart/form-data") return false;
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  return !(pathname === "/api" || pathname.startsWith("/api/")) && !isRouteHandler(pathname);
}

async function checkFormPost(contentType: string | undefined, body: Buffer, ids: ActionIds): Promise<BodyVerdict> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
  } catch {
    return { ok: false, status: 400, log: "form post with an unreadable multipart body" };
  }
  return checkFormActions(form, ids);
}

async function checkedBody(
  req: IncomingMessage,
  res: ServerResponse,
  check: (body: Buffer) => Promise<BodyVerdict>,
): Promise<IncomingMessage | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > ACTION_BODY_LIMIT) break;
      chunks.push(chunk);
    }
  } catch {
    return null; // the client went away
  }
  const body = Buffer.concat(chunks);
  const verdict =
    size > ACTION_BODY_LIMIT ? ({ ok: false, status: 413, log: "server action body over the size limit" } as const) : await check(body);
  if (!verdict.ok) {
    logRefusedInput("console", verdict.log);
    const title = verdict.status === 413 ? "Payload too large" : verdict.status === 409 ? "Server action not found" : "Bad request";
    res.writeHead(verdict.status, {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      Connection: "close",
      // As Next.js answers an unknown action (lib/http/request-guard.ts).
      ...(verdict.status === 409 ? { "x-nextjs-action-not-found": "1" } : {}),
    });
    res.end(JSON.stringify({ type: "about:blank", title, status: verdict.status }));
    return null;
  }
  // The bytes go back into the request as Next.js itself puts back a body it has read (its
  // replaceRequestBody): a plain Readable's state and methods, bound to the request.
  const replay = new Readable({ read() {} });
  replay.push(body);
  replay.push(null);
  const target = req as unknown as Record<string, unknown>;
  for (const key in replay) {
    const value = (replay as unknown as Record<string, unknown>)[key];
    target[key] = typeof value === "function" ? value.bind(req) : value;
  }
  return req;
}
// ---------------------------------------------------------------------------------------------

const distDir = (config: NextConfig) => path.resolve(process.cwd(), config.distDir ?? ".next");

/** The server-action ids of the production build Next.js serves (lib/http/action-ids.ts). */
function buildActionIds(config: NextConfig): ActionIds | null {
  const read = readActionIds(distDir(config));
  if ("ids" in read) return read.ids;
  // Not fatal: Next.js then answers unknown ids itself, as it would without this server.
  console.warn(`[keydesk] server-action ids unknown, unknown ids are left to Next.js: ${read.error}`);
  return null;
}

/** The headers next.config.mjs sends on every path ("/:path*"): the API's responses carry them too. */
async function globalResponseHeaders(config: NextConfig): Promise<[string, string][]> {
  const rules = (await config.headers?.()) ?? [];
  return rules
    .filter((rule) => rule.source === "/:path*" && !rule.has)
    .flatMap((rule) => rule.headers.map((h) => [h.key, h.value] as [string, string]));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
