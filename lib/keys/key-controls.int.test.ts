// Key controls against a real database, through lib/ and through the API application: the IP
// allowlist (IPv4, IPv6, ranges) on /api/v1 and /verify, deactivating and activating, editing
// in place (never wider, never longer), each audited, and the active-key limit counting
// inactive keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { startTestApi, type TestApi } from "../testing/api-app";
import { jsonBody } from "../testing/api-requests";
import { createTestUser, keyInput } from "../testing/fixtures";
import type { ApiSetCode } from "./api-sets";
import { editApiKey } from "./edit-api-key";
import { issueApiKey } from "./issue-api-key";
import { recentKeyRefusals } from "./key-usage";
import { keyQuota, listApiKeys } from "./list-api-keys";
import { getKeyPolicy } from "./policy";
import { regenerateApiKey } from "./regenerate-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { editKeySchema, issueKeySchema } from "./schemas";
import { activateApiKey, deactivateApiKey } from "./set-key-active";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.stop();
});

const MANAGE: ApiSetCode[] = ["profile:read", "keys:read", "keys:write", "keys:verify"];

async function issue(overrides: { apiSets?: ApiSetCode[]; ipAllowlist?: string[] } = {}) {
  const user = await createTestUser();
  const issued = await issueApiKey(
    user,
    keyInput({ apiSets: overrides.apiSets ?? MANAGE, ipAllowlist: overrides.ipAllowlist }),
    NO_REQUEST,
  );
  return { user, ...issued };
}

async function code(res: Response): Promise<string | null> {
  const body = await res.json();
  return res.status < 300 ? null : body.code;
}

const audits = (clientId: string) =>
  db.auditEvent.findMany({ where: { clientId }, orderBy: { id: "asc" } }).then((rows) => rows.map((r) => r.action));

