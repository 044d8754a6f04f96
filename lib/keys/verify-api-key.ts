// Whether a presented key authenticates, and if not, why. A key authenticates only when its
// token parses (checked before any lookup), the key exists, the secret matches (constant time),
// it is neither revoked nor expired, and its owner exists, is not disabled, has API access on
// and currently holds "Use API keys". Whether it may call a given endpoint is a separate check
// of its API sets (`keyHasApiSet`).
//
// The rules are pure functions over a `KeyAuthRecord`, so the API's cache of records
// (lib/api/key-verifier.ts) and any direct caller decide the same way. `loadKeyAuthRecord` is
// the one indexed lookup that builds a record; it uses a raw query because it runs on the
// API's hot path, where the ORM's per-query planning would cost more than the lookup itself.
import { createHmac, timingSafeEqual } from "node:crypto";
import { authoritiesOf } from "../auth/authorities";
import { db, Prisma } from "../db/client";
import { parseApiSets, type ApiSetCode } from "./api-sets";

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
  /** HMAC-SHA256 of the secret, raw bytes. */
  secretHash: Buffer;
  apiSets: readonly ApiSetCode[];
  expiresAt: number;
  revokedAt: number | null;
  owner: KeyOwner;
};

/** Why a key was refused. Stable: they are the API's error codes. */
export type KeyRefusal = "invalid_key" | "key_revoked" | "key_expired" | "user_disabled" | "api_access_disabled" | "forbidden";

export type KeyCheck =
  | { ok: true; record: KeyAuthRecord }
  /** `record` is set when the presented secret was right (the caller holds the real key). */
  | { ok: false; code: KeyRefusal; record: KeyAuthRecord | null; keyId: string | null };

export const REFUSAL_MESSAGE: Record<KeyRefusal, string> = {
  invalid_key: "The API key is not valid. Check that you sent the whole secret key.",
  key_revoked: "This API key was revoked. Issue a new key in the console.",
  key_expired: "This API key has expired. Issue or regenerate a key in the console.",
  user_disabled: "The account that owns this API key is disabled.",
  api_access_disabled: "API access is off for the account that owns this key. Turn it on in the console.",
  forbidden: "The owner of this API key may no longer use API keys; ask an administrator.",
};

export function secretHashMatches(storedHash: Buffer, secret: string, pepper: string): boolean {
  const actual = createHmac("sha256", pepper).update(secret).digest();
  return storedHash.length === actual.length && timingSafeEqual(storedHash, actual);
}

/** Applies the rules to a looked-up record (null: no key with the token's client id). */
export function checkKey(record: KeyAuthRecord | null, secret: string, pepper: string, now: number): KeyCheck {
  if (!record) return { ok: false, code: "invalid_key", record: null, keyId: null };
  if (!secretHashMatches(record.secretHash, secret, pepper)) {
    return { ok: false, code: "invalid_key", record: null, keyId: record.keyId };
  }
  const code = refusalOf(record, now);
  return code ? { ok: false, code, record, keyId: record.keyId } : { ok: true, record };
}

function refusalOf(record: KeyAuthRecord, now: number): KeyRefusal | null {
  if (record.revokedAt !== null) return "key_revoked";
  if (record.expiresAt <= now) return "key_expired";
  if (record.owner.disabled) return "user_disabled";
  if (!record.owner.apiAccess) return "api_access_disabled";
  if (!record.owner.canUseKeys) return "forbidden";
  return null;
}

export function keyHasApiSet(record: KeyAuthRecord, apiSet: ApiSetCode): boolean {
  return record.apiSets.includes(apiSet);
}

type KeyRow = {
  keyId: string;
  clientId: string;
  keyName: string;
  secretHash: string;
  apiSets: string;
  expiresAt: Date | string;
  revokedAt: Date | string | null;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  disabled: boolean | number | bigint;
  apiAccess: boolean | number | bigint;
  roleId: string | null;
  authorities: string | null;
};

const toMs = (value: Date | string) => (value instanceof Date ? value.getTime() : Date.parse(value));
const toBool = (value: boolean | number | bigint) => value === true || Number(value) === 1;

/** One lookup (key, owner and the owner's roles, one row per role). Null when there is no such key. */
export async function loadKeyAuthRecord(clientId: string): Promise<KeyAuthRecord | null> {
  const rows = await db.$queryRaw<KeyRow[]>(Prisma.sql`
    SELECT k."id" AS "keyId", k."clientId", k."name" AS "keyName", k."secretHash", k."apiSets",
           k."expiresAt", k."revokedAt", u."id" AS "ownerId", u."name" AS "ownerName",
           u."email" AS "ownerEmail", u."disabled", u."apiAccess", r."id" AS "roleId", r."authorities"
    FROM "ApiKey" k
    JOIN "User" u ON u."id" = k."userId"
    LEFT JOIN "UserRole" ur ON ur."userId" = u."id"
    LEFT JOIN "Role" r ON r."id" = ur."roleId"
    WHERE k."clientId" = ${clientId}`);
  if (rows.length === 0) return null;
  const first = rows[0];
  const roles = rows.filter((r) => r.roleId !== null).map((r) => ({ id: r.roleId!, authorities: r.authorities ?? "" }));
  return {
    keyId: first.keyId,
    clientId: first.clientId,
    name: first.keyName,
    secretHash: Buffer.from(first.secretHash, "hex"),
    apiSets: parseApiSets(first.apiSets),
    expiresAt: toMs(first.expiresAt),
    revokedAt: first.revokedAt === null ? null : toMs(first.revokedAt),
    owner: {
      id: first.ownerId,
      name: first.ownerName,
      email: first.ownerEmail,
      disabled: toBool(first.disabled),
      apiAccess: toBool(first.apiAccess),
      canUseKeys: authoritiesOf(roles).has("keys:use"),
    },
  };
}

/** Client ids of every key, or of one user's keys: what the API's directory of keys holds. */
export async function loadClientIds(userId?: string): Promise<string[]> {
  const rows = userId
    ? await db.$queryRaw<{ clientId: string }[]>(Prisma.sql`SELECT "clientId" FROM "ApiKey" WHERE "userId" = ${userId}`)
    : await db.$queryRaw<{ clientId: string }[]>(Prisma.sql`SELECT "clientId" FROM "ApiKey"`);
  return rows.map((r) => r.clientId);
}
