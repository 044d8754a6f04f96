// Changing a user's name or email (needs "Manage users"). The search column follows every
// change, so search finds the user by the new name at once. Key verification reports the owner's
// name and email, so the change goes through lockKeyOwner like any other owner change: caches of
// verified keys hear about it from the key change feed.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { KeydeskError } from "../errors";
import { lockKeyOwner } from "../keys/lock-owner";
import { assertCanManageUser } from "../roles/grant";
import { userSearchText } from "./normalize";
import type { UpdateUserProfileInput } from "./schemas";
import { loadTargetUser } from "./target-user";

const emailTaken = () => new KeydeskError("conflict", "Another user already has this email.", { field: "email" });

export async function updateUserProfile(actor: Actor, input: UpdateUserProfileInput, meta: RequestMeta) {
  requireAuthority(actor, "users:manage");
  try {
    return await transaction(async (tx) => {
      await lockKeyOwner(tx, input.userId);
      const user = await loadTargetUser(tx, input.userId);
      assertCanManageUser(actor, user);
      if (user.name === input.name && user.email === input.email) return { id: user.id, name: user.name, email: user.email };
      if (user.email !== input.email) {
        const other = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
        if (other) throw emailTaken();
      }
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { name: input.name, email: input.email, searchText: userSearchText(input.name, input.email) },
        select: { id: true, name: true, email: true },
      });
      await writeAudit(
        tx,
        {
          actorId: actor.id,
          action: "user.updated",
          targetUserId: user.id,
          details: { before: { name: user.name, email: user.email }, after: { name: updated.name, email: updated.email } },
        },
        meta,
      );
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
