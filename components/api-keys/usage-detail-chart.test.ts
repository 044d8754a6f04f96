import { describe, expect, it } from "vitest";
import { axisTicks, niceMax } from "./usage-detail-chart";

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

describe("axisTicks", () => {
  it("labels the axis with whole numbers only", () => {
    expect(axisTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(axisTicks(25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(axisTicks(200)).toEqual([0, 50, 100, 150, 200]);
    for (const max of [4, 10, 20, 25, 50, 100, 250, 500, 1000, 2500]) expect(axisTicks(max).every(Number.isInteger)).toBe(true);
  });
});
