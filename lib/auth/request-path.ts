// The console path a request asked for, as the proxy (proxy.ts) records it for pages.
export const REQUEST_PATH_HEADER = "x-keydesk-path";

/** A same-site path to return to after signing in, or null. */
export function sameSitePath(value: string | null | undefined): string | null {
  if (!value || value.length > 2048 || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}
