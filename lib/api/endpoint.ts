// The API's base URL. Two readers, two rules:
// - The API's own responses (the OpenAPI document's servers, Location, problem `type` links)
//   take it from configuration only: KEYDESK_API_URL; behind trusted reverse proxies
//   (KEYDESK_TRUSTED_PROXIES > 0) from the X-Forwarded-Proto/-Host they set; otherwise the
//   path alone ("/api/v1"), which a client resolves against the URL it called. A request's
//   own headers never pick a host name (a client or a shared cache could otherwise plant
//   another host in the document or a Location).
// - The console's pages (curl lines, the .APIKEY file) show an absolute URL to the signed-in
//   person: KEYDESK_API_URL, else the host they reached the console on.
// Free of framework imports: the console page, the console mount and the dedicated process use it.
export const API_PATH = "/api/v1";

function configuredApiUrl(): string | null {
  const configured = process.env.KEYDESK_API_URL?.trim();
  return configured ? configured.replace(/\/+$/, "") : null;
}

function firstValue(value: string | null): string {
  return value?.split(",")[0]?.trim() ?? "";
}

function originFrom(proto: string, host: string): string {
  const clean = host.replace(/[^\w.:[\]-]/g, "");
  return clean ? `${proto === "https" ? "https" : "http"}://${clean}` : "";
}

/** The endpoint the API's responses name: configuration, or trusted proxies' headers, else the path. */
export function configuredApiEndpoint(h: Headers, trustForwarded: boolean): string {
  const configured = configuredApiUrl();
  if (configured) return configured;
  if (trustForwarded) {
    const origin = originFrom(firstValue(h.get("x-forwarded-proto")), firstValue(h.get("x-forwarded-host")) || (h.get("host") ?? ""));
    if (origin) return `${origin}${API_PATH}`;
  }
  return API_PATH;
}

/** The endpoint shown on the console's pages (always absolute). */
export function apiEndpointFrom(h: Headers, fallbackHost = "localhost:3000"): string {
  const configured = configuredApiUrl();
  if (configured) return configured;
  const host = firstValue(h.get("x-forwarded-host")) || h.get("host") || fallbackHost;
  return `${originFrom(firstValue(h.get("x-forwarded-proto")), host) || `http://${fallbackHost}`}${API_PATH}`;
}
