// Per-key rate limits: a key may allow at most N requests per second or per minute. The policy
// may give keys issued without one a default, and may cap every key (in requests per minute, so
// a per-second and a per-minute limit compare). Counting happens in lib/api/rate-limits.ts.

export const RATE_LIMIT_WINDOWS = { second: 1, minute: 60 } as const;
export type RateLimitPer = keyof typeof RATE_LIMIT_WINDOWS;
export const RATE_LIMIT_PERS = Object.keys(RATE_LIMIT_WINDOWS) as [RateLimitPer, ...RateLimitPer[]];

/** Most requests a limit may name (per second or per minute). */
export const RATE_LIMIT_MAX_REQUESTS = 1_000_000;

export type KeyRateLimit = { requests: number; windowSeconds: number };

export type RateLimitPolicy = {
  /** Given to keys issued without a limit; null: such keys have none (unless a maximum is set). */
  defaultRateLimit: KeyRateLimit | null;
  /** The most any key may allow, in requests per minute; null: no cap. */
  maxRateLimitPerMinute: number | null;
};

export function perMinute(limit: KeyRateLimit): number {
  return limit.requests * (60 / limit.windowSeconds);
}

export function perOf(limit: KeyRateLimit): RateLimitPer {
  return limit.windowSeconds === 1 ? "second" : "minute";
}

/** "100 requests per minute". */
export function rateLimitText(limit: KeyRateLimit): string {
  return `${limit.requests.toLocaleString("en-US")} ${limit.requests === 1 ? "request" : "requests"} per ${perOf(limit)}`;
}

/** The stored columns of a key (or of the policy's default) as a limit, or null. */
export function rateLimitFromColumns(requests: number | null, windowSeconds: number | null): KeyRateLimit | null {
  if (requests === null || windowSeconds === null || requests <= 0) return null;
  if (windowSeconds !== 1 && windowSeconds !== 60) return null;
  return { requests, windowSeconds };
}

export type ResolvedRateLimit = { ok: true; limit: KeyRateLimit | null } | { ok: false; message: string };

/**
 * The limit a new key gets: the one asked for, else the policy's default, else (when the
 * policy caps keys) the cap itself. A limit above the cap is refused, never silently lowered.
 */
export function resolveRateLimit(requested: KeyRateLimit | null, policy: RateLimitPolicy): ResolvedRateLimit {
  const max = policy.maxRateLimitPerMinute;
  if (requested) {
    if (max !== null && perMinute(requested) > max) {
      return { ok: false, message: `The most a key may allow is ${max.toLocaleString("en-US")} requests per minute.` };
    }
    return { ok: true, limit: requested };
  }
  const fallback = policy.defaultRateLimit;
  if (fallback) {
    if (max !== null && perMinute(fallback) > max) return { ok: true, limit: { requests: max, windowSeconds: 60 } };
    return { ok: true, limit: fallback };
  }
  return { ok: true, limit: max === null ? null : { requests: max, windowSeconds: 60 } };
}

/** The New API key dialog's hint: what an empty field means under this policy, and the cap. */
export function rateLimitPolicyHint(policy: RateLimitPolicy): string {
  const max = policy.maxRateLimitPerMinute;
  const empty = resolveRateLimit(null, policy);
  const fallback =
    empty.ok && empty.limit
      ? `Leave empty for ${rateLimitText(empty.limit)} (the policy's default).`
      : "Optional. Leave empty for no limit.";
  return max === null ? fallback : `${fallback} At most ${max.toLocaleString("en-US")} requests per minute.`;
}
