// The API's base URL as clients should see it: KEYDESK_API_URL when set (a dedicated API host),
// otherwise derived from the request (proxy headers first). Free of framework imports: the
// console page, the console mount and the dedicated process all use it.
const API_PATH = "/api/v1";

function configuredApiUrl(): string | null {
  const configured = process.env.KEYDESK_API_URL?.trim();
  return configured ? configured.replace(/\/+$/, "") : null;
}

export function apiEndpointFrom(h: Headers, fallbackHost = "localhost:3000"): string {
  const configured = configuredApiUrl();
  if (configured) return configured;
  const host = (h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || fallbackHost).replace(/[^\w.:[\]-]/g, "");
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host || fallbackHost}${API_PATH}`;
}
