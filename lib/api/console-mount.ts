// /api/v1 inside the console: the same application as the dedicated process, created on the
// first request (never while `next build` loads route modules) and sharing this process's
// runtime, so the console's own commits reach its cache at once. The console's front server
// serves it directly (lib/api/front-door.ts, published by instrumentation.ts); the Next.js
// route (app/api/v1/[[...path]]/route.ts) serves it when the front server does not (`npm run
// dev`, or `next start` run by hand).
import { getRequestListener } from "@hono/node-server";
import { clientIpFrom, trustedProxyHops } from "../auth/client-ip";
import { type ApiApp, createApiApp } from "./app";
import { configuredApiEndpoint } from "./endpoint";
import { type ApiRequestListener, publishApiListener } from "./front-door";
import { setResponseClass } from "./response";
import { apiRuntime, runtimeDeps } from "./runtime";

let app: ApiApp | null = null;

function createConsoleApiApp(): ApiApp {
  // The console's server drops X-Forwarded-* unless proxies are trusted; Host is never used.
  const trustForwarded = trustedProxyHops() > 0;
  return createApiApp({
    ...runtimeDeps(apiRuntime()),
    // The console's server passes the client's address on in X-Forwarded-For.
    clientIp: (c) => clientIpFrom(c.req.raw.headers),
    endpoint: (c) => configuredApiEndpoint(c.req.raw.headers, trustForwarded),
  });
}

function consoleApiApp(): ApiApp {
  app ??= createConsoleApiApp();
  return app;
}

export function handleApiRequest(request: Request): Promise<Response> | Response {
  return consoleApiApp().fetch(request);
}

/**
 * The node:http listener of the console's API and @hono/node-server's lightweight Response.
 * The adapter hands that class out only by installing it (with its Request) as the global one;
 * Next.js shares this process and needs the platform's own, so they are put back at once.
 */
function nodeListener(): { listener: ApiRequestListener; LightResponse: typeof Response } {
  const platform = { Request: globalThis.Request, Response: globalThis.Response };
  const listener = getRequestListener((request) => handleApiRequest(request), { overrideGlobalObjects: true });
  const LightResponse = globalThis.Response;
  Object.defineProperty(globalThis, "Request", { value: platform.Request });
  Object.defineProperty(globalThis, "Response", { value: platform.Response });
  return { listener, LightResponse };
}

/** Publishes the API for the console's front server (called once by the instrumentation hook). */
export function publishConsoleApi(): void {
  const { listener, LightResponse } = nodeListener();
  setResponseClass(LightResponse);
  publishApiListener(listener);
}
