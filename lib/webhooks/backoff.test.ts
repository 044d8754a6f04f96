import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff";

describe("backoffMs", () => {
  it("doubles from 10 s and stops growing at 30 minutes", () => {
    const top = (n: number) => backoffMs(n, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(top(9)).toBe(30 * 60 * 1000);
    expect(top(40)).toBe(30 * 60 * 1000);
  });

  it("jitters each delay between half and all of it", () => {
    expect(backoffMs(3, () => 0)).toBe(20_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffMs(5);
      expect(d).toBeGreaterThanOrEqual(80_000);
      expect(d).toBeLessThanOrEqual(160_000);
    }
  });

  it("keeps roughly 24 hours of retries within a bounded number of attempts", () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 24 * 60 * 60 * 1000) elapsed += backoffMs(++attempts, () => 1);
    expect(attempts).toBeGreaterThan(40);
    expect(attempts).toBeLessThan(60);
  });
});
