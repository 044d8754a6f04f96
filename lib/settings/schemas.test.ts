// Integer policy fields take whole numbers only: a number, or a string of decimal digits as a
// form posts it; never booleans, arrays, hex, exponents or padded text.
import { describe, expect, it } from "vitest";
import { policySchema } from "./schemas";

const valid = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90, maxWebhooks: 10 };
const noRateLimits = {
  defaultRateLimitRequests: null,
  defaultRateLimitPer: "minute",
  maxRateLimitPerMinute: null,
  revokeUnusedAfterDays: null,
};

describe("policySchema", () => {
  it("accepts whole numbers as numbers or as the digits a form posts", () => {
    expect(policySchema.parse(valid)).toEqual({ ...valid, ...noRateLimits });
    expect(policySchema.parse({ maxActiveKeys: "5", maxLifetimeDays: "200", defaultLifetimeDays: "30", maxWebhooks: "25" })).toEqual({
      maxActiveKeys: 5,
      maxLifetimeDays: 200,
      defaultLifetimeDays: 30,
      maxWebhooks: 25,
      ...noRateLimits,
    });
  });

  it("refuses anything else with a field error", () => {
    const bads = [true, false, [5], ["5"], "0x10", "1e1", " 5", "5 ", "+5", "-1", "5.0", 5.5, "", null, undefined, {}, Number.NaN, "٥"];
    for (const field of ["maxActiveKeys", "maxWebhooks"] as const) {
      for (const bad of bads) {
        const result = policySchema.safeParse({ ...valid, [field]: bad });
        expect(result.success, `${field} ${JSON.stringify(bad)}`).toBe(false);
        expect(
          result.error?.issues.map((i) => i.path),
          `${field} ${JSON.stringify(bad)}`,
        ).toEqual([[field]]);
      }
    }
  });

  it("says which rule a value breaks, with the same messages as the server's", () => {
    const message = (value: unknown) => policySchema.safeParse({ ...valid, maxWebhooks: value }).error?.issues.map((i) => i.message);
    expect(message("2.5")).toEqual(["Enter a whole number."]);
    expect(message(2.5)).toEqual(["Enter a whole number."]);
    expect(message("ten")).toEqual(["Enter a number from 1 to 100."]);
    expect(message("")).toEqual(["Enter a number from 1 to 100."]);
    expect(policySchema.safeParse({ ...valid, maxLifetimeDays: "7.5" }).error?.issues.map((i) => i.message)).toEqual([
      "Enter a whole number of days.",
    ]);
  });

  it("keeps the webhook limit from 1 to 100", () => {
    expect(policySchema.parse({ ...valid, maxWebhooks: 1 }).maxWebhooks).toBe(1);
    expect(policySchema.parse({ ...valid, maxWebhooks: "100" }).maxWebhooks).toBe(100);
    for (const bad of [0, "0", 101, "101", 1_000_000_000]) {
      const result = policySchema.safeParse({ ...valid, maxWebhooks: bad });
      expect(
        result.error?.issues.map((i) => [i.path, i.message]),
        JSON.stringify(bad),
      ).toEqual([[["maxWebhooks"], "Enter a number from 1 to 100."]]);
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

  it('names what is wrong with an optional field, never a bare "Invalid input"', () => {
    const messages = (input: Record<string, unknown>) =>
      policySchema.safeParse({ ...valid, ...input }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(messages({ maxRateLimitPerMinute: "2.5" })).toEqual([["maxRateLimitPerMinute", "Enter a whole number of requests."]]);
    expect(messages({ maxRateLimitPerMinute: "abc" })).toEqual([
      ["maxRateLimitPerMinute", "Enter the maximum rate limit as a number of requests, or leave it empty."],
    ]);
    expect(messages({ defaultRateLimitRequests: "0" })).toEqual([
      ["defaultRateLimitRequests", "Enter a number from 1 to 1,000,000, or leave it empty."],
    ]);
    expect(messages({ revokeUnusedAfterDays: "30.5" })).toEqual([["revokeUnusedAfterDays", "Enter a whole number of days."]]);
    expect(messages({ revokeUnusedAfterDays: "7" })).toEqual([
      ["revokeUnusedAfterDays", "Enter a number of days from 8 to 365, or leave it empty."],
    ]);
    expect(messages({ revokeUnusedAfterDays: true })).toEqual([
      ["revokeUnusedAfterDays", "Enter a number of days from 8 to 365, or leave it empty."],
    ]);
    expect(policySchema.parse({ ...valid, revokeUnusedAfterDays: null, maxRateLimitPerMinute: undefined })).toMatchObject({
      revokeUnusedAfterDays: null,
      maxRateLimitPerMinute: null,
    });
  });
});
