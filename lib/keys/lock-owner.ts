// Every write to a user's keys starts by bumping User.keysVersion inside its transaction. The
// UPDATE takes the row lock (PostgreSQL) or the database write lock (SQLite) before anything is
// read, so concurrent issues, regenerations and clears for one user run one after another and
// each sees what the previous one committed: the active-key limit and name uniqueness hold.
import type { Tx } from "../db/client";
import { KeydeskError, notFound } from "../errors";

export async function lockKeyOwner(tx: Tx, userId: string) {
  try {
    return await tx.user.update({
      where: { id: userId },
      data: { keysVersion: { increment: 1 } },
      select: { id: true, disabled: true, apiAccess: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2025") throw notFound("The user");
    throw error;
  }
}

export function assertCanIssue(owner: { disabled: boolean; apiAccess: boolean }) {
  if (owner.disabled) throw new KeydeskError("user_disabled", "This account is disabled.");
  if (!owner.apiAccess) {
    throw new KeydeskError("api_access_disabled", "API access is off. Turn it on to issue keys.");
  }
}
