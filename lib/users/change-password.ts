// A person changes their own password: the current one must be right, the new one must follow
// the rules and differ from it. Every existing session of the account ends (the caller signs
// the person in again with the new password); the change is audited, the passwords never are.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { db, transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { hashPassword, verifyPassword } from "./passwords";
import type { ChangePasswordInput } from "./schemas";

export async function changeOwnPassword(actor: Actor, input: ChangePasswordInput, meta: RequestMeta): Promise<void> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user) throw notFound("The user");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new KeydeskError("validation_failed", "Your current password is not correct.", { field: "currentPassword" });
  }
  if (input.newPassword === input.currentPassword) {
    throw new KeydeskError("validation_failed", "Choose a password different from the current one.", { field: "newPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash, sessionsValidAfter: new Date() } });
    await writeAudit(tx, { actorId: actor.id, action: "user.password_changed", targetUserId: actor.id }, meta);
  });
}
