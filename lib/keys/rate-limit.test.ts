// The limit a new key gets from what was asked for and the policy's default and maximum.
import { describe, expect, it } from "vitest";
import { perMinute, resolveRateLimit } from "./rate-limit";

const none = { defaultRateLimit: null, maxRateLimitPerMinute: null };

describe("resolveRateLimit", () => {
  it("keeps what was asked for, or none when the policy has neither default nor maximum", () => {
    expect(resolveRateLimit({ requests: 5, windowSeconds: 1 }, none)).toEqual({ ok: true, limit: { requests: 5, windowSeconds: 1 } });
    expect(resolveRateLimit(null, none)).toEqual({ ok: true, limit: null });
  });

  it("gives a key without a limit the default, or the maximum when there is no default", () => {
    const withDefault = { defaultRateLimit: { requests: 100, windowSeconds: 60 }, maxRateLimitPerMinute: null };
    expect(resolveRateLimit(null, withDefault)).toEqual({
      ok: true,
      limit: { requests: 100, windowSeconds: 60 },
    });
    expect(resolveRateLimit(null, { defaultRateLimit: null, maxRateLimitPerMinute: 600 })).toEqual({
      ok: true,
      limit: { requests: 600, windowSeconds: 60 },
    });
  });

  it("refuses a limit above the maximum, comparing per-second and per-minute limits per minute", () => {
    const policy = { defaultRateLimit: null, maxRateLimitPerMinute: 600 };
    expect(resolveRateLimit({ requests: 10, windowSeconds: 1 }, policy).ok).toBe(true); // 600 per minute
    expect(resolveRateLimit({ requests: 11, windowSeconds: 1 }, policy).ok).toBe(false); // 660 per minute
    expect(resolveRateLimit({ requests: 601, windowSeconds: 60 }, policy)).toEqual({
      ok: false,
      message: "The most a key may allow is 600 requests per minute.",
    });
    expect(perMinute({ requests: 11, windowSeconds: 1 })).toBe(660);
  });
});
