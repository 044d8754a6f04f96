// Issue, regenerate, revoke and the API access switch against a real database, through the
// same lib/ functions the server actions call.
import { describe, expect, it } from "vitest";
import { listApiAccess } from "../admin/list-api-access";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import type { KeydeskError } from "../errors";
import { serverSecrets } from "../server-secrets";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser, keyInput } from "../testing/fixtures";
import { refusal } from "../testing/refusal";
import { listUsers } from "../users/list-users";
import { issueApiKey } from "./issue-api-key";
import { keyQuota, listApiKeys } from "./list-api-keys";
import { regenerateApiKey } from "./regenerate-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { setApiAccess } from "./set-api-access";
import { parseToken, secretHashMatches } from "./token";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };

async function snapshot(userId: string) {
  return {
    keys: await db.apiKey.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    audit: await db.auditEvent.count({ where: { targetUserId: userId } }),
  };
}

describe("issueApiKey", () => {
  it("stores only a hash and a hint, and returns the token once", async () => {
    const user = await createTestUser();
    const { key, token } = await issueApiKey(user, keyInput({ name: "CI deploy", apiSets: ["keys:read", "profile:read"] }), meta);
    const parsed = parseToken(token)!;
    expect(parsed.clientId).toBe(key.clientId);

    const row = await db.apiKey.findUniqueOrThrow({ where: { clientId: key.clientId } });
    expect(secretHashMatches(row.secretHash, parsed.secret, serverSecrets().keyPepper)).toBe(true);
    expect(row.secretHint).toBe(token.slice(-4));
    for (const value of Object.values(row)) {
      const text = value instanceof Date ? value.toISOString() : String(value);
      expect(text).not.toContain(parsed.secret);
      expect(text).not.toContain(token);
    }
    expect(row.apiSets).toBe("profile:read keys:read");
    expect(key).not.toHaveProperty("secretHash");

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "key.issued", clientId: key.clientId } });
    expect(audit).toMatchObject({ actorId: user.id, targetUserId: user.id, ip: "203.0.113.7", userAgent: "vitest" });
    expect(JSON.stringify(audit)).not.toContain(parsed.secret);
  });

  it("allows at most the policy's number of active keys, even when 20 requests race", async () => {
    const user = await createTestUser();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => issueApiKey(user, keyInput({ name: `race ${i}` }), NO_REQUEST)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const r of refused) expect((r.reason as KeydeskError).code).toBe("key_limit_reached");
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(3);
    expect((await keyQuota(user.id)).atLimit).toBe(true);
  });

  it("follows the policy row when an administrator changes it", async () => {
    const user = await createTestUser();
    await db.policy.update({ where: { id: 1 }, data: { maxActiveKeys: 1 } });
    try {
      await issueApiKey(user, keyInput(), NO_REQUEST);
      expect((await refusal(issueApiKey(user, keyInput(), NO_REQUEST))).code).toBe("key_limit_reached");
    } finally {
      await db.policy.update({ where: { id: 1 }, data: { maxActiveKeys: 3 } });
    }
  });

  it("refuses bad input with a field and changes nothing", async () => {
    const user = await createTestUser();
    await issueApiKey(user, keyInput({ name: "Deploy" }), NO_REQUEST);
    const before = await snapshot(user.id);

    const duplicate = await refusal(issueApiKey(user, keyInput({ name: "deploy" }), NO_REQUEST));
    expect(duplicate).toMatchObject({ code: "conflict", field: "name" });
    const past = await refusal(issueApiKey(user, keyInput({ expiresIn: "custom", customDate: "2020-01-01" }), NO_REQUEST));
    expect(past.field).toBe("customDate");
    const tooFar = await refusal(issueApiKey(user, keyInput({ expiresIn: "custom", customDate: "2099-01-01" }), NO_REQUEST));
    expect(tooFar.field).toBe("customDate");

    expect(await snapshot(user.id)).toEqual(before);
  });

  it("allows a revoked key's name again", async () => {
    const user = await createTestUser();
    const first = await issueApiKey(user, keyInput({ name: "Reporting" }), NO_REQUEST);
    await revokeApiKey(user, { keyId: first.key.id }, NO_REQUEST);
    const second = await issueApiKey(user, keyInput({ name: "Reporting" }), NO_REQUEST);
    expect(second.key.name).toBe("Reporting");
  });

  it("refuses issuing while API access is off, and for users without 'Use API keys'", async () => {
    const off = await createTestUser({ apiAccess: false });
    expect((await refusal(issueApiKey(off, keyInput(), NO_REQUEST))).code).toBe("api_access_disabled");
    const noRole = await createTestUser({ roleIds: [] });
    expect((await refusal(issueApiKey(noRole, keyInput(), NO_REQUEST))).code).toBe("forbidden");
    expect(await db.apiKey.count({ where: { userId: { in: [off.id, noRole.id] } } })).toBe(0);
  });
});

