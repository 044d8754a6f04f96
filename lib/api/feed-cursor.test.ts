import { describe, expect, it } from "vitest";
import { FeedCursor, type FeedRow } from "./feed-cursor";

const row = (id: number, userId: string | null = `u${id}`): FeedRow => ({ id, userId });

describe("FeedCursor", () => {
  it("hands out each row once and moves the floor over contiguous ids", () => {
    const cursor = new FeedCursor(0, 60_000);
    expect(cursor.unseen([row(1), row(2)]).map((r) => r.id)).toEqual([1, 2]);
    cursor.accept([row(1), row(2)], 0);
    expect(cursor.floor).toBe(2);
    expect(cursor.unseen([row(1), row(2), row(3)]).map((r) => r.id)).toEqual([3]);
  });

  it("does not skip a lower id that commits after a higher one", () => {
    const cursor = new FeedCursor(10, 60_000);
    // 12 committed first; 11 was taken by a transaction still open.
    cursor.accept([row(12)], 1_000);
    expect(cursor.maxSeen).toBe(12);
    expect(cursor.floor).toBe(10);
    expect(cursor.gapIds()).toEqual([11]);
    // New rows are read above maxSeen, the gap is asked for by id.
    cursor.accept([row(11), row(13)], 2_000);
    expect(cursor.gapIds()).toEqual([]);
    expect(cursor.floor).toBe(13);
  });

  it("gives up on a gap after the timeout (a rolled-back transaction never fills it)", () => {
    const cursor = new FeedCursor(0, 60_000);
    cursor.accept([row(1), row(3)], 0);
    cursor.advance(59_999);
    expect(cursor.floor).toBe(1);
    expect(cursor.gapIds()).toEqual([2]);
    cursor.advance(60_000);
    expect(cursor.floor).toBe(3);
    expect(cursor.gapIds()).toEqual([]);
  });

  it("treats a huge jump as a restart of the sequence rather than tracking every id", () => {
    const cursor = new FeedCursor(5, 60_000);
    cursor.accept([row(1_000_000)], 0);
    expect(cursor.floor).toBe(1_000_000);
    expect(cursor.gapIds()).toEqual([]);
  });

  it("ignores duplicates and rows at or below the floor", () => {
    const cursor = new FeedCursor(5, 60_000);
    expect(cursor.unseen([row(5), row(4), row(6), row(6)]).map((r) => r.id)).toEqual([6]);
  });
});
