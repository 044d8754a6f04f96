// Reading keys. Always scoped to one owner; never selects the hash.
import { db } from "../db/client";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { getKeyPolicy, type KeyPolicy } from "./policy";
import { heldKeyWhere } from "./status";

/** The owner's keys, newest first. */
export async function listApiKeys(ownerId: string, now = new Date()): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({
    where: { userId: ownerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: keyViewSelect,
  });
  return rows.map((row) => toKeyView(row, now));
}

export type KeyQuota = { policy: KeyPolicy; activeCount: number; atLimit: boolean };

export async function keyQuota(ownerId: string, now = new Date()): Promise<KeyQuota> {
  const [policy, activeCount] = await Promise.all([getKeyPolicy(db), db.apiKey.count({ where: heldKeyWhere(now, ownerId) })]);
  return { policy, activeCount, atLimit: activeCount >= policy.maxActiveKeys };
}

/** One of the owner's keys by its client id, or null (someone else's key is simply not found). */
export async function findOwnKey(ownerId: string, clientId: string, now = new Date()): Promise<ApiKeyView | null> {
  const row = await db.apiKey.findFirst({ where: { clientId, userId: ownerId }, select: keyViewSelect });
  return row ? toKeyView(row, now) : null;
}
