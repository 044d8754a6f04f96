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
});

describe("api store client ids", () => {
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
    await store.forEachClientId((id) => mine.push(id), user.id);
    expect(mine.sort()).toEqual([active.key.clientId, recent.key.clientId].sort());
    const all = new Set<string>();
    await store.forEachClientId((id) => all.add(id));
    for (const k of [active, recent, old, elsewhere]) expect(all.has(k.key.clientId)).toBe(true);
  });
});
