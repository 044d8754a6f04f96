// Which keys an administrator counts as "active": not revoked and not expired - every key that
// still authenticates while its owner is enabled with API access on, including the old half of
// a regeneration during its grace period.
import type { Prisma } from "../db/generated/sqlite/client";

export function workingKeyWhere(now: Date): Prisma.ApiKeyWhereInput {
  return { revokedAt: null, expiresAt: { gt: now } };
}
