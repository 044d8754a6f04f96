// Clear API keys: shuts a user out of the API in one transaction - every key of theirs that is
// not yet revoked is revoked and their API access is turned off. To use the API again they must
// switch access on and issue a new key themselves (nobody can issue one for them).

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { lockKeyOwner } from "../keys/lock-owner";
import { enqueueWebhookEvents, webhookActor } from "../webhooks/enqueue";

/** Client ids listed in the audit row; the count is always complete. */
const AUDITED_CLIENT_IDS = 50;

export async function clearApiKeys(
  actor: Actor,
  input: { userId: string },
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<{ revoked: number }> {
  requireAuthority(actor, "keys:manage");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    const owner = await lockKeyOwner(tx, input.userId);
    const open = await tx.apiKey.findMany({
      where: { userId: input.userId, revokedAt: null },
      select: { id: true, clientId: true },
      orderBy: { createdAt: "asc" },
    });
    if (open.length > 0) {
      await tx.apiKey.updateMany({
        where: { id: { in: open.map((k) => k.id) } },
        data: { revokedAt: now, revokedReason: "cleared", revokedById: actor.id },
      });
    }
    if (owner.apiAccess) await tx.user.update({ where: { id: input.userId }, data: { apiAccess: false } });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "keys.cleared",
        targetUserId: input.userId,
        details: {
          revoked: open.length,
          clientIds: open.slice(0, AUDITED_CLIENT_IDS).map((k) => k.clientId),
          apiAccessWasOn: owner.apiAccess,
        },
      },
      meta,
    );
    await enqueueWebhookEvents(
      tx,
      input.userId,
      "api_access.cleared",
      {
        user: { id: input.userId },
        apiAccess: false,
        revokedKeys: open.length,
        clientIds: open.slice(0, AUDITED_CLIENT_IDS).map((k) => k.clientId),
        actor: webhookActor(actor, input.userId),
      },
      { now },
    );
    return { revoked: open.length };
  });
}
