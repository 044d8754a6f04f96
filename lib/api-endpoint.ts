// The base URL clients point at: KEYDESK_API_URL when set (a dedicated API host), otherwise
// this console's own /api/v1.
import "server-only";
import { headers } from "next/headers";

export async function apiEndpoint(): Promise<string> {
  const configured = process.env.KEYDESK_API_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto === "https" ? "https" : "http"}://${host}/api/v1`;
}
