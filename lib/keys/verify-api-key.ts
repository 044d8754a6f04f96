// Whether a presented key authenticates, and if not, why. A key authenticates only when its
// token parses (checked before any lookup), the key exists, the secret matches (constant time),
// it is neither revoked, expired nor deactivated, and its owner exists, is not disabled, has API access on
// and currently holds "Use API keys". Whether it may call a given endpoint is a separate check
// of its API sets (`keyHasApiSet`), and so is whether the request's address is on the key's IP
// allowlist (`keyAllowsIp`).
//
// The rules are pure functions over a `KeyAuthRecord`, so the API's cache of records
// (lib/api/key-verifier.ts) and any direct caller decide the same way. The record is built
// from one indexed lookup (lib/db/api-store.ts, the API's hot-path store).

import { authoritiesOf } from "../auth/authorities";
import type { KeyLookupRow } from "../db/api-store";
import { type ApiSetCode, parseApiSets } from "./api-sets";
import { type CompiledAllowlist, compileAllowlist, ipAllowed } from "./ip-allowlist";
import { type KeyRateLimit, rateLimitFromColumns } from "./rate-limit";

export type KeyOwner = {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  apiAccess: boolean;
  /** Holds "Use API keys" through one of its roles right now. */
  canUseKeys: boolean;
};

export type KeyAuthRecord = {
  keyId: string;
  clientId: string;
  name: string;
  /** HMAC-SHA256 of the secret, hex (as stored: a string costs a cached record less than a Buffer). */
  secretHash: string;
  apiSets: readonly ApiSetCode[];
  expiresAt: number;
  revokedAt: number | null;
  owner: KeyOwner;
  /** Key controls: deactivated (refused with key_inactive); its allowlist, null for any address. */
  inactive: boolean;
  ipAllowlist: CompiledAllowlist | null;
  /** The key's own rate limit; null (most keys): nothing to count. */
  rateLimit: KeyRateLimit | null;
};

/** Why a key was refused. Stable: they are the API's error codes. */
export type KeyRefusal =
  | "invalid_key"
  | "key_revoked"
  | "key_expired"
  | "key_inactive"
  | "user_disabled"
  | "api_access_disabled"
  | "forbidden";

export type KeyCheck =
  | { ok: true; record: KeyAuthRecord }
  /** `record` is set when the presented secret was right (the caller holds the real key). */
  | { ok: false; code: KeyRefusal; record: KeyAuthRecord | null; keyId: string | null };

export const REFUSAL_MESSAGE: Record<KeyRefusal, string> = {
  invalid_key: "The API key is not valid. Check that you sent the whole secret key.",
  key_revoked: "This API key was revoked. Issue a new key in the console.",
  key_expired: "This API key has expired. Issue or regenerate a key in the console.",
  key_inactive: "This API key is deactivated. Its owner can activate it again in the console.",
  user_disabled: "The account that owns this API key is disabled.",
  api_access_disabled: "API access is off for the account that owns this key. Turn it on in the console.",
  forbidden: "The owner of this API key may no longer use API keys; ask an administrator.",
};

/** Applies the rules to a looked-up record whose presented secret has been checked (`secretMatches`). */
export function judgeKey(record: KeyAuthRecord, secretMatches: boolean, now: number): KeyCheck {
  if (!secretMatches) return { ok: false, code: "invalid_key", record: null, keyId: record.keyId };
  const code = refusalOf(record, now);
  return code ? { ok: false, code, record, keyId: record.keyId } : { ok: true, record };
}

function refusalOf(record: KeyAuthRecord, now: number): KeyRefusal | null {
  if (record.revokedAt !== null) return "key_revoked";
  // Written so that an unreadable expiry (NaN) counts as expired, never as eternal.
  if (!(record.expiresAt > now)) return "key_expired";
  if (record.inactive) return "key_inactive";
  if (record.owner.disabled) return "user_disabled";
  if (!record.owner.apiAccess) return "api_access_disabled";
  if (!record.owner.canUseKeys) return "forbidden";
  return null;
}

/** The message of an ip_not_allowed refusal (lib/api/error-codes.ts). */
export const IP_NOT_ALLOWED_MESSAGE = "This API key may not be used from your address; its IP allowlist does not include it.";

/** Whether the key may be used from `ip` (its IP allowlist; a key without one: from anywhere). */
export function keyAllowsIp(record: KeyAuthRecord, ip: string | null): boolean {
  return record.ipAllowlist === null || ipAllowed(record.ipAllowlist, ip);
}

export function keyHasApiSet(record: KeyAuthRecord, apiSet: ApiSetCode): boolean {
  return record.apiSets.includes(apiSet);
}

/** The record for one key from its lookup rows (one per role of its owner); null for none. */
export function keyAuthRecordFromRows(rows: readonly KeyLookupRow[]): KeyAuthRecord | null {
  if (rows.length === 0) return null;
  const first = rows[0];
  const roles = rows.flatMap((r) => (r.roleId === null ? [] : [{ id: r.roleId, authorities: r.authorities ?? "" }]));
  return {
    keyId: first.keyId,
    clientId: first.clientId,
    name: first.keyName,
    secretHash: first.secretHash,
    apiSets: parseApiSets(first.apiSets),
    expiresAt: first.expiresAt,
    revokedAt: first.revokedAt,
    owner: {
      id: first.ownerId,
      name: first.ownerName,
      email: first.ownerEmail,
      disabled: first.disabled,
      apiAccess: first.apiAccess,
      canUseKeys: authoritiesOf(roles).has("keys:use"),
    },
    inactive: first.deactivatedAt !== null,
    ipAllowlist: first.ipAllowlist === "" ? null : compileAllowlist(first.ipAllowlist),
    rateLimit: rateLimitFromColumns(first.rateLimitRequests, first.rateLimitWindowSeconds),
  };
}
