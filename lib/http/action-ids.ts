// The server-action ids the console's production build knows, for the console's front server
// (scripts/console-server.ts), which answers a post naming any other id itself (409, as Next.js
// does, with one short log line) instead of handing it to Next.js, which logs a warning with a
// stack trace for every such request. Read once at start from the manifest Next.js itself looks
// actions up in (<distDir>/server/server-reference-manifest.json, written by `next build`); the
// manifest also holds the key actions are encrypted with, which is never kept or logged here.
// Also checks the action ids of a form posted without JavaScript (a multipart post to a page,
// `$ACTION_ID_<id>` or `$ACTION_REF_<n>` fields), mirroring Next.js's own check (action-handler.js,
// areAllActionIdsValid), which logs a stack trace for each refusal too; route handlers outside
// /api take their own posts. Free of framework imports, so it is unit-tested.
import { readFileSync } from "node:fs";
import path from "node:path";

/** Next.js 16 server-action ids: 42 hex digits. */
export const ACTION_ID = /^[0-9a-f]{42}$/i;

export type ActionIds = ReadonlySet<string>;

/**
 * The ids in the build's manifest, or an error message when it cannot be read (then the front
 * server lets Next.js decide, as before).
 */
export function readActionIds(distDir: string): { ids: ActionIds } | { error: string } {
  const file = path.join(distDir, "server", "server-reference-manifest.json");
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { error: `cannot read ${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  }
  const ids = new Set<string>();
  for (const runtime of ["node", "edge"] as const) {
    const actions = (manifest as Record<string, unknown> | null)?.[runtime];
    if (actions === undefined) continue;
    if (!actions || typeof actions !== "object" || Array.isArray(actions)) return { error: `${file}: "${runtime}" is not an object` };
    for (const id of Object.keys(actions)) {
      if (!ACTION_ID.test(id)) return { error: `${file}: an action id of an unexpected shape` };
      ids.add(id);
    }
  }
  return { ids };
}

const ACTION_PREFIX = "$ACTION_";
const ACTION_ID_PREFIX = "$ACTION_ID_";
const ACTION_REF_PREFIX = "$ACTION_REF_";
const DESCRIPTOR_PREFIX = '{"id":"';

export type FormActionsVerdict = { ok: true } | { ok: false; status: 400 | 409; log: string };

/**
 * Whether a form posted without JavaScript names only actions the build has, as Next.js checks
 * before it runs one: at least one `$ACTION_ID_<id>` or `$ACTION_REF_<n>` field, at most two of
 * the latter, each with exactly one `$ACTION_<n>:0` descriptor `{"id":"<id>",...}`. A well-formed
 * id the build does not have is a 409, as Next.js answers it; anything else wrong a 400.
 */
export function checkFormActions(form: FormData, ids: ActionIds): FormActionsVerdict {
  const unknownOr = (id: string): FormActionsVerdict =>
    ACTION_ID.test(id)
      ? { ok: false, status: 409, log: "form post naming an unknown server action" }
      : { ok: false, status: 400, log: "form post with a malformed server action id" };
  let refs = 0;
  let any = false;
  for (const key of form.keys()) {
    if (!key.startsWith(ACTION_PREFIX)) continue;
    if (key.startsWith(ACTION_ID_PREFIX)) {
      const id = key.slice(ACTION_ID_PREFIX.length);
      if (!ids.has(id)) return unknownOr(id);
      any = true;
    } else if (key.startsWith(ACTION_REF_PREFIX)) {
      if (++refs > 2) return { ok: false, status: 400, log: "form post with too many server action references" };
      const descriptors = form.getAll(`${ACTION_PREFIX}${key.slice(ACTION_REF_PREFIX.length)}:0`);
      const descriptor = descriptors[0];
      const end = typeof descriptor === "string" ? descriptor.indexOf('"', DESCRIPTOR_PREFIX.length) : -1;
      if (descriptors.length !== 1 || typeof descriptor !== "string" || !descriptor.startsWith(DESCRIPTOR_PREFIX) || end === -1) {
        return { ok: false, status: 400, log: "form post with a malformed server action reference" };
      }
      const id = descriptor.slice(DESCRIPTOR_PREFIX.length, end);
      if (!ids.has(id)) return unknownOr(id);
      any = true;
    }
  }
  return any ? { ok: true } : { ok: false, status: 400, log: "form post to a page without a server action" };
}

/**
 * The paths of the build's route handlers outside /api (<distDir>/app-path-routes-manifest.json),
 * as a test: a form post there is the handler's business, not a server action. Dynamic segments
 * ([x], [...x], [[...x]]) match as Next.js matches them. Unreadable: no path is a handler.
 */
export function readRouteHandlerPaths(distDir: string): (path: string) => boolean {
  let manifest: Record<string, string>;
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  } catch {
    return () => false;
  }
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns = Object.entries(manifest)
    .filter(([entry, route]) => entry.endsWith("/route") && typeof route === "string" && !/^\/api(\/|$)/.test(route))
    .map(([, route]) => {
      const source = route
        .split("/")
        .map((segment) =>
          /^\[\[\.\.\.[^\]]+\]\]$/.test(segment)
            ? "(?:/.*)?"
            : /^\[\.\.\.[^\]]+\]$/.test(segment)
              ? "/.+"
              : /^\[[^\]]+\]$/.test(segment)
                ? "/[^/]+"
                : segment
                  ? `/${escapeRegExp(segment)}`
                  : "",
        )
        .join("");
      return new RegExp(`^${source || "/"}/?$`);
    });
  return (p) => patterns.some((pattern) => pattern.test(p));
}