describe("regenerateApiKey", () => {
  it("keeps name, description and API sets, gives a fresh expiry and stops the old secret at once", async () => {
    const user = await createTestUser();
    const now = new Date("2026-06-01T00:00:00Z");
    const old = await issueApiKey(
      user,
      keyInput({ name: "Billing", description: "nightly", apiSets: ["keys:read"], expiresIn: "7d" }),
      NO_REQUEST,
      { now },
    );
    const later = new Date("2026-06-05T00:00:00Z");
    const fresh = await regenerateApiKey(user, { keyId: old.key.id, grace: "none" }, meta, { now: later });

    expect(fresh.token).not.toBe(old.token);
    expect(fresh.key).toMatchObject({ name: "Billing", description: "nightly", apiSets: ["keys:read"], status: "active" });
    expect(fresh.key.expiresAt).toBe("2026-06-12T00:00:00.000Z");
    const oldRow = await db.apiKey.findUniqueOrThrow({ where: { id: old.key.id } });
    expect(oldRow.revokedAt?.toISOString()).toBe(later.toISOString());
    expect(oldRow.revokedReason).toBe("regenerated");
    expect(oldRow.replacedById).toBe(fresh.key.id);
  });

  it("can keep the old secret for a grace period but never extends it", async () => {
    const user = await createTestUser();
    const now = new Date("2026-06-01T00:00:00Z");
    const old = await issueApiKey(user, keyInput({ expiresIn: "30d" }), NO_REQUEST, { now });
    await regenerateApiKey(user, { keyId: old.key.id, grace: "24h" }, NO_REQUEST, { now });
    const oldRow = await db.apiKey.findUniqueOrThrow({ where: { id: old.key.id } });
    expect(oldRow.revokedAt).toBeNull();
    expect(oldRow.expiresAt.toISOString()).toBe("2026-06-02T00:00:00.000Z");

    const short = await issueApiKey(user, keyInput({ expiresIn: "custom", customDate: "2026-06-02" }), NO_REQUEST, {
      now: new Date("2026-06-01T10:00:00Z"),
    });
    // 24 hours from now would be after the key's own expiry: the old secret keeps that expiry.
    await regenerateApiKey(user, { keyId: short.key.id, grace: "24h" }, NO_REQUEST, { now: new Date("2026-06-02T20:00:00Z") });
    const shortRow = await db.apiKey.findUniqueOrThrow({ where: { id: short.key.id } });
    expect(shortRow.expiresAt.toISOString()).toBe("2026-06-02T23:59:59.999Z");
  });

  it("does not count a replaced key in grace against the limit", async () => {
    const user = await createTestUser();
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push(await issueApiKey(user, keyInput(), NO_REQUEST));
    await regenerateApiKey(user, { keyId: keys[0].key.id, grace: "1h" }, NO_REQUEST);
    expect((await keyQuota(user.id)).activeCount).toBe(3);
  });

  it("counts the same active keys everywhere: the rows, the limit, the users list and API management", async () => {
    const admin = await userWith(["users:manage", "keys:manage"], { apiAccess: false });
    const user = await createTestUser({ name: `Counted ${Date.now()}` });
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push(await issueApiKey(user, keyInput(), NO_REQUEST));
    await regenerateApiKey(user, { keyId: keys[0].key.id, grace: "24h" }, NO_REQUEST); // old one: replaced, still works
    await revokeApiKey(user, { keyId: keys[1].key.id }, NO_REQUEST);

    const statuses = (await listApiKeys(user.id)).map((k) => k.status).sort();
    expect(statuses).toEqual(["active", "active", "replaced", "revoked"]);
    expect((await keyQuota(user.id)).activeCount).toBe(2);
    const usersRow = (await listUsers(admin, { q: user.email, page: 1 })).rows.find((r) => r.id === user.id);
    expect(usersRow?.activeKeys).toBe(2);
    const accessRows = (await listApiAccess(admin, {}, 1)).rows.find((r) => r.id === user.id);
    expect(accessRows?.activeKeys).toBe(2);
  });

  it("refuses revoked, already regenerated and other users' keys, changing nothing", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const revoked = await issueApiKey(owner, keyInput(), NO_REQUEST);
    await revokeApiKey(owner, { keyId: revoked.key.id }, NO_REQUEST);
    const rotated = await issueApiKey(owner, keyInput(), NO_REQUEST);
    await regenerateApiKey(owner, { keyId: rotated.key.id, grace: "1h" }, NO_REQUEST);
    const before = await snapshot(owner.id);

    expect((await refusal(regenerateApiKey(owner, { keyId: revoked.key.id, grace: "none" }, NO_REQUEST))).code).toBe("conflict");
    expect((await refusal(regenerateApiKey(owner, { keyId: rotated.key.id, grace: "none" }, NO_REQUEST))).code).toBe("conflict");
    expect((await refusal(regenerateApiKey(other, { keyId: rotated.key.id, grace: "none" }, NO_REQUEST))).code).toBe("not_found");
    expect((await refusal(regenerateApiKey(owner, { keyId: "no-such-key", grace: "none" }, NO_REQUEST))).code).toBe("not_found");
    expect(await snapshot(owner.id)).toEqual(before);
  });
});