describe("IP allowlist", () => {
  it("is normalised when issuing, with field errors for bad entries", () => {
    const ok = issueKeySchema.parse({
      ...keyInput(),
      ipAllowlist: "203.0.113.7\n198.51.100.77/24, 2001:DB8::1/32",
    });
    expect(ok.ipAllowlist).toEqual(["203.0.113.7/32", "198.51.100.0/24", "2001:db8::/32"]);
    const bad = issueKeySchema.safeParse({ ...keyInput(), ipAllowlist: ["10.0.0.1", "10.0.0.300"] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["ipAllowlist"], message: expect.stringContaining("“10.0.0.300”") });
  });

  it("refuses requests from outside IPv4 addresses and ranges with 403 ip_not_allowed", async () => {
    const { token, key } = await issue({ ipAllowlist: ["203.0.113.7/32", "198.51.100.0/24"] });
    expect(key.ipAllowlist).toEqual(["203.0.113.7/32", "198.51.100.0/24"]);
    expect((await api.call("/me", { token, ip: "203.0.113.7" })).status).toBe(200);
    expect((await api.call("/me", { token, ip: "198.51.100.200" })).status).toBe(200);
    const refused = await api.call("/me", { token, ip: "203.0.113.8" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "ip_not_allowed", type: expect.stringMatching(/\/problems\/ip_not_allowed$/) });
    expect(await code(await api.call("/me", { token, ip: "198.51.101.1" }))).toBe("ip_not_allowed");
    // The IPv4 ranges do not let an IPv6 peer in.
    expect(await code(await api.call("/me", { token, ip: "2001:db8::1" }))).toBe("ip_not_allowed");
  });

  it("refuses requests from outside IPv6 addresses and ranges", async () => {
    const { token } = await issue({ ipAllowlist: ["2001:db8:1::/48", "2001:db8:2::5"] });
    expect((await api.call("/me", { token, ip: "2001:db8:1:ffff::1" })).status).toBe(200);
    expect((await api.call("/me", { token, ip: "2001:db8:2::5" })).status).toBe(200);
    expect(await code(await api.call("/me", { token, ip: "2001:db8:2::6" }))).toBe("ip_not_allowed");
    expect(await code(await api.call("/me", { token, ip: "2001:db8:3::1" }))).toBe("ip_not_allowed");
    expect(await code(await api.call("/me", { token, ip: "192.0.2.1" }))).toBe("ip_not_allowed");
  });

  it("is set through POST /keys, normalised, and refused with field errors when malformed", async () => {
    const { token } = await issue();
    const created = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({ name: "Ranged", apiSets: ["profile:read"], expiresIn: "30d", ipAllowlist: ["192.0.2.0/24", "2001:db8::17"] }),
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.key.ipAllowlist).toEqual(["192.0.2.0/24", "2001:db8::17/128"]);
    expect((await api.call("/me", { token: body.secretKey, ip: "192.0.2.99" })).status).toBe(200);
    expect(await code(await api.call("/me", { token: body.secretKey, ip: "192.0.3.1" }))).toBe("ip_not_allowed");

    const before = await db.apiKey.count();
    const bad = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({ name: "Bad", apiSets: ["profile:read"], expiresIn: "30d", ipAllowlist: ["192.0.2.0/24", "example.com"] }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([{ field: "ipAllowlist", message: expect.stringContaining("“example.com”") }]);
    const tooMany = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({
        name: "Many",
        apiSets: ["profile:read"],
        expiresIn: "30d",
        ipAllowlist: Array.from({ length: 51 }, (_, i) => `10.${i}.0.0/16`),
      }),
    });
    expect(tooMany.status).toBe(422);
    expect(await db.apiKey.count()).toBe(before);
  });

  it("is reported by /verify against the address the caller passes", async () => {
    const verifier = await issue({ apiSets: ["keys:verify"] });
    const checked = await issue({ apiSets: ["profile:read"], ipAllowlist: ["198.51.100.0/24", "2001:db8::/32"] });
    const verify = async (body: object) => {
      const res = await api.call("/verify", { method: "POST", token: verifier.token, ...jsonBody({ key: checked.token, ...body }) });
      expect(res.status).toBe(200);
      return res.json();
    };
    expect(await verify({ ip: "198.51.100.4" })).toMatchObject({ valid: true, code: null });
    expect(await verify({ ip: "2001:db8::9" })).toMatchObject({ valid: true, code: null });
    expect(await verify({ ip: "203.0.113.1" })).toMatchObject({ valid: false, code: "ip_not_allowed", clientId: checked.key.clientId });
    expect(await verify({ ip: "2001:db9::1" })).toMatchObject({ valid: false, code: "ip_not_allowed" });
    // Without an address the allowlist cannot be applied.
    expect(await verify({})).toMatchObject({ valid: true });
    const malformed = await api.call("/verify", {
      method: "POST",
      token: verifier.token,
      ...jsonBody({ key: checked.token, ip: "1.2.3" }),
    });
    expect(malformed.status).toBe(422);
  });

  it("is replaced by an edit and takes effect at once; [] allows every address again", async () => {
    const { user, token, key } = await issue({ ipAllowlist: ["192.0.2.1"] });
    expect((await api.call("/me", { token, ip: "192.0.2.1" })).status).toBe(200);
    await editApiKey(user, { keyId: key.id, ipAllowlist: ["203.0.113.0/24"] }, NO_REQUEST);
    expect(await code(await api.call("/me", { token, ip: "192.0.2.1" }))).toBe("ip_not_allowed");
    expect((await api.call("/me", { token, ip: "203.0.113.50" })).status).toBe(200);
    const cleared = await editApiKey(user, { keyId: key.id, ipAllowlist: [] }, NO_REQUEST);
    expect(cleared.ipAllowlist).toEqual([]);
    expect((await api.call("/me", { token, ip: "192.0.2.1" })).status).toBe(200);
    expect(await audits(key.clientId)).toEqual(["key.issued", "key.edited", "key.edited"]);
  });

  it("is kept by a regenerated key", async () => {
    const { user, key } = await issue({ ipAllowlist: ["192.0.2.0/24"] });
    const fresh = await regenerateApiKey(user, { keyId: key.id, grace: "none" }, NO_REQUEST);
    expect(fresh.key.ipAllowlist).toEqual(["192.0.2.0/24"]);
    expect(await code(await api.call("/me", { token: fresh.token, ip: "198.51.100.1" }))).toBe("ip_not_allowed");
  });
});

