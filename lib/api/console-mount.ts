// /api/v1 inside the console: the same application as the dedicated process, created on the
// first request (never while `next build` loads route modules) and sharing this process's
// runtime, so the console's own commits reach its cache at once.
import { clientIpFrom } from "../auth/client-ip";
import { type ApiApp, createApiApp } from "./app";
import { apiEndpointFrom } from "./endpoint";
import { apiRuntime, runtimeDeps } from "./runtime";

let app: ApiApp | null = null;

function consoleApiApp(): ApiApp {
  app ??= createApiApp({
    ...runtimeDeps(apiRuntime()),
    // Next.js passes the client's address on in X-Forwarded-For.
    clientIp: (c) => clientIpFrom(c.req.raw.headers),
    endpoint: (c) => apiEndpointFrom(c.req.raw.headers),
  });
  return app;
}

export function handleApiRequest(request: Request): Promise<Response> | Response {
  return consoleApiApp().fetch(request);
}