describe("revokeApiKey and ownership", () => {
  it("revokes at once and keeps the key listed as Revoked", async () => {
    const user = await createTestUser();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const revoked = await revokeApiKey(user, { keyId: key.id }, meta);
    expect(revoked.status).toBe("revoked");
    const listed = await listApiKeys(user.id);
    expect(listed.map((k) => [k.id, k.status])).toEqual([[key.id, "revoked"]]);
    expect((await refusal(revokeApiKey(user, { keyId: key.id }, NO_REQUEST))).code).toBe("conflict");
    expect(await db.auditEvent.count({ where: { action: "key.revoked", clientId: key.clientId } })).toBe(1);
  });

  it("keeps user A away from user B's keys", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    const { key } = await issueApiKey(b, keyInput(), NO_REQUEST);
    expect((await refusal(revokeApiKey(a, { keyId: key.id }, NO_REQUEST))).code).toBe("not_found");
    expect((await listApiKeys(a.id)).map((k) => k.id)).not.toContain(key.id);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("lists newest first", async () => {
    const user = await createTestUser();
    const first = await issueApiKey(user, keyInput(), NO_REQUEST, { now: new Date(Date.now() - 60_000) });
    const second = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await listApiKeys(user.id)).map((k) => k.id)).toEqual([second.key.id, first.key.id]);
  });
});

describe("setApiAccess", () => {
  it("switches access, audits each change and does not revive revoked keys", async () => {
    const user = await createTestUser();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    await setApiAccess(user, false, meta);
    await setApiAccess(user, false, meta); // no change, no row
    await setApiAccess(user, true, meta);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).apiAccess).toBe(true);
    const actions = await db.auditEvent.findMany({
      where: { targetUserId: user.id, action: { startsWith: "api_access" } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["api_access.disabled", "api_access.enabled"]);
    expect((await listApiKeys(user.id))[0].status).toBe("revoked");
  });
});

describe("the key change feed", () => {
  it("records committed changes and nothing for refused ones", async () => {
    const user = await createTestUser();
    const count = () => db.keyChange.count({ where: { userId: user.id } });
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect(await count()).toBe(1);
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    expect(await count()).toBe(2);
    await refusal(revokeApiKey(user, { keyId: key.id }, NO_REQUEST));
    expect(await count()).toBe(2);
  });
});

describe("the key change feed under refusals", () => {
  it("uses no feed id for a change that is refused (no gap for other processes to wait on)", async () => {
    const user = await createTestUser();
    const first = await issueApiKey(user, keyInput({ name: "kept" }), NO_REQUEST);
    const before = await db.keyChange.findFirstOrThrow({ where: { userId: user.id }, orderBy: { id: "desc" } });
    // Refused after the owner's row was locked: duplicate name, already revoked.
    await refusal(issueApiKey(user, keyInput({ name: "kept" }), NO_REQUEST));
    await revokeApiKey(user, { keyId: first.key.id }, NO_REQUEST);
    await refusal(revokeApiKey(user, { keyId: first.key.id }, NO_REQUEST));
    const rows = await db.keyChange.findMany({ where: { id: { gt: before.id } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.userId)).toEqual([user.id]);
    expect(rows[0].id).toBe(before.id + 1);
  });

  it("writes one feed row per user per transaction", async () => {
    const user = await createTestUser();
    const { transaction } = await import("../db/client");
    const { lockKeyOwner } = await import("./lock-owner");
    const before = await db.keyChange.count({ where: { userId: user.id } });
    await transaction(async (tx) => {
      await lockKeyOwner(tx, user.id);
      await lockKeyOwner(tx, user.id);
    });
    expect(await db.keyChange.count({ where: { userId: user.id } })).toBe(before + 1);
  });
});
