// The organisation's policy (one row, created by the first migration): the key rules read when a
// key is issued, and the webhook limit read when a subscription is added.
import type { Db, Tx } from "../db/client";
import { RATE_LIMIT_WINDOWS, type RateLimitPer, type RateLimitPolicy, rateLimitFromColumns } from "./rate-limit";

export type KeyPolicy = {
  maxActiveKeys: number;
  maxLifetimeDays: number;
  defaultLifetimeDays: number;
  // Per-key rate limits (lib/keys/rate-limit.ts); null: none.
  defaultRateLimitRequests: number | null;
  defaultRateLimitPer: RateLimitPer;
  maxRateLimitPerMinute: number | null;
  /** Inactive keys policy (lib/keys/unused-keys.ts): revoke keys unused this many days; null: off. */
  revokeUnusedAfterDays: number | null;
};

const DEFAULT_POLICY: KeyPolicy = {
  maxActiveKeys: 3,
  maxLifetimeDays: 365,
  defaultLifetimeDays: 90,
  defaultRateLimitRequests: null,
  defaultRateLimitPer: "minute",
  maxRateLimitPerMinute: null,
  revokeUnusedAfterDays: null,
};

export type Policy = KeyPolicy & { maxWebhooks: number };

export const DEFAULT_MAX_WEBHOOKS = 10;

export async function getKeyPolicy(client: Tx | Db): Promise<KeyPolicy> {
  const row = await client.policy.findUnique({
    where: { id: 1 },
    select: {
      maxActiveKeys: true,
      maxLifetimeDays: true,
      defaultLifetimeDays: true,
      defaultRateLimitRequests: true,
      defaultRateLimitWindowSeconds: true,
      maxRateLimitPerMinute: true,
      revokeUnusedAfterDays: true,
    },
  });
  if (!row) return DEFAULT_POLICY;
  const { defaultRateLimitWindowSeconds, ...rest } = row;
  return { ...rest, defaultRateLimitPer: defaultRateLimitWindowSeconds === 1 ? "second" : "minute" };
}

/** The policy's columns for a KeyPolicy's rate-limit fields. */
export function rateLimitPolicyColumns(policy: KeyPolicy) {
  return {
    defaultRateLimitRequests: policy.defaultRateLimitRequests,
    defaultRateLimitWindowSeconds: policy.defaultRateLimitRequests === null ? null : RATE_LIMIT_WINDOWS[policy.defaultRateLimitPer],
    maxRateLimitPerMinute: policy.maxRateLimitPerMinute,
  };
}

export function rateLimitPolicyOf(policy: KeyPolicy): RateLimitPolicy {
  return {
    defaultRateLimit: rateLimitFromColumns(policy.defaultRateLimitRequests, RATE_LIMIT_WINDOWS[policy.defaultRateLimitPer]),
    maxRateLimitPerMinute: policy.maxRateLimitPerMinute,
  };
}

/** The whole row, as the settings page edits it. */
export async function getPolicy(client: Tx | Db): Promise<Policy> {
  const policy = await getKeyPolicy(client);
  const row = await client.policy.findUnique({ where: { id: 1 }, select: { maxWebhooks: true } });
  return { ...policy, maxWebhooks: row?.maxWebhooks ?? DEFAULT_MAX_WEBHOOKS };
}
