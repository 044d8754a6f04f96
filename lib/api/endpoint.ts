// The API's base URL, from configuration only: KEYDESK_API_URL; behind trusted reverse proxies
// (KEYDESK_TRUSTED_PROXIES > 0) from the X-Forwarded-Proto/-Host they set; otherwise the path
// alone ("/api/v1"), which a client resolves against the URL it called. A request's own headers
// never pick a host name (a client or a shared cache could otherwise plant another host in the
// OpenAPI document, a Location, a curl line or a downloaded .APIKEY file). One rule for every
// reader: the dedicated process, the console's /api/v1 mount and the console's pages, which
// resolve a bare path against the page's own address in the browser (absoluteEndpoint).
// Free of framework imports: server code and client components both use it.
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

/**
 * The endpoint as a person copies it: absolute. A configured URL stays as it is; a bare path is
 * resolved against `pageUrl`, the address the browser itself shows (never a request header).
 */
export function absoluteEndpoint(endpoint: string, pageUrl: string): string {
  if (/^https?:\/\//i.test(endpoint)) return endpoint;
  try {
    return new URL(endpoint, pageUrl).href.replace(/\/+$/, "");
  } catch {
    return endpoint;
  }
}

/** `text` with every shell-quoted URL that starts with `endpoint` made `absolute` (curl lines). */
export function withAbsoluteEndpoint(text: string, endpoint: string, absolute: string): string {
  return endpoint === absolute ? text : text.split(`'${endpoint}`).join(`'${absolute}`);
}
