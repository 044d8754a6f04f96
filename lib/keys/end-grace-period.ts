// Ending a regenerated key's grace period early: the old secret, kept valid for 1 or 24 hours
// after Regenerate, stops working now - everywhere, like a revocation (lockKeyOwner tells every
// process's cache). Only the owner does this; it never touches the newer key.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";

export async function endGracePeriod(
  actor: Actor,
  input: { keyId: string },
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<ApiKeyView> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    await lockKeyOwner(tx, actor.id);
    // Scoped to the owner: someone else's key is simply not found.
    const key = await tx.apiKey.findFirst({ where: { id: input.keyId, userId: actor.id }, select: keyViewSelect });
    if (!key) throw notFound("The key");
    if (!key.replacedById)
      throw new KeydeskError("conflict", "This key was not regenerated, so it has no grace period. Revoke it instead.");
    if (key.revokedAt) throw new KeydeskError("conflict", "The old secret already stopped working.");
    if (key.expiresAt <= now) throw new KeydeskError("conflict", "The grace period is already over.");
    const ended = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: now, revokedReason: "regenerated", revokedById: actor.id },
      select: keyViewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.grace_ended",
        targetUserId: actor.id,
        clientId: key.clientId,
        details: { name: key.name, graceUntil: key.expiresAt.toISOString() },
      },
      meta,
    );
    return toKeyView(ended, now);
  });
}
