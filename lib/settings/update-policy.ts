// Changing the policy (needs "Manage settings"). The key rules are read when a key is issued or
// regenerated, so a change applies to new keys only: existing keys keep their expiry, and users
// above a lowered limit keep their keys but cannot issue more until they are below it. The
// webhook limit is read when a subscription is added: lowering it deletes nothing, it only
// refuses new subscriptions to users at or above it.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { getPolicy, type Policy, rateLimitPolicyColumns } from "../keys/policy";
import type { PolicyInput } from "./schemas";

export async function updateKeyPolicy(actor: Actor, input: PolicyInput, meta: RequestMeta): Promise<{ changed: boolean; policy: Policy }> {
  requireAuthority(actor, "settings:manage");
  return transaction(async (tx) => {
    const before = await getPolicy(tx);
    const after: Policy = {
      maxActiveKeys: input.maxActiveKeys,
      maxLifetimeDays: input.maxLifetimeDays,
      defaultLifetimeDays: input.defaultLifetimeDays,
      maxWebhooks: input.maxWebhooks,
      defaultRateLimitRequests: input.defaultRateLimitRequests,
      defaultRateLimitPer: input.defaultRateLimitRequests === null ? before.defaultRateLimitPer : input.defaultRateLimitPer,
      maxRateLimitPerMinute: input.maxRateLimitPerMinute,
      revokeUnusedAfterDays: input.revokeUnusedAfterDays,
    };
    const changed = (Object.keys(after) as (keyof Policy)[]).filter((k) => after[k] !== before[k]);
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
