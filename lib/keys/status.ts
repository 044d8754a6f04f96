// A key's status is derived, never stored: revocation is a timestamp, expiry a date.
import type { Prisma } from "../db/generated/sqlite/client";

export type KeyStatus = "active" | "expired" | "revoked";

export const KEY_STATUS_LABEL: Record<KeyStatus, string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date }, now: Date): KeyStatus {
  if (key.revokedAt) return "revoked";
  return key.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/**
 * Keys that count against the active-key limit: not revoked, not expired, and not the old half
 * of a regeneration (which may still work during its grace period but has been replaced).
 */
export function countedActiveWhere(userId: string, now: Date): Prisma.ApiKeyWhereInput {
  return { userId, revokedAt: null, replacedById: null, expiresAt: { gt: now } };
}
