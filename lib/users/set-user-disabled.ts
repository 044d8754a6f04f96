// Disabling and enabling an account (needs "Manage users"). A disabled user cannot sign in, their
// sessions end in the same transaction (lib/auth/sessions.ts) and none of their keys
// authenticate; enabling lets them sign in again and their unrevoked, unexpired keys work again.
// Nobody disables their own account, and the last enabled Admin stays enabled.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { ADMIN_ROLE_ID } from "../auth/authorities";
import { endSessionsOf } from "../auth/sessions";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { lockKeyOwner } from "../keys/lock-owner";
import { assertCanManageUser } from "../roles/grant";
import { assertAnotherAdminRemains, lockAdminRole } from "../roles/last-admin";
import type { SetUserDisabledInput } from "./schemas";
import { loadTargetUser } from "./target-user";

export async function setUserDisabled(actor: Actor, input: SetUserDisabledInput, meta: RequestMeta) {
  requireAuthority(actor, "users:manage");
  if (input.userId === actor.id && input.disabled) {
    throw new KeydeskError("conflict", "You cannot disable your own account.");
  }
  return transaction(async (tx) => {
    await lockKeyOwner(tx, input.userId);
    const user = await loadTargetUser(tx, input.userId);
    assertCanManageUser(actor, user);
    if (user.disabled === input.disabled) return { disabled: user.disabled };
    if (input.disabled && user.roles.some((r) => r.id === ADMIN_ROLE_ID)) {
      await lockAdminRole(tx);
      await assertAnotherAdminRemains(tx, user.id, actor.id);
    }
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    const endedSessions = input.disabled ? await endSessionsOf(tx, user.id) : 0;
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: input.disabled ? "user.disabled" : "user.enabled",
        targetUserId: user.id,
        ...(input.disabled ? { details: { endedSessions } } : {}),
      },
      meta,
    );
    return { disabled: input.disabled };
  });
}
