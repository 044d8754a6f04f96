// Who is calling, as far as audit rows care: client IP and user agent of the current request.
import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "../audit/write-audit";
import { clientIpFrom } from "./client-ip";

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIpFrom(h), userAgent: h.get("user-agent") };
}

/**
 * Whether this request reached Keydesk over https (directly, or through a trusted proxy: the
 * console's server drops forwarded headers it does not trust, and Next.js fills in the rest).
 */
export function isHttpsRequest(h: Headers): boolean {
  return h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
