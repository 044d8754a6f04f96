// Who is calling, as far as audit rows care: client IP and user agent of the current request.
import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "../audit/write-audit";
import { clientIpFrom } from "./client-ip";

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIpFrom(h), userAgent: h.get("user-agent") };
}
