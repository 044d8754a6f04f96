// The KeyChange feed read through the API's store, on a real database: positions, gaps, pruning.
import { afterAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { createApiStore } from "../db/api-store";
import { db, transaction } from "../db/client";
import { issueApiKey } from "../keys/issue-api-key";
import { createTestUser, keyInput } from "../testing/fixtures";
import { databaseFeedSource, KeyChangeFeed, pruneKeyChanges } from "./key-change-feed";

const store = createApiStore();
afterAll(() => store.close());

describe("the KeyChange feed in the database", () => {
  it("starts below anything recent, reads new rows and rows by id, and prunes old ones", async () => {
    const user = await createTestUser();
    await issueApiKey(user, keyInput(), NO_REQUEST);
    await issueApiKey(user, keyInput(), NO_REQUEST);
    const rows = await db.keyChange.findMany({ orderBy: { id: "asc" } });
    const [older, ...recent] = rows.slice(-2);
    // Age one row by two hours.
    await transaction((tx) => tx.keyChange.update({ where: { id: older.id }, data: { at: new Date(Date.now() - 2 * 3_600_000) } }));

    const source = databaseFeedSource(store);
    expect(await source.startFloor(60_000)).toBe(older.id);
    expect(await source.readAfter(older.id, 10)).toEqual(recent.map((r) => ({ id: r.id, userId: user.id })));
    expect(await source.readIds([older.id, 999_999])).toEqual([{ id: older.id, userId: user.id }]);

    expect(await pruneKeyChanges(3_600_000)).toBeGreaterThanOrEqual(1);
    expect(await db.keyChange.findUnique({ where: { id: older.id } })).toBeNull();
    expect(await db.keyChange.count({ where: { id: { in: recent.map((r) => r.id) } } })).toBe(recent.length);
  });

  it("hears a committed change on the next poll", async () => {
    const heard: (string | null)[] = [];
    const feed = new KeyChangeFeed(databaseFeedSource(store), { invalidate: (users) => void heard.push(...users) }, { intervalMs: 60_000 });
    await feed.start();
    heard.length = 0;
    const user = await createTestUser();
    await issueApiKey(user, keyInput(), NO_REQUEST);
    await feed.sync();
    expect(heard).toContain(user.id);
    await feed.stop();
  });
});
