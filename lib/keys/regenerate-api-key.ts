// Regenerating a key: a new secret (a new key row) with the same name, description and API
// sets and a fresh expiry of the same length, capped by today's policy. The old secret stops
// at once, or - if the owner asks - at the end of a grace period of 1 or 24 hours. Validity is
// never extended in place: the old key's expiry can only move earlier.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { serverSecrets } from "../server-secrets";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { addDays, DAY_MS } from "./expiry";
import type { IssuedApiKey } from "./issue-api-key";
import { sameKeyName } from "./issue-api-key";
import { keyViewSelect, toKeyView } from "./key-view";
import { assertCanIssue, lockKeyOwner } from "./lock-owner";
import { getKeyPolicy } from "./policy";
import { GRACE_OPTIONS, type RegenerateKeyInput } from "./schemas";
import { countedActiveWhere } from "./status";
import { generateToken, hashSecret, secretHint } from "./token";

export async function regenerateApiKey(
  actor: Actor,
  input: RegenerateKeyInput,
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<IssuedApiKey> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  const { clientId, secret, token } = generateToken();
  const secretHash = hashSecret(secret, serverSecrets().keyPepper);
  const graceMs = GRACE_OPTIONS.find((g) => g.value === input.grace)?.ms ?? 0;

  return transaction(async (tx) => {
    const owner = await lockKeyOwner(tx, actor.id);
    assertCanIssue(owner);
    // Scoped to the owner: someone else's key id is simply not found.
    const old = await tx.apiKey.findFirst({ where: { id: input.keyId, userId: actor.id } });
    if (!old) throw notFound("The key");
    if (old.revokedAt) throw new KeydeskError("conflict", "This key is revoked and cannot be regenerated. Issue a new key.");
    if (old.replacedById) throw new KeydeskError("conflict", "This key was already regenerated; regenerate its newer key instead.");

    const policy = await getKeyPolicy(tx);
    const oldCounts = old.expiresAt > now; // an expired key no longer holds a place
    const active = await tx.apiKey.findMany({ where: countedActiveWhere(actor.id, now), select: { id: true, name: true } });
    if (!oldCounts && active.length >= policy.maxActiveKeys) {
      throw new KeydeskError(
        "key_limit_reached",
        `You already have ${policy.maxActiveKeys} active keys, the most allowed. Revoke one to regenerate this expired key.`,
      );
    }
    if (active.some((k) => k.id !== old.id && sameKeyName(k.name, old.name))) {
      throw new KeydeskError("conflict", "Another active key already uses this name; revoke it or rename first.");
    }

    const lifetimeDays = Math.max(1, Math.round((old.expiresAt.getTime() - old.createdAt.getTime()) / DAY_MS));
    const expiresAt = addDays(now, Math.min(lifetimeDays, policy.maxLifetimeDays));
    const fresh = await tx.apiKey.create({
      data: {
        clientId,
        userId: actor.id,
        name: old.name,
        description: old.description,
        secretHash,
        secretHint: secretHint(token),
        apiSets: old.apiSets,
        createdAt: now,
        expiresAt,
      },
      select: keyViewSelect,
    });
    const graceEnd = new Date(now.getTime() + graceMs);
    await tx.apiKey.update({
      where: { id: old.id },
      data:
        graceMs === 0
          ? { replacedById: fresh.id, revokedAt: now, revokedReason: "regenerated", revokedById: actor.id }
          : { replacedById: fresh.id, expiresAt: graceEnd < old.expiresAt ? graceEnd : old.expiresAt },
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.regenerated",
        targetUserId: actor.id,
        clientId,
        details: { name: old.name, replacedClientId: old.clientId, grace: input.grace, expiresAt: expiresAt.toISOString() },
      },
      meta,
    );
    const key = toKeyView(fresh, now);
    await enqueueWebhookEvents(
      tx,
      actor.id,
      "api_key.regenerated",
      { key: keyPayload(key), replacedClientId: old.clientId, actor: webhookActor(actor, actor.id) },
      { now },
    );
    return { key, token };
  });
}
