// The organisation's policy (one row, created by the first migration): the key rules read when a
// key is issued, and the webhook limit read when a subscription is added.
import type { Db, Tx } from "../db/client";

export type KeyPolicy = { maxActiveKeys: number; maxLifetimeDays: number; defaultLifetimeDays: number };
export type Policy = KeyPolicy & { maxWebhooks: number };

export const DEFAULT_MAX_WEBHOOKS = 10;
const DEFAULT_KEY_POLICY: KeyPolicy = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90 };

export async function getKeyPolicy(client: Tx | Db): Promise<KeyPolicy> {
  const row = await client.policy.findUnique({
    where: { id: 1 },
    select: { maxActiveKeys: true, maxLifetimeDays: true, defaultLifetimeDays: true },
  });
  return row ?? DEFAULT_KEY_POLICY;
}

/** The whole row, as the settings page edits it. */
export async function getPolicy(client: Tx | Db): Promise<Policy> {
  const row = await client.policy.findUnique({
    where: { id: 1 },
    select: { maxActiveKeys: true, maxLifetimeDays: true, defaultLifetimeDays: true, maxWebhooks: true },
  });
  return row ?? { ...DEFAULT_KEY_POLICY, maxWebhooks: DEFAULT_MAX_WEBHOOKS };
}
