// Regenerating a key: a new secret (a new key row) with the same name, description, API sets
// and IP allowlist and a fresh expiry of the same length, capped by today's policy. The old secret stops
// at once, or - if the owner asks - at the end of a grace period of 1 or 24 hours. Validity is
// never extended in place: the old key's expiry can only move earlier.
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { addDays, DAY_MS } from "./expiry";
import { insertKeyWithinPolicy } from "./insert-key";
import type { IssuedApiKey } from "./issue-api-key";
import { toKeyView } from "./key-view";
import { rateLimitFromColumns } from "./rate-limit";
import { GRACE_OPTIONS, type RegenerateKeyInput } from "./schemas";

export async function regenerateApiKey(
  actor: Actor,
  input: RegenerateKeyInput,
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<IssuedApiKey> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  const graceMs = GRACE_OPTIONS.find((g) => g.value === input.grace)?.ms ?? 0;

  return transaction(async (tx) => {
    const {
      row: fresh,
      token,
      spec,
    } = await insertKeyWithinPolicy(tx, actor.id, now, async (policy) => {
      // Scoped to the owner: someone else's key id is simply not found.
      const old = await tx.apiKey.findFirst({ where: { id: input.keyId, userId: actor.id } });
      if (!old) throw notFound("The key");
      if (old.revokedAt) throw new KeydeskError("conflict", "This key is revoked and cannot be regenerated. Issue a new key.");
      if (old.replacedById) throw new KeydeskError("conflict", "This key was already regenerated; regenerate its newer key instead.");
      if (old.deactivatedAt && old.expiresAt > now) {
        throw new KeydeskError("conflict", "This key is deactivated. Activate it before regenerating it.");
      }
      const lifetimeDays = Math.max(1, Math.round((old.expiresAt.getTime() - old.createdAt.getTime()) / DAY_MS));
      return {
        name: old.name,
        description: old.description,
        apiSets: old.apiSets,
        ipAllowlist: old.ipAllowlist,
        expiresAt: addDays(now, Math.min(lifetimeDays, policy.maxLifetimeDays)),
        replacingKeyId: old.id,
        rateLimit: rateLimitFromColumns(old.rateLimitRequests, old.rateLimitWindowSeconds),
        old,
      };
    });
    const { old } = spec;
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
        clientId: fresh.clientId,
        details: { name: old.name, replacedClientId: old.clientId, grace: input.grace, expiresAt: fresh.expiresAt.toISOString() },
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
