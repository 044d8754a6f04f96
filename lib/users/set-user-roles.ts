// Changing which roles a user holds (needs "Manage users"). Roles decide whether the user's keys
// authenticate ("Use API keys"), so the transaction starts with lockKeyOwner. The last enabled
// Admin keeps the Admin role, and nobody assigns or removes a role granting more than they hold.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { ADMIN_ROLE_ID, roleAuthorities } from "../auth/authorities";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { lockKeyOwner } from "../keys/lock-owner";
import { assertCanGrant, assertCanManageUser } from "../roles/grant";
import { assertAnotherAdminRemains, lockAdminRole } from "../roles/last-admin";
import type { SetUserRolesInput } from "./schemas";
import { loadTargetUser } from "./target-user";

export async function setUserRoles(actor: Actor, input: SetUserRolesInput, meta: RequestMeta) {
  requireAuthority(actor, "users:manage");
  return transaction(async (tx) => {
    await lockKeyOwner(tx, input.userId);
    const user = await loadTargetUser(tx, input.userId);
    assertCanManageUser(actor, user);
    const wanted = [...new Set(input.roleIds)];
    const roles = await tx.role.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, authorities: true } });
    if (roles.length !== wanted.length) throw new KeydeskError("validation_failed", "Choose existing roles.", { field: "roleIds" });

    const current = new Set(user.roles.map((r) => r.id));
    const added = roles.filter((r) => !current.has(r.id));
    const removed = user.roles.filter((r) => !wanted.includes(r.id));
    if (added.length === 0 && removed.length === 0) return { changed: false };
    assertCanGrant(actor, [...added, ...removed].flatMap(roleAuthorities), "change these roles");
    if (removed.some((r) => r.id === ADMIN_ROLE_ID) && !user.disabled) {
      await lockAdminRole(tx);
      await assertAnotherAdminRemains(tx, user.id, actor.id, "roleIds");
    }

    if (removed.length > 0) await tx.userRole.deleteMany({ where: { userId: user.id, roleId: { in: removed.map((r) => r.id) } } });
    if (added.length > 0) await tx.userRole.createMany({ data: added.map((r) => ({ userId: user.id, roleId: r.id })) });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "user.roles_changed",
        targetUserId: user.id,
        details: { before: user.roles.map((r) => r.name), after: roles.map((r) => r.name) },
      },
      meta,
    );
    return { changed: true };
  });
}
