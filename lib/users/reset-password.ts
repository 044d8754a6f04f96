// An administrator (Manage users) resets someone's password when they cannot sign in: Keydesk
// generates a new one, returned once for the administrator to hand over, and every session of
// that account ends. Nobody resets their own password this way (Profile → Password is for that),
// nor the password of someone holding rights the administrator lacks.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { endSessionsOf } from "../auth/sessions";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { randomBase62 } from "../keys/token";
import { assertCanManageUser } from "../roles/grant";
import { hashPassword } from "./passwords";
import { loadTargetUser } from "./target-user";

const GENERATED_LENGTH = 20;

export async function resetUserPassword(
  actor: Actor,
  input: { userId: string },
  meta: RequestMeta,
): Promise<{ generatedPassword: string }> {
  requireAuthority(actor, "users:manage");
  if (input.userId === actor.id) {
    throw new KeydeskError("conflict", "Change your own password under Profile → Password.");
  }
  const generatedPassword = randomBase62(GENERATED_LENGTH);
  const passwordHash = await hashPassword(generatedPassword);
  await transaction(async (tx) => {
    const user = await loadTargetUser(tx, input.userId);
    assertCanManageUser(actor, user);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const endedSessions = await endSessionsOf(tx, user.id);
    await writeAudit(tx, { actorId: actor.id, action: "user.password_reset", targetUserId: user.id, details: { endedSessions } }, meta);
  });
  return { generatedPassword };
}
