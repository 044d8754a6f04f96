// Revoking a key: it stops working at once and stays listed as Revoked. Owners revoke their own
// keys; holders of "Manage user API keys" may revoke anyone's.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { hasAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { forbidden, KeydeskError, notFound } from "../errors";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";

export async function revokeApiKey(
  actor: Actor,
  input: { keyId: string },
  meta: RequestMeta,
  options: { now?: Date /** The profile page acts on the caller's own keys only. */; ownOnly?: boolean } = {},
): Promise<ApiKeyView> {
  const now = options.now ?? new Date();
  const mayManageOthers = !options.ownOnly && hasAuthority(actor, "keys:manage");
  if (!hasAuthority(actor, "keys:use") && !mayManageOthers) throw forbidden();

  return transaction(async (tx) => {
    const target = await tx.apiKey.findFirst({
      where: mayManageOthers ? { id: input.keyId } : { id: input.keyId, userId: actor.id },
      select: { id: true, userId: true },
    });
    if (!target) throw notFound("The key");
    await lockKeyOwner(tx, target.userId);
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id: target.id }, select: keyViewSelect });
    if (key.revokedAt) throw new KeydeskError("conflict", "This key is already revoked.");
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: now, revokedReason: "revoked", revokedById: actor.id },
      select: keyViewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.revoked",
        targetUserId: key.userId,
        clientId: key.clientId,
        details: { name: key.name, wasExpired: key.expiresAt <= now },
      },
      meta,
    );
    const view = toKeyView(revoked, now);
    await enqueueWebhookEvents(
      tx,
      key.userId,
      "api_key.revoked",
      { key: keyPayload(view), actor: webhookActor(actor, key.userId) },
      { now },
    );
    return view;
  });
}
