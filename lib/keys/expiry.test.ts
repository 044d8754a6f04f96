import { describe, expect, it } from "vitest";
import { KeydeskError } from "../errors";
import { addDays, defaultExpiryChoice, latestCustomDate, resolveExpiry } from "./expiry";

const now = new Date("2026-03-10T15:30:00.000Z");
const policy = { maxLifetimeDays: 365 };

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KeydeskError);
    return (error as KeydeskError).field;
  }
  throw new Error("expected a refusal");
}

describe("resolveExpiry", () => {
  it("runs presets from now", () => {
    expect(resolveExpiry("7d", undefined, policy, now)).toEqual(addDays(now, 7));
    expect(resolveExpiry("30d", undefined, policy, now)).toEqual(addDays(now, 30));
    expect(resolveExpiry("90d", undefined, policy, now)).toEqual(addDays(now, 90));
    expect(resolveExpiry("1y", undefined, policy, now)).toEqual(addDays(now, 365));
  });

  it("runs a custom date to the end of that day (UTC)", () => {
    expect(resolveExpiry("custom", "2026-04-01", policy, now).toISOString()).toBe("2026-04-01T23:59:59.999Z");
  });

  it("accepts the last day the policy allows, never living longer than the maximum, and refuses the day after", () => {
    const last = latestCustomDate(now, 365);
    expect(last).toBe("2027-03-10");
    expect(resolveExpiry("custom", last, policy, now)).toEqual(addDays(now, 365));
    expect(resolveExpiry("custom", "2026-03-11", { maxLifetimeDays: 1 }, now)).toEqual(addDays(now, 1));
    expect(fieldOf(() => resolveExpiry("custom", "2027-03-11", policy, now))).toBe("customDate");
  });

  it("refuses today, the past and malformed or impossible dates", () => {
    for (const bad of ["2026-03-10", "2026-03-09", "1999-01-01", "2026-02-30", "2026-13-01", "tomorrow", "", undefined, "2026-3-11"]) {
      expect(
        fieldOf(() => resolveExpiry("custom", bad, policy, now)),
        String(bad),
      ).toBe("customDate");
    }
  });

  it("refuses presets longer than a stricter policy", () => {
    expect(fieldOf(() => resolveExpiry("1y", undefined, { maxLifetimeDays: 90 }, now))).toBe("expiresIn");
    expect(resolveExpiry("90d", undefined, { maxLifetimeDays: 90 }, now)).toEqual(addDays(now, 90));
  });

  it("has no 'never' option", () => {
    expect(fieldOf(() => resolveExpiry("never" as "7d", undefined, policy, now))).toBe("expiresIn");
  });
});

describe("defaultExpiryChoice", () => {
  it("picks the longest preset within the default and the maximum", () => {
    expect(defaultExpiryChoice(90, 365)).toBe("90d");
    expect(defaultExpiryChoice(365, 365)).toBe("1y");
    expect(defaultExpiryChoice(60, 365)).toBe("30d");
    expect(defaultExpiryChoice(90, 30)).toBe("30d");
    expect(defaultExpiryChoice(3, 365)).toBe("custom");
  });
});
