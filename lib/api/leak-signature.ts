// Checking that a leak report comes from GitHub's secret scanning: GitHub signs the raw body
// with ECDSA P-256 / SHA-256 and names the key in `Github-Public-Key-Identifier`, the DER
// signature (base64) in `Github-Public-Key-Signature`. Its public keys are published at
// https://api.github.com/meta/public_keys/secret_scanning as
// `{ "public_keys": [{ "key_identifier", "key" (PEM), "is_current" }] }`.
//
// Where Keydesk reads those keys is configured (KEYDESK_LEAK_REPORT_KEYS): an https URL (that
// endpoint, fetched at most once a minute and kept for an hour), or a file in the same shape for
// machines that cannot reach GitHub. Without it reports are taken unsigned (see docs/api.md#leak-reports).
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { readFile } from "node:fs/promises";
import { logError } from "../log";

export type LeakKeySource = {
  /** Where the keys come from, for messages. */
  readonly describe: string;
  /** The public key with this identifier, or null when the source does not have it. */
  key(identifier: string): Promise<KeyObject | null>;
};

const KEEP_MS = 60 * 60_000;
const REFETCH_MIN_MS = 60_000;

/** The keys of a `/meta/public_keys/secret_scanning` document; entries that do not parse are skipped. */
function parsePublicKeys(document: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (document as { public_keys?: unknown } | null)?.public_keys;
  if (!Array.isArray(list)) throw new Error("expected { public_keys: [...] }");
  for (const entry of list) {
    const { key_identifier: id, key } = (entry ?? {}) as { key_identifier?: unknown; key?: unknown };
    if (typeof id !== "string" || typeof key !== "string") continue;
    try {
      keys.set(id, createPublicKey(key));
    } catch {}
  }
  return keys;
}

/** The configured source, or null when reports are taken unsigned. */
export function leakKeySource(setting: string | null | undefined): LeakKeySource | null {
  const where = setting?.trim();
  if (!where) return null;
  const load = /^https:\/\//i.test(where) ? () => fetchDocument(where) : async () => JSON.parse(await readFile(where, "utf8")) as unknown;
  let keys: Map<string, KeyObject> | null = null;
  let loadedAt = 0;
  let triedAt = 0;
  let loading: Promise<void> | null = null;
  const refresh = () => {
    loading ??= (async () => {
      triedAt = Date.now();
      try {
        keys = parsePublicKeys(await load());
        loadedAt = Date.now();
      } catch (error) {
        logError(`leak report keys (${where})`, error);
      } finally {
        loading = null;
      }
    })();
    return loading;
  };
  return {
    describe: where,
    async key(identifier) {
      const stale = !keys || Date.now() - loadedAt > KEEP_MS;
      // An unknown identifier may be a key GitHub has just added: look again, at most once a minute.
      const unknown = keys !== null && !keys.has(identifier);
      if ((stale || unknown) && Date.now() - triedAt >= (keys ? REFETCH_MIN_MS : 0)) await refresh();
      return keys?.get(identifier) ?? null;
    },
  };
}

async function fetchDocument(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Whether `signature` (base64 DER) over the raw `body` verifies with the named key. */
export async function leakSignatureValid(
  source: LeakKeySource,
  body: string,
  identifier: string | undefined,
  signature: string | undefined,
): Promise<boolean> {
  if (!identifier || !signature || identifier.length > 200 || signature.length > 400) return false;
  const key = await source.key(identifier);
  if (!key) return false;
  try {
    return verify("sha256", Buffer.from(body, "utf8"), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
