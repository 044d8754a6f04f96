// Deactivating and activating a key: a reversible pause. An inactive key is refused with
// key_inactive everywhere within a second (lockKeyOwner writes the change to the KeyChange feed
// that every process's cache follows, like a revocation), keeps its place under the active-key
// limit and its name, and works again once activated. Owners act on their own keys only. The
// api_key.deactivated / api_key.activated webhook event is queued in the same transaction.
import { type AuditAction, type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";
import { KEY_STATUS_LABEL, keyStatus } from "./status";

export function deactivateApiKey(actor: Actor, input: { keyId: string }, meta: RequestMeta, options: { now?: Date } = {}) {
  return setKeyActive(actor, input.keyId, false, meta, options.now ?? new Date());
}

export function activateApiKey(actor: Actor, input: { keyId: string }, meta: RequestMeta, options: { now?: Date } = {}) {
  return setKeyActive(actor, input.keyId, true, meta, options.now ?? new Date());
}

async function setKeyActive(actor: Actor, keyId: string, active: boolean, meta: RequestMeta, now: Date): Promise<ApiKeyView> {
  requireAuthority(actor, "keys:use");
  return transaction(async (tx) => {
    await lockKeyOwner(tx, actor.id);
    // Scoped to the owner: someone else's key is simply not found.
    const key = await tx.apiKey.findFirst({ where: { id: keyId, userId: actor.id }, select: keyViewSelect });
    if (!key) throw notFound("The key");
    const status = keyStatus(key, now);
    if (active && status !== "inactive") {
      throw new KeydeskError("conflict", status === "active" ? "This key is already active." : notHeld(status));
    }
    if (!active && status !== "active") {
      throw new KeydeskError("conflict", status === "inactive" ? "This key is already inactive." : notHeld(status));
    }
    const updated = await tx.apiKey.update({
      where: { id: key.id },
      data: active ? { deactivatedAt: null, deactivatedById: null } : { deactivatedAt: now, deactivatedById: actor.id },
      select: keyViewSelect,
    });
    const action: AuditAction = active ? "key.activated" : "key.deactivated";
    await writeAudit(tx, { actorId: actor.id, action, targetUserId: actor.id, clientId: key.clientId, details: { name: key.name } }, meta);
    const view = toKeyView(updated, now);
    await enqueueWebhookEvents(
      tx,
      actor.id,
      active ? "api_key.activated" : "api_key.deactivated",
      { key: keyPayload(view), actor: webhookActor(actor, actor.id) },
      { now },
    );
    return view;
  });
}

function notHeld(status: keyof typeof KEY_STATUS_LABEL): string {
  return `This key is ${KEY_STATUS_LABEL[status].toLowerCase()}; only active and inactive keys can be deactivated or activated.`;
}
