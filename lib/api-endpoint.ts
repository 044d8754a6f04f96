// The base URL clients point at: KEYDESK_API_URL when set (a dedicated API host), otherwise
// this console's own /api/v1.
import "server-only";
import { headers } from "next/headers";
import { apiEndpointFrom } from "./api/endpoint";

export async function apiEndpoint(): Promise<string> {
  return apiEndpointFrom(await headers());
}
