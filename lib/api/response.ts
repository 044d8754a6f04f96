// How the API makes its responses. Normally with the platform's Response (which, in the
// dedicated process, @hono/node-server has replaced with its lightweight one). The console's
// front server shares its process with Next.js, which needs the platform's own classes, so it
// gives the API the lightweight class explicitly (lib/api/console-mount.ts): its node:http
// adapter writes such a response's string body straight to the socket, where a platform
// Response would first be wrapped in a web stream and read back. Every response carries the
// API's security headers from the start (lib/api/security-headers.ts).
import { API_SECURITY_HEADERS } from "./security-headers";

let responseClass: typeof Response | null = null;

export function setResponseClass(cls: typeof Response): void {
  responseClass = cls;
}

/** What a response with plain headers was made of, so headers can be added without a Headers object. */
const PARTS = Symbol("keydesk.responseParts");
type Parts = { body: string | null; status: number; headers: Readonly<Record<string, string>> };
type WithParts = Response & { [PARTS]?: Parts };

function plainResponse(body: string | null, status: number, headers: Readonly<Record<string, string>>): Response {
  const response: WithParts = new (responseClass ?? Response)(body, { status, headers });
  response[PARTS] = { body, status, headers };
  return response;
}

/**
 * `response` with `extra` headers added. A response made here with plain headers is made again
 * with them merged: setting a header on it would first turn its plain headers into a Headers
 * object (undici's validation of every name and value, ~6% of a rate-limited request's CPU)
 * and the adapter would turn that back into plain headers to write them.
 */
export function withHeaders(response: Response, extra: Readonly<Record<string, string>>): Response {
  const parts = (response as WithParts)[PARTS];
  if (!parts) {
    for (const name in extra) response.headers.set(name, extra[name]);
    return response;
  }
  return plainResponse(parts.body, parts.status, { ...parts.headers, ...extra });
}

/** A response with the security headers; `headers` a plain object (kept plain) or a Headers. */
export function newResponse(body: string | null, init: { status: number; headers?: Record<string, string> | Headers }): Response {
  if (init.headers instanceof Headers) {
    const headers = init.headers;
    for (const name in API_SECURITY_HEADERS) headers.set(name, API_SECURITY_HEADERS[name]);
    return new (responseClass ?? Response)(body, { status: init.status, headers });
  }
  return plainResponse(body, init.status, { ...API_SECURITY_HEADERS, ...init.headers });
}

/** Responses are never stored: the header of nearly every API response. */
export const NO_STORE: Readonly<Record<string, string>> = Object.freeze({ "Cache-Control": "no-store" });

// The whole header set of an uncached JSON answer (every verification), made once: the adapter
// copies a plain header object before it adds to it, and nothing else writes to it.
const JSON_NO_STORE: Readonly<Record<string, string>> = Object.freeze({
  ...API_SECURITY_HEADERS,
  "Content-Type": "application/json",
  ...NO_STORE,
});

/** A JSON response with plain headers (the node:http adapter writes those without copying). */
export function jsonResponse(text: string, status: number, headers: Readonly<Record<string, string>>): Response {
  const all = headers === NO_STORE ? JSON_NO_STORE : { ...API_SECURITY_HEADERS, "Content-Type": "application/json", ...headers };
  return plainResponse(text, status, all);
}
