// Reading a request body within the 16 KiB limit. A declared Content-Length is judged from the
// header alone, before anything is read; a body without one (chunked, or a Request built
// in-process) is read up to the limit and no further.
import type { Context } from "hono";

/** The body as text, or null when it is larger than `maxBytes`. */
export async function readBodyText(c: Context, maxBytes: number): Promise<string | null> {
  const length = c.req.header("content-length");
  if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
    if (!/^\d+$/.test(length) || Number(length) > maxBytes) return null;
    return c.req.text();
  }
  const reader = c.req.raw.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
