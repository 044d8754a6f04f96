// Security headers of every /api/v1 response, set by the API app itself so they hold wherever it
// is mounted (the console's server or the dedicated process): no sniffing, nothing to run or
// frame, no referrer, no powerful features, and HSTS when the request came over https.
import type { MiddlewareHandler } from "hono";
import { HSTS, PERMISSIONS_POLICY } from "../http/security-headers";

const ALWAYS: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "no-referrer"],
  ["Permissions-Policy", PERMISSIONS_POLICY],
];

/**
 * Whether the request reached us over https. Forwarded headers count only when a trusted proxy
 * set them: each mount drops them otherwise (scripts/console-server.ts, lib/api/server.ts).
 */
function overHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith("https:") || forwardedProto?.split(",")[0]?.trim() === "https";
}

export function apiSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of ALWAYS) headers.set(name, value);
    if (overHttps(c.req.url, c.req.header("x-forwarded-proto"))) headers.set("Strict-Transport-Security", HSTS);
  };
}
