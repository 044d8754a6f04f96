// How the console's front server (scripts/console-server.ts) serves /api/v1 without Next.js:
// the console's instrumentation hook publishes the API application as a node:http request
// listener on globalThis (lib/api/console-mount.ts), and the front server hands every /api/v1
// request to it before Next.js sees the request. The listener lives in the Next.js build, so
// the API shares the process's one runtime (lib/api/runtime.ts) and key change bus with the
// console's server actions. Free of framework imports: the front server loads it directly.
import type { IncomingMessage, ServerResponse } from "node:http";

export type ApiRequestListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const registry = globalThis as unknown as { keydeskApiListener?: ApiRequestListener };

export function publishApiListener(listener: ApiRequestListener): void {
  registry.keydeskApiListener = listener;
}

/** The API as published by this process's console build, or undefined (development, not loaded). */
export function publishedApiListener(): ApiRequestListener | undefined {
  return registry.keydeskApiListener;
}

/** Whether a request target (path and query, as sent) is under /api/v1. */
export function isApiTarget(url: string | undefined): boolean {
  if (!url?.startsWith("/api/v1")) return false;
  const next = url.charCodeAt(7);
  // "/api/v1", "/api/v1/…", "/api/v1?…"; not "/api/v10".
  return Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */;
}
