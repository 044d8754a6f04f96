// The API access switch. Off: none of the user's keys authenticate and issuing is refused.
// On again: keys that are still valid work again; revoked keys stay revoked.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { enqueueWebhookEvents, webhookActor } from "../webhooks/enqueue";
import { lockKeyOwner } from "./lock-owner";

export async function setApiAccess(actor: Actor, enabled: boolean, meta: RequestMeta): Promise<{ enabled: boolean }> {
  requireAuthority(actor, "keys:use");
  return transaction(async (tx) => {
    const owner = await lockKeyOwner(tx, actor.id);
    if (owner.apiAccess === enabled) return { enabled };
    await tx.user.update({ where: { id: actor.id }, data: { apiAccess: enabled } });
    await writeAudit(
      tx,
      { actorId: actor.id, action: enabled ? "api_access.enabled" : "api_access.disabled", targetUserId: actor.id },
      meta,
    );
    await enqueueWebhookEvents(tx, actor.id, enabled ? "api_access.enabled" : "api_access.disabled", {
      user: { id: actor.id },
      apiAccess: enabled,
      actor: webhookActor(actor, actor.id),
    });
    return { enabled };
  });
}
