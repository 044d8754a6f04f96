// The API's hot-path store on a real database: concurrent lookups (batched into one query on
// PostgreSQL) each get exactly their own key's rows, one per role of its owner; the directory's
// refresh after a user's change reads that user's keys but those revoked long ago.
import { afterAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { ADMIN_ROLE_ID, MEMBER_ROLE_ID } from "../auth/authorities";
import { issueApiKey } from "../keys/issue-api-key";
import { createTestUser, keyInput } from "../testing/fixtures";
import { createApiStore, REFRESH_REVOKED_MS } from "./api-store";
import { db } from "./client";

const store = createApiStore(process.env.DATABASE_URL!);
afterAll(() => store.close());

describe("api store lookups", () => {
  it("answer concurrent lookups each with their own key and its owner's roles", async () => {
    const both = await createTestUser({ roleIds: [ADMIN_ROLE_ID, MEMBER_ROLE_ID] });
    const member = await createTestUser();
    const keys = [
      ...(await Promise.all([0, 1, 2].map(() => issueApiKey(both, keyInput(), NO_REQUEST)))),
      ...(await Promise.all([0, 1].map(() => issueApiKey(member, keyInput({ apiSets: ["keys:read"] }), NO_REQUEST)))),
    ];
    const asked = [...keys.map((k) => k.key.clientId), "AAAAAAAAAAAAAAAAAAAA", keys[0].key.clientId];
    const answers = await Promise.all(asked.map((id) => store.lookupKey(id)));

    for (const [i, k] of keys.entries()) {
      const rows = answers[i];
      const owner = i < 3 ? both : member;
      expect(rows.map((r) => r.roleId).sort()).toEqual((i < 3 ? [ADMIN_ROLE_ID, MEMBER_ROLE_ID] : [MEMBER_ROLE_ID]).sort());
      for (const row of rows) {
        expect(row).toMatchObject({
          keyId: k.key.id,
          clientId: k.key.clientId,
          ownerId: owner.id,
          ownerEmail: owner.email,
          disabled: false,
          apiAccess: true,
          revokedAt: null,
        });
        expect(row.expiresAt).toBe(new Date(k.key.expiresAt).getTime());
      }
    }
    expect(answers[keys.length]).toEqual([]);
    expect(answers[keys.length + 1]).toEqual(answers[0]);
  });

  it("read every key once with all its owner's roles, a page at a time, or one user's keys", async () => {
    const both = await createTestUser({ roleIds: [ADMIN_ROLE_ID, MEMBER_ROLE_ID] });
    const member = await createTestUser();
    const mine = await Promise.all([0, 1, 2].map(() => issueApiKey(both, keyInput(), NO_REQUEST)));
    const theirs = await Promise.all([0, 1].map(() => issueApiKey(member, keyInput(), NO_REQUEST)));
    const expected = new Map([...mine.map((k) => [k.key.clientId, 2] as const), ...theirs.map((k) => [k.key.clientId, 1] as const)]);
    // Small pages split the two-role keys' rows across pages, or hold part of one key (PostgreSQL pages; SQLite streams).
    for (const pageRows of [1, 2, 3, 4, 1_000]) {
      const seen = new Map<string, number>();
      let last = "";
      await store.forEachKey(
        (rows) => {
          const id = rows[0].clientId;
          expect(rows.every((r) => r.clientId === id)).toBe(true);
          expect(id > last).toBe(true);
          last = id;
          expect(seen.has(id)).toBe(false);
          seen.set(id, rows.length);
          const again = rows.map((r) => r.roleId).sort();
          expect(new Set(again).size).toBe(again.length);
        },
        undefined,
        pageRows,
      );
      for (const [id, roles] of expected) expect(seen.get(id)).toBe(roles);
    }
    const onlyMember: string[] = [];
    await store.forEachKey((rows) => onlyMember.push(rows[0].clientId), member.id, 2);
    expect(onlyMember.sort()).toEqual(theirs.map((k) => k.key.clientId).sort());
  });
});

describe("api store key reads after a change", () => {
  it("lists every key, and for one user all of theirs but those revoked longer ago than the refresh window", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const [active, recent, old, elsewhere] = await Promise.all([
      issueApiKey(user, keyInput(), NO_REQUEST),
      issueApiKey(user, keyInput(), NO_REQUEST),
      issueApiKey(user, keyInput(), NO_REQUEST),
      issueApiKey(other, keyInput(), NO_REQUEST),
    ]);
    await db.apiKey.update({ where: { id: recent.key.id }, data: { revokedAt: new Date(Date.now() - REFRESH_REVOKED_MS / 2) } });
    await db.apiKey.update({ where: { id: old.key.id }, data: { revokedAt: new Date(Date.now() - 2 * REFRESH_REVOKED_MS) } });
    const mine: string[] = [];
    await store.forEachKey((rows) => mine.push(rows[0].clientId), user.id, 1);
    expect(mine.sort()).toEqual([active.key.clientId, recent.key.clientId].sort());
    const all = new Set<string>();
    await store.forEachKey((rows) => all.add(rows[0].clientId));
    for (const k of [active, recent, old, elsewhere]) expect(all.has(k.key.clientId)).toBe(true);
  });
});
