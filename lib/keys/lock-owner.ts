// Every change that can affect a user's keys - issuing, regenerating, revoking, clearing, the
// API access switch, disabling the account, changing its roles - starts by calling
// lockKeyOwner inside its transaction. It
//   - bumps User.keysVersion: the UPDATE takes the row lock (PostgreSQL) or the database write
//     lock (SQLite) before anything is read, so concurrent changes for one user run one after
//     another and each sees what the previous one committed (the active-key limit and name
//     uniqueness hold under any concurrency);
//   - appends to the KeyChange feed as the transaction's last statement, so the row commits with
//     the change and a change refused half-way (limit, name, expiry...) leaves no trace: on
//     PostgreSQL a rolled-back insert would burn a sequence id, which every process's feed
//     cursor would then keep asking about as a possible late commit. Every process that caches
//     verified keys learns about committed rows (lib/api/key-change-feed.ts polls the feed);
//   - on PostgreSQL also sends NOTIFY inside the transaction, which the server delivers to the
//     other processes only when (and if) the transaction commits;
//   - tells this process's caches right after the commit, so it refuses the key at once.
import { afterCommit, beforeCommit, dbProvider, type Tx } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { ALL_USERS_PAYLOAD, emitKeyChange, KEY_CHANGE_CHANNEL } from "./key-change-bus";

async function writeKeyChange(tx: Tx, userId: string | null): Promise<void> {
  await tx.keyChange.create({ data: { userId } });
  if (dbProvider === "postgresql") {
    await tx.$executeRaw`SELECT pg_notify(${KEY_CHANGE_CHANNEL}, ${userId ?? ALL_USERS_PAYLOAD})`;
  }
  afterCommit(tx, () => emitKeyChange(userId));
}

async function recordKeyChange(tx: Tx, userId: string | null): Promise<void> {
  const queued = beforeCommit(tx, `key-change:${userId ?? ALL_USERS_PAYLOAD}`, () => writeKeyChange(tx, userId));
  // A transaction not opened through transaction() has no commit step: write the row now.
  if (!queued) await writeKeyChange(tx, userId);
}

export async function lockKeyOwner(tx: Tx, userId: string) {
  const owner = await tx.user
    .update({
      where: { id: userId },
      data: { keysVersion: { increment: 1 } },
      select: { id: true, disabled: true, apiAccess: true },
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2025") throw notFound("The user");
      throw error;
    });
  await recordKeyChange(tx, userId);
  return owner;
}

/** For changes that touch many users at once (a role's authorities): every cache starts over. */
export async function noteAllKeysChanged(tx: Tx): Promise<void> {
  await recordKeyChange(tx, null);
}

export function assertCanIssue(owner: { disabled: boolean; apiAccess: boolean }) {
  if (owner.disabled) throw new KeydeskError("user_disabled", "This account is disabled.");
  if (!owner.apiAccess) {
    throw new KeydeskError("api_access_disabled", "API access is off. Turn it on to issue keys.");
  }
}
