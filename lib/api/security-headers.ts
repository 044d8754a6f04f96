// Security headers of every /api/v1 response, set by the API app itself so they hold wherever it
// is mounted (the console's server or the dedicated process): no sniffing, nothing to run or
// frame, no referrer, no powerful features, and HSTS when the request came over https.
// They are part of every response as it is made (lib/api/response.ts), as plain header
// members, instead of being set afterwards by a middleware: setting headers on a finished
// response makes the node:http adapter build a Headers object and convert it back, and a
// middleware puts every request through Hono's compose chain (together ~5% of a cached
// verification's CPU). Only HSTS depends on the request; it is added afterwards, rarely.
import type { Context } from "hono";
import { HSTS, PERMISSIONS_POLICY } from "../http/security-headers";

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": PERMISSIONS_POLICY,
});

/**
 * Whether the request reached us over https. Forwarded headers count only when a trusted proxy
 * set them: each mount drops them otherwise (scripts/console-server.ts, lib/api/server.ts).
 */
export function servedOverHttps(c: Context): boolean {
  return c.req.url.startsWith("https:") || c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function addHsts(res: Response): Response {
  res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

/** `res`, with HSTS when the request came over https. */
export function withTransportSecurity(c: Context, res: Response): Response {
  return servedOverHttps(c) ? addHsts(res) : res;
}
