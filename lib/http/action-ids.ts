// The server-action ids the console's production build knows, for the console's front server
// (scripts/console-server.ts), which answers a post naming any other id itself (409, as Next.js
// does, with one short log line) instead of handing it to Next.js, which logs a warning with a
// stack trace for every such request. Read once at start from the manifest Next.js itself looks
// actions up in (<distDir>/server/server-reference-manifest.json, written by `next build`); the
// manifest also holds the key actions are encrypted with, which is never kept or logged here.
// Also checks the action ids of a form posted without JavaScript (multipart, `$ACTION_ID_<id>`
// or `$ACTION_REF_<n>` fields), mirroring Next.js's own check (action-handler.js,
// areAllActionIdsValid). Free of framework imports, so it is unit-tested.
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

/**
 * Whether a form posted without JavaScript names only actions the build has, as Next.js checks
 * before it runs one: at least one `$ACTION_ID_<id>` or `$ACTION_REF_<n>` field, at most two of
 * the latter, each with exactly one `$ACTION_<n>:0` descriptor `{"id":"<id>",...}`.
 */
export function formActionsKnown(form: FormData, ids: ActionIds): boolean {
  let refs = 0;
  let any = false;
  for (const key of form.keys()) {
    if (!key.startsWith(ACTION_PREFIX)) continue;
    if (key.startsWith(ACTION_ID_PREFIX)) {
      if (!ids.has(key.slice(ACTION_ID_PREFIX.length))) return false;
      any = true;
    } else if (key.startsWith(ACTION_REF_PREFIX)) {
      if (++refs > 2) return false;
      const descriptors = form.getAll(`${ACTION_PREFIX}${key.slice(ACTION_REF_PREFIX.length)}:0`);
      const descriptor = descriptors[0];
      if (descriptors.length !== 1 || typeof descriptor !== "string" || !descriptor.startsWith(DESCRIPTOR_PREFIX)) return false;
      const end = descriptor.indexOf('"', DESCRIPTOR_PREFIX.length);
      if (end === -1 || !ids.has(descriptor.slice(DESCRIPTOR_PREFIX.length, end))) return false;
      any = true;
    }
  }
  return any;
}
