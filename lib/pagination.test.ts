import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, firstParam, pageWindow, parsePage, toPage } from "./pagination";

describe("parsePage", () => {
  it("reads a positive page number and treats anything else as page 1", () => {
    expect(parsePage("3")).toBe(3);
    expect(parsePage(["7", "9"])).toBe(7);
    for (const bad of [undefined, "", "0", "-2", "1.5", "abc", "1e3", "9999999", " 2"]) expect(parsePage(bad), String(bad)).toBe(1);
    expect(parsePage("999999")).toBe(100_000);
  });
});

describe("pageWindow and toPage", () => {
  it("turns a page into an offset and counts pages", () => {
    expect(pageWindow(3, 25)).toEqual({ skip: 50, take: 25 });
    expect(toPage([], 0, 1, 25).pageCount).toBe(1);
    expect(toPage([], 51, 1, 25).pageCount).toBe(3);
  });

  it("keeps pages open past a capped count while they are full", () => {
    const full = Array.from({ length: 50 }, (_, i) => i);
    expect(toPage(full, 10_000, 1, 50, 10_000)).toMatchObject({ capped: true, pageCount: 200 });
    expect(toPage(full, 10_000, 200, 50, 10_000)).toMatchObject({ capped: true, pageCount: 201 });
    expect(toPage(full.slice(0, 3), 10_000, 230, 50, 10_000)).toMatchObject({ capped: true, pageCount: 230 });
    expect(toPage(full, 9_999, 1, 50, 10_000)).toMatchObject({ capped: false, pageCount: 200 });
  });

  it("firstParam takes the first value", () => {
    expect(firstParam(["a", "b"])).toBe("a");
    expect(firstParam(undefined)).toBeUndefined();
  });
});

describe("encodeCursor and decodeCursor", () => {
  it("round-trips a position and refuses anything it did not make", () => {
    const position = { at: new Date("2026-12-01T10:02:11.123Z"), id: 4711 };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
    const forged = (text: string) => Buffer.from(text).toString("base64url");
    for (const bad of [
      "",
      "abc",
      `${cursor}=`,
      `${cursor}A`,
      "not a cursor!",
      forged("1.2.3"),
      forged("-5.1"),
      forged("1764583331123"),
      forged("9999999999999999.1"),
      forged(" 1.2"),
      "A".repeat(200),
    ]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });
});
