// Who is calling, as far as audit rows care: client IP and user agent of the current request.
import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "../audit/write-audit";

export function clientIpFrom(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || h.get("x-real-ip")?.trim() || null;
  if (!ip || ip.length > 64 || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIpFrom(h), userAgent: h.get("user-agent") };
}
