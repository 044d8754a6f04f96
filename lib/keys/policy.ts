// The organisation's key policy (one row, created by the first migration).
import type { Db, Tx } from "../db/client";

export type KeyPolicy = { maxActiveKeys: number; maxLifetimeDays: number; defaultLifetimeDays: number };

const DEFAULT_POLICY: KeyPolicy = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90 };

export async function getKeyPolicy(client: Tx | Db): Promise<KeyPolicy> {
  const row = await client.policy.findUnique({
    where: { id: 1 },
    select: { maxActiveKeys: true, maxLifetimeDays: true, defaultLifetimeDays: true },
  });
  return row ?? DEFAULT_POLICY;
}
