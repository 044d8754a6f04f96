// The API's hot-path store on a real database: concurrent lookups (batched into one query on
// PostgreSQL) each get exactly their own key's rows, one per role of its owner.
import { afterAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { ADMIN_ROLE_ID, MEMBER_ROLE_ID } from "../auth/authorities";
import { issueApiKey } from "../keys/issue-api-key";
import { createTestUser, keyInput } from "../testing/fixtures";
import { createApiStore } from "./api-store";

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
    // Pages of 3 rows split the two-role keys' rows across pages (PostgreSQL pages; SQLite streams).
    for (const pageRows of [3, 4, 1_000]) {
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
