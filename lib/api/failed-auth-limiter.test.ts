import { describe, expect, it } from "vitest";
import { FailedAuthLimiter } from "./failed-auth-limiter";

describe("FailedAuthLimiter", () => {
  it("allows a burst of failures, then asks the IP to wait until a token refills", () => {
    let now = 0;
    const limiter = new FailedAuthLimiter({ burst: 3, perMinute: 6, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("a")).toBe(0);
      limiter.fail("a");
    }
    expect(limiter.retryAfter("a")).toBe(10); // one token per 10 s
    expect(limiter.retryAfter("b")).toBe(0);
    now += 9_000;
    expect(limiter.retryAfter("a")).toBe(1);
    now += 1_000;
    expect(limiter.retryAfter("a")).toBe(0);
  });

  it("can be switched off, and forgets IPs whose bucket is full again", () => {
    let now = 0;
    const off = new FailedAuthLimiter({ burst: 0 });
    for (let i = 0; i < 100; i++) off.fail("a");
    expect(off.retryAfter("a")).toBe(0);

    const limiter = new FailedAuthLimiter({ burst: 2, perMinute: 60, maxTracked: 3, now: () => now });
    limiter.fail("a");
    limiter.fail("b");
    now += 60_000;
    limiter.sweep();
    expect(limiter.tracked).toBe(0);
    for (const ip of ["a", "b", "c", "d", "e"]) limiter.fail(ip);
    expect(limiter.tracked).toBeLessThanOrEqual(3);
  });
});
