import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueKeySchema, regenerateKeySchema } from "./schemas";

const valid = { name: "CI deploy", description: "", apiSets: ["profile:read"], expiresIn: "30d" };

function errorsOf(input: unknown) {
  const result = issueKeySchema.safeParse(input);
  expect(result.success).toBe(false);
  return z.flattenError(result.error!).fieldErrors as Record<string, string[]>;
}

describe("issueKeySchema", () => {
  it("accepts a complete form and trims names", () => {
    const parsed = issueKeySchema.parse({ ...valid, name: "  CI deploy  ", apiSets: ["keys:read", "profile:read", "keys:read"] });
    expect(parsed.name).toBe("CI deploy");
    expect(parsed.apiSets).toEqual(["keys:read", "profile:read"]);
  });

  it("names every problem next to its field", () => {
    expect(errorsOf({ ...valid, name: "   " }).name).toEqual(["Enter a name."]);
    expect(errorsOf({ ...valid, name: "x".repeat(200) }).name).toEqual(["Use at most 64 characters."]);
    expect(errorsOf({ ...valid, name: "bad\u0000name" }).name).toEqual(["Remove control and invisible characters."]);
    expect(errorsOf({ ...valid, apiSets: [] }).apiSets).toEqual(["Select at least one API set."]);
    expect(errorsOf({ ...valid, apiSets: ["profile:read", "root:all"] }).apiSets).toEqual(["Unknown API set: root:all."]);
    expect(errorsOf({ ...valid, expiresIn: "never" }).expiresIn).toEqual(["Choose an expiration."]);
    expect(errorsOf({ ...valid, expiresIn: "custom" }).customDate).toEqual(["Choose an expiry date."]);
    expect(errorsOf({ ...valid, description: "d".repeat(281) }).description).toEqual(["Use at most 280 characters."]);
    for (const bad of ["2.5", "abc", "0", true]) {
      expect(errorsOf({ ...valid, rateLimitRequests: bad }).rateLimitRequests, String(bad)).toEqual([
        "Enter a number of requests from 1 to 1,000,000, or leave it empty.",
      ]);
    }
  });

  it("refuses wrong types without throwing", () => {
    expect(issueKeySchema.safeParse(null).success).toBe(false);
    expect(issueKeySchema.safeParse({ ...valid, apiSets: "profile:read" }).success).toBe(false);
    expect(issueKeySchema.safeParse({ ...valid, name: 42 }).success).toBe(false);
  });
});

describe("regenerateKeySchema", () => {
  it("defaults to no grace period and refuses unknown ones", () => {
    expect(regenerateKeySchema.parse({ keyId: "k1" }).grace).toBe("none");
    expect(regenerateKeySchema.safeParse({ keyId: "k1", grace: "forever" }).success).toBe(false);
    expect(regenerateKeySchema.safeParse({ keyId: "" }).success).toBe(false);
  });
});
