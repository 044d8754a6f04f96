// Keydesk always keeps at least one enabled user holding the Admin role. Every change that can
// take the role away from someone (removing it, disabling its holder) first locks the Admin role
// row, so two administrators demoting each other at the same moment run one after the other and
// the second is refused.
import { ADMIN_ROLE_ID } from "../auth/authorities";
import type { Tx } from "../db/client";
import { KeydeskError } from "../errors";

export async function lockAdminRole(tx: Tx): Promise<void> {
  await tx.role.update({ where: { id: ADMIN_ROLE_ID }, data: { updatedAt: new Date() } });
}

/** Call after lockAdminRole: refuses when `userId` is the only enabled Admin. */
export async function assertAnotherAdminRemains(tx: Tx, userId: string, actorId: string, field?: string): Promise<void> {
  const others = await tx.userRole.count({
    where: { roleId: ADMIN_ROLE_ID, userId: { not: userId }, user: { disabled: false } },
  });
  if (others > 0) return;
  throw new KeydeskError(
    "conflict",
    userId === actorId
      ? "You are the last administrator. Make another user an Admin first."
      : "This user is the last administrator. Make another user an Admin first.",
    { field },
  );
}
