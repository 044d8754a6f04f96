import { describe, expect, it } from "vitest";
import { niceMax } from "./usage-detail-chart";

describe("niceMax", () => {
  it("rounds the axis up to 1, 2, 2.5 or 5 times a power of ten, never below the busiest day", () => {
    expect(niceMax(0)).toBe(4);
    expect(niceMax(3)).toBe(4);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(240)).toBe(250);
    expect(niceMax(251)).toBe(500);
    expect(niceMax(1000)).toBe(1000);
    expect(niceMax(1001)).toBe(2000);
  });
});
