// Integer policy fields take whole numbers only: a number, or a string of decimal digits as a
// form posts it; never booleans, arrays, hex, exponents or padded text.
import { describe, expect, it } from "vitest";
import { policySchema } from "./schemas";

const valid = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90 };

describe("policySchema", () => {
  it("accepts whole numbers as numbers or as the digits a form posts", () => {
    expect(policySchema.parse(valid)).toEqual(valid);
    expect(policySchema.parse({ maxActiveKeys: "5", maxLifetimeDays: "200", defaultLifetimeDays: "30" })).toEqual({
      maxActiveKeys: 5,
      maxLifetimeDays: 200,
      defaultLifetimeDays: 30,
    });
  });

  it("refuses anything else with a field error", () => {
    for (const bad of [true, false, [5], ["5"], "0x10", "1e1", " 5", "5 ", "+5", "-1", "5.0", 5.5, "", null, {}, Number.NaN, "٥"]) {
      const result = policySchema.safeParse({ ...valid, maxActiveKeys: bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.path, JSON.stringify(bad)).toEqual(["maxActiveKeys"]);
    }
  });
});
