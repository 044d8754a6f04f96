// Refusals the console's server (scripts/console-server.ts) answers before Next.js sees a
// request, for input Next.js would otherwise answer with a 500 and a stack trace in the log:
// methods nothing here serves, and server-action posts with a foreign, missing or malformed
// Origin, an action id of the wrong shape, or an id the build has no action for (when the caller
// passes the build's ids, lib/http/action-ids.ts). Free of framework imports, so it is unit-tested.
import { ACTION_ID, type ActionIds } from "./action-ids";

export type GuardRequest = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
export type Refusal = { status: number; headers: Record<string, string>; body: string; log: string };

/** Methods each kind of path can serve; anything else is a 405 with the list in Allow. */
const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const PAGE_METHODS = ["GET", "HEAD", "POST"];

function header(req: GuardRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refusal(status: number, title: string, log: string, headers: Record<string, string> = {}): Refusal {
  return {
    status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
    body: JSON.stringify({ type: "about:blank", title, status }),
    log,
  };
}

/**
 * What Next.js answers a well-formed id it has no action for (409, and the header its client
 * router reads to report a page from an older or newer deployment); it also logs a warning with
 * a stack trace for each, which is what the front server spares the log.
 */
const UNKNOWN_ACTION_HEADERS = { "x-nextjs-action-not-found": "1" };

/**
 * The refusal for this request, or null to hand it to the application. `actionIds`: the build's
 * server-action ids; without them only an id's shape is checked.
 */
export function refuseHostileRequest(req: GuardRequest, actionIds?: ActionIds | null): Refusal | null {
  const method = (req.method ?? "GET").toUpperCase();
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const allowed = path === "/api" || path.startsWith("/api/") ? API_METHODS : PAGE_METHODS;
  if (!allowed.includes(method)) {
    return refusal(405, "Method not allowed", `method ${method.slice(0, 16)} ${path.slice(0, 80)}`, { Allow: allowed.join(", ") });
  }
  const actionId = header(req, "next-action");
  if (method === "POST" && actionId !== undefined) {
    if (!ACTION_ID.test(actionId)) return refusal(400, "Bad request", "server action with a malformed id");
    const origin = header(req, "origin");
    const host = header(req, "x-forwarded-host") ?? header(req, "host");
    if (!origin || !host) return refusal(403, "Forbidden", "server action without Origin or Host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return refusal(400, "Bad request", "server action with a malformed Origin");
    }
    if (originHost.toLowerCase() !== host.split(",")[0]?.trim().toLowerCase()) {
      return refusal(403, "Forbidden", "server action from a foreign Origin");
    }
    if (actionIds && !actionIds.has(actionId)) {
      return refusal(409, "Server action not found", "server action with an unknown id", UNKNOWN_ACTION_HEADERS);
    }
  }
  return null;
}
