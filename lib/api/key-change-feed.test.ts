import { describe, expect, it, vi } from "vitest";
import type { FeedRow } from "./feed-cursor";
import { type FeedSource, KeyChangeFeed } from "./key-change-feed";

function fakeSource(initial: FeedRow[] = []) {
  const rows = [...initial];
  let reads = 0;
  let failNext = false;
  const source: FeedSource = {
    startFloor: async () => 0,
    async readAfter(id, limit) {
      reads += 1;
      await new Promise((r) => setTimeout(r, 1));
      if (failNext) {
        failNext = false;
        throw new Error("database unavailable");
      }
      return rows
        .filter((r) => r.id > id)
        .sort((a, b) => a.id - b.id)
        .slice(0, limit);
    },
    readIds: async (ids) => rows.filter((r) => ids.includes(r.id)),
  };
  return {
    source,
    commit: (row: FeedRow) => rows.push(row),
    reads: () => reads,
    failNextRead: () => {
      failNext = true;
    },
  };
}

describe("KeyChangeFeed", () => {
  it("invalidates the users named by new rows, once each", async () => {
    const fake = fakeSource([{ id: 1, userId: "a" }]);
    const invalidate = vi.fn();
    const feed = new KeyChangeFeed(fake.source, { invalidate }, { intervalMs: 60_000 });
    await feed.start();
    expect(invalidate).toHaveBeenCalledWith(["a"]);
    fake.commit({ id: 2, userId: "b" });
    fake.commit({ id: 3, userId: null });
    await feed.sync();
    expect(invalidate).toHaveBeenLastCalledWith(["b", null]);
    await feed.sync();
    expect(invalidate).toHaveBeenCalledTimes(2);
    await feed.stop();
  });

  it("shares one poll among concurrent callers, but always one that began after the call", async () => {
    const fake = fakeSource();
    const feed = new KeyChangeFeed(fake.source, { invalidate: () => {} }, { intervalMs: 60_000 });
    await feed.start();
    const before = fake.reads();
    const first = feed.sync(); // starts a poll now
    const waiting = Array.from({ length: 20 }, () => feed.sync()); // arrive during it: need the next one
    await Promise.all([first, ...waiting]);
    expect(fake.reads() - before).toBe(2);
    await feed.stop();
  });

  it("is fresh only within the lease after a successful poll", async () => {
    let now = 1_000;
    const fake = fakeSource();
    const feed = new KeyChangeFeed(fake.source, { invalidate: () => {} }, { intervalMs: 60_000, leaseMs: 750, now: () => now });
    await feed.start();
    expect(feed.isFresh()).toBe(true);
    now += 749;
    expect(feed.isFresh()).toBe(true);
    now += 1;
    expect(feed.isFresh()).toBe(false);
    fake.failNextRead();
    await expect(feed.sync()).rejects.toThrow("database unavailable");
    expect(feed.isFresh()).toBe(false);
    await feed.sync();
    expect(feed.isFresh()).toBe(true);
    await feed.stop();
  });

  it("reads rows again when applying them failed", async () => {
    const fake = fakeSource();
    const invalidate = vi.fn();
    let failRefresh = true;
    const feed = new KeyChangeFeed(
      fake.source,
      {
        invalidate,
        refresh: async () => {
          if (failRefresh) throw new Error("refresh failed");
        },
      },
      { intervalMs: 60_000 },
    );
    await feed.start();
    fake.commit({ id: 1, userId: "a" });
    await expect(feed.sync()).rejects.toThrow("refresh failed");
    failRefresh = false;
    await feed.sync();
    expect(invalidate.mock.calls).toEqual([[["a"]], [["a"]]]);
    await feed.stop();
  });

  it("invalidates at once on a commit-time notice", async () => {
    const fake = fakeSource();
    let notify: (userId: string | null) => void = () => {};
    fake.source.listen = async (onChange) => {
      notify = onChange;
      return async () => {};
    };
    const invalidate = vi.fn();
    const feed = new KeyChangeFeed(fake.source, { invalidate }, { intervalMs: 60_000 });
    await feed.start();
    notify("z");
    expect(invalidate).toHaveBeenCalledWith(["z"]);
    await feed.stop();
  });

  it("starts once: a retried start neither listens nor polls twice", async () => {
    const fake = fakeSource();
    const listen = vi.fn(async () => async () => {});
    const feed = new KeyChangeFeed({ ...fake.source, listen }, { invalidate: () => {} }, { intervalMs: 60_000 });
    await feed.start();
    const reads = fake.reads();
    await feed.start();
    expect(listen).toHaveBeenCalledTimes(1);
    expect(fake.reads()).toBe(reads);
    await feed.stop();
  });
});
