// A key's status is derived, never stored: revocation is a timestamp, expiry a date, and a
// regeneration links the old key to its replacement, deactivation is a timestamp too. This file
// is the one definition of an "active" key: the admin lists and API management count with
// activeKeyWhere, the active-key limit and name uniqueness with heldKeyWhere (active and
// inactive keys: deactivating a key does not free its place), and every list labels rows with
// keyStatus, so the counts and the rows always agree.
import type { Prisma } from "../db/generated/sqlite/client";

/**
 * - active: counts against the limit and authenticates;
 * - inactive: deactivated by its owner; still counts against the limit, does not authenticate
 *   until activated again;
 * - replaced: regenerated with a grace period; the old secret still authenticates until its
 *   (shortened) expiry, but the key no longer holds a place;
 * - expired, revoked: no longer authenticate.
 */
export type KeyStatus = "active" | "inactive" | "replaced" | "expired" | "revoked";

export const KEY_STATUS_LABEL: Record<KeyStatus, string> = {
  active: "Active",
  inactive: "Inactive",
  replaced: "Replaced",
  expired: "Expired",
  revoked: "Revoked",
};

export function keyStatus(
  key: { revokedAt: Date | null; expiresAt: Date; replacedById: string | null; deactivatedAt: Date | null },
  now: Date,
): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt.getTime() <= now.getTime()) return "expired";
  if (key.replacedById) return "replaced";
  return key.deactivatedAt ? "inactive" : "active";
}

/**
 * Keys that hold a place under the active-key limit (of one owner, when given): the rows
 * keyStatus calls "active" or "inactive".
 */
export function heldKeyWhere(now: Date, userId?: string): Prisma.ApiKeyWhereInput {
  return { ...(userId === undefined ? {} : { userId }), revokedAt: null, replacedById: null, expiresAt: { gt: now } };
}

/** Active keys (of one owner, when given): the rows keyStatus calls "active". */
export function activeKeyWhere(now: Date, userId?: string): Prisma.ApiKeyWhereInput {
  return { ...heldKeyWhere(now, userId), deactivatedAt: null };
}

/** Keys whose keyStatus is `status` right now. */
export function keyStatusWhere(status: KeyStatus, now: Date): Prisma.ApiKeyWhereInput {
  switch (status) {
    case "active":
      return activeKeyWhere(now);
    case "inactive":
      return { ...heldKeyWhere(now), deactivatedAt: { not: null } };
    case "replaced":
      return { revokedAt: null, replacedById: { not: null }, expiresAt: { gt: now } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "revoked":
      return { revokedAt: { not: null } };
  }
}

/**
 * keyStatusWhere as an SQL condition over the ApiKey columns of the alias `k`, for readers that
 * bypass Prisma (the CSV export). `now` is the placeholder holding the current time in the form
 * the engine stores it. The integration tests check that both select the same keys.
 */
export function keyStatusSql(status: KeyStatus, now: string, k = "k"): string {
  const held = `${k}."revokedAt" IS NULL AND ${k}."replacedById" IS NULL AND ${k}."expiresAt" > ${now}`;
  switch (status) {
    case "active":
      return `${held} AND ${k}."deactivatedAt" IS NULL`;
    case "inactive":
      return `${held} AND ${k}."deactivatedAt" IS NOT NULL`;
    case "replaced":
      return `${k}."revokedAt" IS NULL AND ${k}."replacedById" IS NOT NULL AND ${k}."expiresAt" > ${now}`;
    case "expired":
      return `${k}."revokedAt" IS NULL AND ${k}."expiresAt" <= ${now}`;
    case "revoked":
      return `${k}."revokedAt" IS NOT NULL`;
  }
}