describe("deactivate and activate", () => {
  it("refuses an inactive key with 401 key_inactive, lists it as Inactive, and activates it again; both audited", async () => {
    const { user, token, key } = await issue();
    expect((await api.call("/me", { token })).status).toBe(200);
    const inactive = await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
    expect(inactive).toMatchObject({ status: "inactive", deactivatedAt: expect.any(String) });
    const refused = await api.call("/me", { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await refused.json()).toMatchObject({ code: "key_inactive" });
    expect((await listApiKeys(user.id)).find((k) => k.id === key.id)?.status).toBe("inactive");

    const active = await activateApiKey(user, { keyId: key.id }, NO_REQUEST);
    expect(active).toMatchObject({ status: "active", deactivatedAt: null });
    expect((await api.call("/me", { token })).status).toBe(200);
    expect(await audits(key.clientId)).toEqual(["key.issued", "key.deactivated", "key.activated"]);
  });

  it("refuses changes that make no sense, changing nothing", async () => {
    const { user, key } = await issue();
    await expect(activateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
    await expect(deactivateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    await expect(regenerateApiKey(user, { keyId: key.id, grace: "none" }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    await expect(activateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    expect(await audits(key.clientId)).toEqual(["key.issued", "key.deactivated", "key.revoked"]);
    // Someone else's key is simply not found.
    const other = await createTestUser();
    const theirs = await issueApiKey(other, keyInput(), NO_REQUEST);
    await expect(deactivateApiKey(user, { keyId: theirs.key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "not_found" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: theirs.key.id } })).deactivatedAt).toBeNull();
  });

  it("still counts an inactive key against the active-key limit and its name stays taken", async () => {
    const user = await createTestUser();
    const { maxActiveKeys } = await getKeyPolicy(db);
    const keys = [];
    for (let i = 0; i < maxActiveKeys; i++) keys.push((await issueApiKey(user, keyInput({ name: `k${i}` }), NO_REQUEST)).key);
    await deactivateApiKey(user, { keyId: keys[0].id }, NO_REQUEST);
    expect((await keyQuota(user.id)).activeCount).toBe(maxActiveKeys);
    await expect(issueApiKey(user, keyInput(), NO_REQUEST)).rejects.toMatchObject({ code: "key_limit_reached" });
    await revokeApiKey(user, { keyId: keys[1].id }, NO_REQUEST);
    await expect(issueApiKey(user, keyInput({ name: "k0" }), NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
  });

  it("works through POST /keys/{clientId}/deactivate and /activate", async () => {
    const { token } = await issue();
    const user2 = await issue({ apiSets: ["profile:read"] });
    const target = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({ name: "Target", apiSets: ["profile:read"], expiresIn: "30d" }),
    });
    const { key, secretKey } = await target.json();
    const off = await api.call(`/keys/${key.clientId}/deactivate`, { method: "POST", token });
    expect(off.status).toBe(200);
    expect((await off.json()).status).toBe("inactive");
    expect(await code(await api.call("/me", { token: secretKey }))).toBe("key_inactive");
    expect(await code(await api.call(`/keys/${key.clientId}/deactivate`, { method: "POST", token }))).toBe("conflict");
    const on = await api.call(`/keys/${key.clientId}/activate`, { method: "POST", token });
    expect((await on.json()).status).toBe("active");
    expect((await api.call("/me", { token: secretKey })).status).toBe(200);
    // Another user's key is not found; a key without keys:write may not.
    expect(await code(await api.call(`/keys/${user2.key.clientId}/deactivate`, { method: "POST", token }))).toBe("not_found");
    expect(await code(await api.call(`/keys/${key.clientId}/deactivate`, { method: "POST", token: secretKey }))).toBe("insufficient_scope");
    expect(await code(await api.call(`/keys/${key.clientId}/activate`, { method: "GET", token }))).toBe("method_not_allowed");
  });
});

describe("edit in place", () => {
  it("changes name, description and sets, narrowing only, and is audited with before and after", async () => {
    const { user, token, key } = await issue({ apiSets: ["profile:read", "keys:read"] });
    const edited = await editApiKey(
      user,
      editKeySchema.parse({ keyId: key.id, name: "Renamed", description: "Nightly job", apiSets: ["keys:read"] }),
      NO_REQUEST,
    );
    expect(edited).toMatchObject({ name: "Renamed", description: "Nightly job", apiSets: ["keys:read"] });
    expect(await code(await api.call("/me", { token }))).toBe("insufficient_scope");
    expect((await api.call("/keys", { token })).status).toBe(200);
    const row = await db.auditEvent.findFirstOrThrow({ where: { clientId: key.clientId, action: "key.edited" } });
    expect(JSON.parse(row.details)).toEqual({
      name: key.name,
      before: { name: key.name, description: "", apiSets: ["profile:read", "keys:read"] },
      after: { name: "Renamed", description: "Nightly job", apiSets: ["keys:read"] },
    });
  });

  it("never widens the sets and never extends expiry, changing nothing", async () => {
    const { user, token, key } = await issue({ apiSets: ["keys:read"] });
    const snapshot = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    await expect(
      editApiKey(user, { keyId: key.id, name: "Wider", apiSets: ["keys:read", "keys:write"] }, NO_REQUEST),
    ).rejects.toMatchObject({ code: "validation_failed", field: "apiSets" });
    const later = new Date(new Date(key.expiresAt).getTime() + 1000);
    await expect(editApiKey(user, { keyId: key.id, name: "Longer", expiresAt: later }, NO_REQUEST)).rejects.toMatchObject({
      code: "validation_failed",
      field: "expiresAt",
    });
    await expect(editApiKey(user, { keyId: key.id, expiresAt: new Date(Date.now() - 1000) }, NO_REQUEST)).rejects.toMatchObject({
      code: "validation_failed",
    });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toEqual(snapshot);
    expect(await audits(key.clientId)).toEqual(["key.issued"]);

    // Earlier is fine, and the key then expires then.
    const earlier = new Date(Date.now() + 60 * 60 * 1000);
    expect((await editApiKey(user, { keyId: key.id, expiresAt: earlier }, NO_REQUEST)).expiresAt).toBe(earlier.toISOString());
    expect((await api.call("/keys", { token })).status).toBe(200);
  });

  it("keeps names unique among active and inactive keys, edits inactive keys, and refuses revoked ones", async () => {
    const { user, key } = await issue();
    const second = await issueApiKey(user, keyInput({ name: "Second" }), NO_REQUEST);
    await deactivateApiKey(user, { keyId: second.key.id }, NO_REQUEST);
    await expect(editApiKey(user, { keyId: key.id, name: "second" }, NO_REQUEST)).rejects.toMatchObject({
      code: "conflict",
      field: "name",
    });
    expect((await editApiKey(user, { keyId: second.key.id, description: "paused" }, NO_REQUEST)).status).toBe("inactive");
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    await expect(editApiKey(user, { keyId: key.id, description: "x" }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
  });

  it("works through PATCH /keys/{clientId} with field errors for bad input", async () => {
    const { token, key } = await issue();
    const ok = await api.call(`/keys/${key.clientId}`, {
      method: "PATCH",
      token,
      ...jsonBody({ description: "Edited over the API", ipAllowlist: ["192.0.2.1", "2001:db8::/48"] }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      name: key.name,
      description: "Edited over the API",
      ipAllowlist: ["192.0.2.1/32", "2001:db8::/48"],
    });
    // The calling key itself is now limited to those addresses.
    expect(await code(await api.call("/me", { token, ip: "192.0.2.2" }))).toBe("ip_not_allowed");
    const wider = await api.call(`/keys/${key.clientId}`, {
      method: "PATCH",
      token,
      ip: "192.0.2.1",
      ...jsonBody({ apiSets: ["profile:read", "audit:read"] }),
    });
    expect(wider.status).toBe(422);
    expect((await wider.json()).errors).toEqual([{ field: "apiSets", message: expect.stringContaining("only be narrowed") }]);
    const longer = await api.call(`/keys/${key.clientId}`, {
      method: "PATCH",
      token,
      ip: "192.0.2.1",
      ...jsonBody({ expiresAt: "2999-01-01T00:00:00Z" }),
    });
    expect(longer.status).toBe(422);
    expect((await longer.json()).errors[0].field).toBe("expiresAt");
    const badDate = await api.call(`/keys/${key.clientId}`, {
      method: "PATCH",
      token,
      ip: "192.0.2.1",
      ...jsonBody({ expiresAt: "soon" }),
    });
    expect(badDate.status).toBe(422);
    const bad = await api.call(`/keys/${key.clientId}`, {
      method: "PATCH",
      token,
      ip: "192.0.2.1",
      ...jsonBody({ ipAllowlist: ["10/8"] }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0]).toMatchObject({ field: "ipAllowlist" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).apiSets).toBe(MANAGE.join(" "));
  });
});

describe("refused requests per key", () => {
  it("lists a key's refused requests (time, IP, code, endpoint), written in batches, the newest 100 kept", async () => {
    const { user, token, key } = await issue({ apiSets: ["profile:read"] });
    const verifier = await issue({ apiSets: ["keys:verify"] });
    expect((await api.call("/me", { token, ip: "192.0.2.10" })).status).toBe(200);
    expect(await code(await api.call("/keys", { token, ip: "192.0.2.11" }))).toBe("insufficient_scope");
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    for (let i = 0; i < 104; i++) expect(await code(await api.call("/me", { token, ip: "2001:db8::42" }))).toBe("key_revoked");
    await api.call("/verify", { method: "POST", token: verifier.token, ...jsonBody({ key: token, ip: "198.51.100.3" }) });
    // Nothing is written per request: only the flush writes them, in one batch.
    expect(await db.apiKeyRefusal.count({ where: { keyId: key.id } })).toBe(0);
    await api.runtime.usage.flush();

    const refusals = await recentKeyRefusals(user.id, key.id);
    expect(refusals).toHaveLength(100);
    expect(refusals[0]).toMatchObject({ ip: "198.51.100.3", code: "key_revoked", endpoint: "POST /api/v1/verify (checked key)" });
    expect(refusals[1]).toMatchObject({ ip: "2001:db8::42", code: "key_revoked", endpoint: "GET /api/v1/me" });
    expect(refusals.every((r) => r.code === "key_revoked")).toBe(true);
    expect(await db.apiKeyRefusal.count({ where: { keyId: key.id } })).toBe(100);
    // A later flush keeps the newest 100 in the store too, and the scope refusal is among the dropped.
    expect(await code(await api.call("/me", { token, ip: "203.0.113.99" }))).toBe("key_revoked");
    await api.runtime.usage.flush();
    expect(await db.apiKeyRefusal.count({ where: { keyId: key.id } })).toBe(100);
    expect((await recentKeyRefusals(user.id, key.id, 1))[0].ip).toBe("203.0.113.99");
    // Another owner sees none of them.
    const other = await createTestUser();
    expect(await recentKeyRefusals(other.id, key.id)).toEqual([]);
  });

  it("records ip_not_allowed and key_inactive refusals with the caller's address", async () => {
    const { user, token, key } = await issue({ apiSets: ["profile:read"], ipAllowlist: ["192.0.2.0/24"] });
    expect(await code(await api.call("/me", { token, ip: "203.0.113.5" }))).toBe("ip_not_allowed");
    await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
    expect(await code(await api.call("/me", { token, ip: "192.0.2.5" }))).toBe("key_inactive");
    await api.runtime.usage.flush();
    expect((await recentKeyRefusals(user.id, key.id)).map((r) => [r.ip, r.code])).toEqual([
      ["192.0.2.5", "key_inactive"],
      ["203.0.113.5", "ip_not_allowed"],
    ]);
  });
});
