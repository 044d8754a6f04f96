// The 16 KiB limit on request bodies. A declared Content-Length is judged from the header alone;
// a body without one (chunked, or a Request built in-process) is read up to the limit and no further, then handed on as a
// buffered copy. The copy is a platform Request built from the URL, never from the incoming
// request object: behind the console's front server that object is @hono/node-server's
// lightweight stand-in, which the platform's Request constructor does not accept.
import type { Context, MiddlewareHandler } from "hono";

export function limitBody(maxBytes: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return /^\d+$/.test(length) && Number(length) <= maxBytes ? next() : tooLarge(c);
    }
    const reader = c.req.raw.body?.getReader();
    if (!reader) return next();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge(c);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(total));
    c.req.raw = new Request(c.req.url, { method, headers, body });
    return next();
  };
}
