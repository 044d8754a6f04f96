// The inactive keys policy: when an administrator sets "revoke keys unused for N days"
// (Settings; off by default), a working key with no request for N days (counted from its last
// use, or from its issue if it was never used) is revoked with the reason "unused". Owners are
// warned UNUSED_WARNING_DAYS before: on their keys page and through api_key.expiring
// (lib/webhooks/worker.ts). Using the key moves its deadline. The webhook worker runs the sweep
// with its expiry scan; several workers may run it at once (each key is re-checked under its
// owner's lock).
import { NO_REQUEST, writeAudit } from "../audit/write-audit";
import { db, transaction } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { DAY_MS } from "./expiry";
import { keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";
import { getKeyPolicy } from "./policy";

export const UNUSED_WARNING_DAYS = 7;

/** When a key with this activity is revoked under the policy. */
export function unusedDeadline(key: { lastUsedAt: Date | string | null; createdAt: Date | string }, days: number): Date {
  return new Date(new Date(key.lastUsedAt ?? key.createdAt).getTime() + days * DAY_MS);
}

/** Working keys (not revoked, replaced or expired) whose last activity was before `cutoff`. */
export function idleSinceWhere(cutoff: Date, now: Date, extra: Prisma.ApiKeyWhereInput = {}): Prisma.ApiKeyWhereInput {
  return {
    ...extra,
    revokedAt: null,
    replacedById: null,
    expiresAt: { gt: now },
    OR: [{ lastUsedAt: { lt: cutoff } }, { lastUsedAt: null, createdAt: { lt: cutoff } }],
  };
}

/** Revokes every key unused for the policy's number of days. Returns how many. */
export async function revokeUnusedKeys(now = new Date()): Promise<number> {
  const { revokeUnusedAfterDays: days } = await getKeyPolicy(db);
  if (days === null) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const due = await db.apiKey.findMany({ where: idleSinceWhere(cutoff, now), select: { id: true, userId: true }, take: 500 });
  let revoked = 0;
  for (const candidate of due) {
    const done = await transaction(async (tx) => {
      await lockKeyOwner(tx, candidate.userId);
      // Used, revoked or regenerated since it was listed: leave it.
      const key = await tx.apiKey.findFirst({ where: idleSinceWhere(cutoff, now, { id: candidate.id }), select: keyViewSelect });
      if (!key) return false;
      const row = await tx.apiKey.update({
        where: { id: key.id },
        data: { revokedAt: now, revokedReason: "unused", revokedById: null },
        select: keyViewSelect,
      });
      await writeAudit(
        tx,
        {
          actorId: null,
          action: "key.revoked_unused",
          targetUserId: key.userId,
          clientId: key.clientId,
          details: { name: key.name, days, lastUsedAt: key.lastUsedAt?.toISOString() ?? null },
        },
        NO_REQUEST,
      );
      const view = toKeyView(row, now);
      await enqueueWebhookEvents(
        tx,
        key.userId,
        "api_key.revoked",
        { key: keyPayload(view), reason: "unused", actor: webhookActor(null, key.userId) },
        { now },
      );
      return true;
    });
    if (done) revoked += 1;
  }
  return revoked;
}
