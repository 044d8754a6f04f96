// Changing the key policy (needs "Manage settings"). The policy is read when a key is issued or
// regenerated, so a change applies to new keys only: existing keys keep their expiry, and users
// above a lowered limit keep their keys but cannot issue more until they are below it.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { getKeyPolicy, type KeyPolicy, rateLimitPolicyColumns } from "../keys/policy";
import type { PolicyInput } from "./schemas";

export async function updateKeyPolicy(
  actor: Actor,
  input: PolicyInput,
  meta: RequestMeta,
): Promise<{ changed: boolean; policy: KeyPolicy }> {
  requireAuthority(actor, "settings:manage");
  return transaction(async (tx) => {
    const before = await getKeyPolicy(tx);
    const after: KeyPolicy = {
      maxActiveKeys: input.maxActiveKeys,
      maxLifetimeDays: input.maxLifetimeDays,
      defaultLifetimeDays: input.defaultLifetimeDays,
      defaultRateLimitRequests: input.defaultRateLimitRequests,
      defaultRateLimitPer: input.defaultRateLimitRequests === null ? before.defaultRateLimitPer : input.defaultRateLimitPer,
      maxRateLimitPerMinute: input.maxRateLimitPerMinute,
      revokeUnusedAfterDays: input.revokeUnusedAfterDays,
    };
    const changed = (Object.keys(after) as (keyof KeyPolicy)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return { changed: false, policy: before };
    const { defaultRateLimitPer: _per, ...columns } = { ...after, ...rateLimitPolicyColumns(after) };
    await tx.policy.upsert({
      where: { id: 1 },
      create: { id: 1, ...columns, updatedAt: new Date() },
      update: { ...columns, updatedAt: new Date() },
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "settings.updated",
        details: {
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
      },
      meta,
    );
    return { changed: true, policy: after };
  });
}
