// The dedicated API process: the same Hono application as the console's /api/v1 mount, served
// by @hono/node-server on its own port for throughput. Shutdown is graceful: stop accepting,
// let requests in flight finish (up to a deadline), flush usage, stop the feed, close the pool.
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { resolveClientIp, trustedProxyHops } from "../auth/client-ip";
import { db } from "../db/client";
import { KEEP_ALIVE_MS } from "../http/keep-alive";
import { createApiApp } from "./app";
import { configuredApiEndpoint } from "./endpoint";
import { apiRuntime, runtimeDeps } from "./runtime";

export type ApiServer = { port: number; close(): Promise<void> };

export type ApiServerOptions = {
  port: number;
  hostname?: string;
  /** Reverse proxies in front of this process (lib/auth/client-ip.ts); KEYDESK_TRUSTED_PROXIES by default. */
  trustedProxies?: number;
  drainMs?: number;
};

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const runtime = apiRuntime();
  await runtime.ready();
  const hops = options.trustedProxies ?? trustedProxyHops();
  const clientIp = (c: Context): string | null => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {}
    return resolveClientIp(c.req.raw.headers.get("x-forwarded-for"), peer, hops);
  };
  const app = createApiApp({
    ...runtimeDeps(runtime),
    clientIp,
    // Behind no trusted proxy, Host and X-Forwarded-* are whatever a client typed: ignored.
    endpoint: (c) => configuredApiEndpoint(c.req.raw.headers, hops > 0),
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? "0.0.0.0" }, () =>
      resolve(s as Server),
    ) as Server;
    s.once("error", reject);
  });
  // Slow or idle clients must not hold connections (and shutdown) forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  let closing: Promise<void> | null = null;
  return {
    port,
    close() {
      closing ??= (async () => {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.drainMs ?? 10_000).unref());
        await Promise.race([drained, deadline]);
        server.closeAllConnections();
        await runtime.stop();
        await db.$disconnect();
      })();
      return closing;
    },
  };
}
