// The API endpoint the console's pages show (the API keys tab, the reveal dialog and its .APIKEY
// file, the curl lines of /docs/api): the very rule the API's own responses follow
// (configuredApiEndpoint), so a forged Host or X-Forwarded-Host never reaches a page. When it is
// a bare path, the browser makes it absolute against its own address (useAbsoluteEndpoint).
import "server-only";
import { headers } from "next/headers";
import { configuredApiEndpoint } from "./api/endpoint";
import { trustedProxyHops } from "./auth/client-ip";

export async function apiEndpoint(): Promise<string> {
  return configuredApiEndpoint(await headers(), trustedProxyHops() > 0);
}
