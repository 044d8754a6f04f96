// How the API makes its responses. Normally with the platform's Response (which, in the
// dedicated process, @hono/node-server has replaced with its lightweight one). The console's
// front server shares its process with Next.js, which needs the platform's own classes, so it
// gives the API the lightweight class explicitly (lib/api/console-mount.ts): its node:http
// adapter writes such a response's string body straight to the socket, where a platform
// Response would first be wrapped in a web stream and read back.
let responseClass: typeof Response | null = null;

export function setResponseClass(cls: typeof Response): void {
  responseClass = cls;
}

export function newResponse(body: string | null, init: ResponseInit): Response {
  return new (responseClass ?? Response)(body, init);
}

/** A JSON response with plain headers (the node:http adapter writes those without copying). */
export function jsonResponse(text: string, status: number, headers: Record<string, string>): Response {
  return newResponse(text, { status, headers: { "Content-Type": "application/json", ...headers } });
}
