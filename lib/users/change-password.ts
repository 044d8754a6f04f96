// A person changes their own password: the current one must be right, the new one must follow
// the rules and differ from it. Every other session of the account ends in the same
// transaction; the one making the change stays. Audited; the passwords never are.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { endSessionsOf } from "../auth/sessions";
import { db, transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { hashPassword, verifyPassword } from "./passwords";
import type { ChangePasswordInput } from "./schemas";

export async function changeOwnPassword(actor: Actor, input: ChangePasswordInput, meta: RequestMeta): Promise<{ endedSessions: number }> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user) throw notFound("The user");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new KeydeskError("validation_failed", "Your current password is not correct.", { field: "currentPassword" });
  }
  if (input.newPassword === input.currentPassword) {
    throw new KeydeskError("validation_failed", "Choose a password different from the current one.", { field: "newPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash } });
    const endedSessions = await endSessionsOf(tx, actor.id, { keep: actor.sessionId ?? null });
    await writeAudit(tx, { actorId: actor.id, action: "user.password_changed", targetUserId: actor.id, details: { endedSessions } }, meta);
    return { endedSessions };
  });
}
