import { describe, expect, it } from "vitest";
import { WindowCounts } from "./window-counts";

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe("WindowCounts", () => {
  const perMinute = { requests: 3, windowSeconds: 60 };

  it("allows exactly the limit in a window, counts refusals, and says when it ends", () => {
    const c = clock();
    const counts = new WindowCounts(c.now);
    const first = counts.consume("key", "k1", perMinute);
    expect(first).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60, windowSeconds: 60 });
    c.t += 20_500;
    expect(counts.consume("key", "k1", perMinute)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 40 });
    expect(counts.consume("key", "k1", perMinute)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = counts.consume("key", "k1", perMinute);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 40 });
    // Refused requests count too: the window is not extended, and ends when it said.
    c.t += 39_500;
    expect(counts.consume("key", "k1", perMinute)).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 60 });
  });

  it("a refusal in the last moments of a window still says to wait at least a second", () => {
    const c = clock();
    const counts = new WindowCounts(c.now);
    for (let i = 0; i < 3; i++) counts.consume("key", "k1", perMinute);
    c.t += 59_999;
    expect(counts.consume("key", "k1", perMinute)).toMatchObject({ allowed: false, resetSeconds: 1 });
  });

  it("keeps scopes and ids apart", () => {
    const counts = new WindowCounts(clock().now);
    const one = { requests: 1, windowSeconds: 60 };
    expect(counts.consume("key", "a", one).allowed).toBe(true);
    expect(counts.consume("key", "a", one).allowed).toBe(false);
    expect(counts.consume("key", "b", one).allowed).toBe(true);
    expect(counts.consume("leaks", "a", one).allowed).toBe(true);
  });

  it("a changed limit starts a fresh count", () => {
    const counts = new WindowCounts(clock().now);
    for (let i = 0; i < 3; i++) counts.consume("key", "k1", perMinute);
    expect(counts.consume("key", "k1", perMinute).allowed).toBe(false);
    expect(counts.consume("key", "k1", { requests: 5, windowSeconds: 60 })).toMatchObject({ allowed: true, remaining: 4 });
  });

  it("peek reports without counting", () => {
    const c = clock();
    const counts = new WindowCounts(c.now);
    expect(counts.peek("key", "k1", perMinute)).toEqual({ allowed: true, limit: 3, remaining: 3, resetSeconds: 60, windowSeconds: 60 });
    counts.consume("key", "k1", perMinute);
    c.t += 10_000;
    expect(counts.peek("key", "k1", perMinute)).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 50 });
    expect(counts.peek("key", "k1", perMinute)).toMatchObject({ remaining: 2 });
    counts.consume("key", "k1", perMinute);
    counts.consume("key", "k1", perMinute);
    // Spent: the next request would be refused.
    expect(counts.peek("key", "k1", perMinute)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it("sweep drops only the windows that have ended", () => {
    const c = clock();
    const counts = new WindowCounts(c.now);
    counts.consume("key", "short", { requests: 10, windowSeconds: 1 });
    counts.consume("key", "long", perMinute);
    counts.consume("fa", "198.51.100.7", { requests: 10, windowSeconds: 1 });
    expect(counts.size).toBe(3);
    c.t += 1_000;
    counts.sweep();
    expect(counts.size).toBe(1);
    expect(counts.peek("key", "long", perMinute)).toMatchObject({ remaining: 2 });
  });
});
