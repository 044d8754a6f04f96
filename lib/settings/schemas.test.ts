// Integer policy fields take whole numbers only: a number, or a string of decimal digits as a
// form posts it; never booleans, arrays, hex, exponents or padded text.
import { describe, expect, it } from "vitest";
import { policySchema } from "./schemas";

const valid = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90 };
const noRateLimits = {
  defaultRateLimitRequests: null,
  defaultRateLimitPer: "minute",
  maxRateLimitPerMinute: null,
  revokeUnusedAfterDays: null,
};

describe("policySchema", () => {
  it("accepts whole numbers as numbers or as the digits a form posts", () => {
    expect(policySchema.parse(valid)).toEqual({ ...valid, ...noRateLimits });
    expect(policySchema.parse({ maxActiveKeys: "5", maxLifetimeDays: "200", defaultLifetimeDays: "30" })).toEqual({
      maxActiveKeys: 5,
      maxLifetimeDays: 200,
      defaultLifetimeDays: 30,
      ...noRateLimits,
    });
  });

  it("refuses anything else with a field error", () => {
    for (const bad of [true, false, [5], ["5"], "0x10", "1e1", " 5", "5 ", "+5", "-1", "5.0", 5.5, "", null, {}, Number.NaN, "٥"]) {
      const result = policySchema.safeParse({ ...valid, maxActiveKeys: bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.path, JSON.stringify(bad)).toEqual(["maxActiveKeys"]);
    }
  });

  it("takes rate limits as empty (none) or whole numbers, the default at most the maximum", () => {
    expect(policySchema.parse({ ...valid, defaultRateLimitRequests: "", maxRateLimitPerMinute: "" })).toMatchObject(noRateLimits);
    expect(
      policySchema.parse({ ...valid, defaultRateLimitRequests: "5", defaultRateLimitPer: "second", maxRateLimitPerMinute: "300" }),
    ).toMatchObject({ defaultRateLimitRequests: 5, defaultRateLimitPer: "second", maxRateLimitPerMinute: 300 });
    // 5 per second is 300 per minute: above a maximum of 299.
    const over = policySchema.safeParse({
      ...valid,
      defaultRateLimitRequests: 5,
      defaultRateLimitPer: "second",
      maxRateLimitPerMinute: 299,
    });
    expect(over.error?.issues[0]?.path).toEqual(["defaultRateLimitRequests"]);
    for (const bad of ["0", "-1", "1.5", "abc", 2_000_000, true]) {
      expect(policySchema.safeParse({ ...valid, maxRateLimitPerMinute: bad }).error?.issues[0]?.path, String(bad)).toEqual([
        "maxRateLimitPerMinute",
      ]);
    }
    expect(policySchema.safeParse({ ...valid, defaultRateLimitPer: "hour" }).success).toBe(false);
  });
});
