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

/** A response with the security headers; `headers` a plain object (kept plain) or a Headers. */
export function newResponse(body: string | null, init: { status: number; headers?: Record<string, string> | Headers }): Response {
  let headers: Record<string, string> | Headers;
  if (init.headers instanceof Headers) {
    headers = init.headers;
    for (const name in API_SECURITY_HEADERS) headers.set(name, API_SECURITY_HEADERS[name]);
  } else {
    headers = { ...API_SECURITY_HEADERS, ...init.headers };
  }
  return new (responseClass ?? Response)(body, { status: init.status, headers });
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
  return new (responseClass ?? Response)(text, { status, headers: all });
}
