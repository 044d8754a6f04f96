// Every /api/v1 endpoint and error code against a real database, through the same application
// the console mounts and the dedicated process serves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { db, transaction } from "../db/client";
import type { ApiSetCode } from "../keys/api-sets";
import { issueApiKey } from "../keys/issue-api-key";
import { lockKeyOwner, noteAllKeysChanged } from "../keys/lock-owner";
import { regenerateApiKey } from "../keys/regenerate-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { setApiAccess } from "../keys/set-api-access";
import { generateToken, parseToken, TOKEN_PREFIX } from "../keys/token";
import { startTestApi, TEST_ENDPOINT, type TestApi } from "../testing/api-app";
import { basicAuth, jsonBody } from "../testing/api-requests";
import { createTestUser, keyInput } from "../testing/fixtures";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api.stop();
});

const ALL_SETS: ApiSetCode[] = ["profile:read", "keys:read", "keys:write", "keys:verify"];

async function userWithKey(options: { apiSets?: ApiSetCode[]; admin?: boolean; roleIds?: string[] } = {}) {
  const user = await createTestUser({ admin: options.admin, roleIds: options.roleIds });
  const issued = await issueApiKey(user, keyInput({ apiSets: options.apiSets ?? ALL_SETS }), NO_REQUEST);
  return { user, token: issued.token, key: issued.key };
}

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, code, type: `${TEST_ENDPOINT}/problems/${code}` });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(JSON.stringify(body)).not.toMatch(/\bat \w+ \(|node_modules|Prisma/);
  return body;
}

function unknownToken(): string {
  return generateToken().token;
}

async function setRoles(user: Actor, roleIds: string[]) {
  await transaction(async (tx) => {
    await lockKeyOwner(tx, user.id);
    await tx.userRole.deleteMany({ where: { userId: user.id } });
    for (const roleId of roleIds) await tx.userRole.create({ data: { userId: user.id, roleId } });
  });
}

async function setDisabled(user: Actor, disabled: boolean) {
  await transaction(async (tx) => {
    await lockKeyOwner(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { disabled } });
  });
}

describe("authentication", () => {
  it("accepts a key as Bearer and as Basic (client id : secret key), and answers /me", async () => {
    const { user, token, key } = await userWithKey();
    const bearer = await api.call("/me", { token });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get("cache-control")).toBe("no-store");
    const me = await bearer.json();
    expect(me).toEqual({
      user: { id: user.id, name: user.name, email: user.email },
      key: { clientId: key.clientId, name: key.name, apiSets: ALL_SETS, expiresAt: key.expiresAt },
    });

    const basic = await api.call("/me", { basic: { user: key.clientId, password: token } });
    expect(basic.status).toBe(200);
    expect((await basic.json()).key.clientId).toBe(key.clientId);
    // The secret key alone as user name (what many tools do with a single credential).
    expect((await api.call("/me", { basic: { user: token, password: "" } })).status).toBe(200);
  });

  it("refuses a missing key, a cookie and odd Authorization headers with invalid_key and a challenge", async () => {
    const { token, key } = await userWithKey();
    const none = await api.call("/me");
    await problem(none, 401, "invalid_key");
    expect(none.headers.get("www-authenticate")).toContain('Bearer realm="Keydesk API"');
    expect(none.headers.get("www-authenticate")).not.toContain("error=");

    const cookieOnly = await api.call("/me", { headers: { cookie: `authjs.session-token=abc; token=${token}` } });
    await problem(cookieOnly, 401, "invalid_key");

    for (const header of [
      "Bearer",
      `Token ${token}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.toUpperCase()}`,
      `Bearer ${"é".repeat(74)}`,
      // Non-ASCII arrives as the raw UTF-8 bytes read one per character (as Node reads headers).
      `Bearer ${Buffer.from("\u202e", "utf8").toString("latin1")}${token}`,
      `Bearer ${"A".repeat(20_000)}`,
      basicAuth(key.clientId, "nope"),
      basicAuth("someone-else", token),
      "Basic !!!notbase64",
      `Basic ${Buffer.from("no-colon").toString("base64")}`,
    ]) {
      const res = await api.call("/me", { headers: { authorization: header } });
      const body = await problem(res, 401, "invalid_key");
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(JSON.stringify(body)).not.toContain(token);
    }
  });

  it("refuses an unknown well-formed key and a wrong secret for a real client id", async () => {
    const { key } = await userWithKey();
    await problem(await api.call("/me", { token: unknownToken() }), 401, "invalid_key");
    // Right client id, different secret (a valid checksum, so it reaches the lookup).
    const other = generateToken();
    const forged = `${TOKEN_PREFIX}${key.clientId}_${other.secret}`;
    const { encodeChecksum } = await import("../keys/token");
    const { crc32 } = await import("node:zlib");
    const token = forged + encodeChecksum(crc32(forged));
    expect(parseToken(token)?.clientId).toBe(key.clientId);
    await problem(await api.call("/me", { token }), 401, "invalid_key");
  });

  it("refuses revoked, expired, regenerated and grace-expired keys with their codes", async () => {
    const user = await createTestUser();
    const revoked = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await api.call("/me", { token: revoked.token })).status).toBe(200); // cached now
    await revokeApiKey(user, { keyId: revoked.key.id }, NO_REQUEST);
    await problem(await api.call("/me", { token: revoked.token }), 401, "key_revoked");

    const past = new Date(Date.now() - 40 * 86_400_000);
    const expired = await issueApiKey(user, keyInput({ expiresIn: "30d" }), NO_REQUEST, { now: past });
    const res = await api.call("/me", { token: expired.token });
    await problem(res, 401, "key_expired");
    expect(res.headers.get("www-authenticate")).toContain("Basic");

    const rotated = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await api.call("/me", { token: rotated.token })).status).toBe(200);
    const fresh = await regenerateApiKey(user, { keyId: rotated.key.id, grace: "none" }, NO_REQUEST);
    await problem(await api.call("/me", { token: rotated.token }), 401, "key_revoked");
    expect((await api.call("/me", { token: fresh.token })).status).toBe(200);

    await regenerateApiKey(user, { keyId: fresh.key.id, grace: "1h" }, NO_REQUEST);
    // In its grace period the old secret still works.
    expect((await api.call("/me", { token: fresh.token })).status).toBe(200);
    // A grace period that began two hours ago has ended.
    const old = await issueApiKey(user, keyInput(), NO_REQUEST, { now: new Date(Date.now() - 3 * 3_600_000) });
    await regenerateApiKey(user, { keyId: old.key.id, grace: "1h" }, NO_REQUEST, { now: new Date(Date.now() - 2 * 3_600_000) });
    await problem(await api.call("/me", { token: old.token }), 401, "key_expired");
  });

  it("refuses keys of disabled users, users with API access off and users without 'Use API keys'", async () => {
    const { user, token } = await userWithKey();
    expect((await api.call("/me", { token })).status).toBe(200);

    await setDisabled(user, true);
    await problem(await api.call("/me", { token }), 403, "user_disabled");
    await setDisabled(user, false);
    expect((await api.call("/me", { token })).status).toBe(200);

    await setApiAccess(user, false, NO_REQUEST);
    await problem(await api.call("/me", { token }), 403, "api_access_disabled");
    await setApiAccess(user, true, NO_REQUEST);
    expect((await api.call("/me", { token })).status).toBe(200);

    await setRoles(user, []);
    await problem(await api.call("/me", { token }), 403, "forbidden");
    await setRoles(user, ["role_admin"]);
    expect((await api.call("/me", { token })).status).toBe(200);
  });

  it("follows a role's authorities when they change for everyone", async () => {
    const role = await db.role.create({ data: { name: `Integrators ${Date.now()}`, authorities: "keys:use" } });
    const user = await createTestUser({ roleIds: [role.id] });
    const { token } = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await api.call("/me", { token })).status).toBe(200);
    await transaction(async (tx) => {
      await tx.role.update({ where: { id: role.id }, data: { authorities: "audit:view" } });
      await noteAllKeysChanged(tx);
    });
    await problem(await api.call("/me", { token }), 403, "forbidden");
  });

  it("checks each endpoint's API set", async () => {
    const { token } = await userWithKey({ apiSets: ["profile:read"] });
    expect((await api.call("/me", { token })).status).toBe(200);
    for (const [method, path, set] of [
      ["GET", "/keys", "keys:read"],
      ["POST", "/keys", "keys:write"],
      ["DELETE", "/keys/AAAAAAAAAAAAAAAAAAAA", "keys:write"],
      ["POST", "/verify", "keys:verify"],
    ] as const) {
      const res = await api.call(path, { method, token, ...(method === "POST" ? jsonBody({}) : {}) });
      const body = await problem(res, 403, "insufficient_scope");
      expect(body.requiredApiSet).toBe(set);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="Keydesk API", error="insufficient_scope", scope="${set}"`);
    }
    const { token: keysOnly } = await userWithKey({ apiSets: ["keys:read"] });
    await problem(await api.call("/me", { token: keysOnly }), 403, "insufficient_scope");
  });
});

describe("GET /keys and /keys/{clientId}", () => {
  it("lists the owner's keys only, newest first, never a secret", async () => {
    const { user, token, key } = await userWithKey();
    const second = await issueApiKey(user, keyInput({ name: "Second" }), NO_REQUEST);
    const { key: strangerKey } = await userWithKey();
    const res = await api.call("/keys", { token });
    expect(res.status).toBe(200);
    const text = await res.text();
    const { keys } = JSON.parse(text);
    expect(keys.map((k: { clientId: string }) => k.clientId)).toEqual([second.key.clientId, key.clientId]);
    expect(keys[0]).toMatchObject({ name: "Second", status: "active", secretHint: second.token.slice(-4), apiSets: ["profile:read"] });
    expect(keys[0]).not.toHaveProperty("id");
    expect(text).not.toContain(strangerKey.clientId);
    expect(text).not.toMatch(/secretHash|kdk_/);
    expect(text).not.toContain(parseToken(token)!.secret);

    const one = await api.call(`/keys/${key.clientId}`, { token });
    expect(one.status).toBe(200);
    expect((await one.json()).clientId).toBe(key.clientId);
    await problem(await api.call(`/keys/${strangerKey.clientId}`, { token }), 404, "not_found");
    const malformed = await problem(await api.call(`/keys/not-a-client-id`, { token }), 422, "validation_failed");
    expect(malformed.errors[0].field).toBe("clientId");
  });
});

describe("POST /keys", () => {
  it("issues a key within the caller's API sets and shows the secret once, uncached", async () => {
    const { user, token } = await userWithKey({ apiSets: ["profile:read", "keys:write"] });
    const res = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({ name: "Nightly job ✨", description: "Reports", apiSets: ["profile:read"], expiresIn: "7d" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.endpoint).toBe(TEST_ENDPOINT);
    expect(body.key).toMatchObject({ name: "Nightly job ✨", description: "Reports", apiSets: ["profile:read"], status: "active" });
    expect(res.headers.get("location")).toBe(`${TEST_ENDPOINT}/keys/${body.key.clientId}`);
    expect(parseToken(body.secretKey)?.clientId).toBe(body.key.clientId);
    // The new key works at once.
    const me = await api.call("/me", { token: body.secretKey });
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(user.id);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "key.issued", clientId: body.key.clientId } });
    expect(audit.ip).toBe("192.0.2.1");
  });

  it("refuses API sets beyond the calling key's, changing nothing", async () => {
    const { user, token } = await userWithKey({ apiSets: ["keys:write"] });
    const before = await db.apiKey.count({ where: { userId: user.id } });
    const res = await api.call("/keys", {
      method: "POST",
      token,
      ...jsonBody({ name: "Wider", apiSets: ["keys:write", "keys:verify"], expiresIn: "7d" }),
    });
    const body = await problem(res, 403, "insufficient_scope");
    expect(body.errors).toEqual([{ field: "apiSets", message: expect.stringContaining("keys:verify") }]);
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(before);
  });

  it("answers bad bodies with 400, 413, 415 and 422 and changes nothing", async () => {
    const { user, token } = await userWithKey();
    const count = () => db.apiKey.count({ where: { userId: user.id } });
    const before = await count();
    const post = (init: RequestInit) => api.call("/keys", { method: "POST", token, ...init });

    await problem(await post({ body: "{not json", headers: { "content-type": "application/json" } }), 400, "malformed_request");
    await problem(
      await post({ body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      415,
      "unsupported_media_type",
    );
    await problem(await post({ body: JSON.stringify({ name: "x" }) }), 415, "unsupported_media_type");
    const huge = JSON.stringify({ name: "x", description: "y".repeat(40_000), apiSets: ["keys:read"], expiresIn: "7d" });
    await problem(await post({ body: huge, headers: { "content-type": "application/json" } }), 413, "payload_too_large");

    const invalid = await problem(await post(jsonBody({ name: "", apiSets: ["root"], expiresIn: "forever" })), 422, "validation_failed");
    expect(invalid.errors.map((e: { field: string }) => e.field).sort()).toEqual(["apiSets", "expiresIn", "name"]);
    await problem(await post(jsonBody([1, 2, 3])), 422, "validation_failed");
    await problem(await post(jsonBody(null)), 422, "validation_failed");
    await problem(await post(jsonBody({ name: "Line\u2028break", apiSets: ["keys:read"], expiresIn: "7d" })), 422, "validation_failed");
    await problem(await post(jsonBody({ name: "\u0000", apiSets: ["keys:read"], expiresIn: "7d" })), 422, "validation_failed");
    const custom = await problem(
      await post(jsonBody({ name: "Custom", apiSets: ["keys:read"], expiresIn: "custom", customDate: "2020-01-01" })),
      422,
      "validation_failed",
    );
    expect(custom.errors[0].field).toBe("customDate");
    await problem(
      await post(jsonBody({ name: "Far", apiSets: ["keys:read"], expiresIn: "custom", customDate: "2999-02-31" })),
      422,
      "validation_failed",
    );

    expect(await count()).toBe(before);
  });

  it("keeps names unique and enforces the active-key limit", async () => {
    const { user, token, key } = await userWithKey();
    const post = (name: string) =>
      api.call("/keys", { method: "POST", token, ...jsonBody({ name, apiSets: ["keys:read"], expiresIn: "7d" }) });
    const dup = await problem(await post(key.name.toUpperCase()), 409, "conflict");
    expect(dup.errors[0].field).toBe("name");
    expect((await post("two")).status).toBe(201);
    expect((await post("three")).status).toBe(201);
    await problem(await post("four"), 409, "key_limit_reached");
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(3);
  });
});

describe("DELETE /keys/{clientId}", () => {
  it("revokes the owner's key at once and refuses others' keys", async () => {
    const { user, token } = await userWithKey();
    const target = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await api.call("/me", { token: target.token })).status).toBe(200);
    const res = await api.call(`/keys/${target.key.clientId}`, { method: "DELETE", token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ clientId: target.key.clientId, status: "revoked", revokedReason: "revoked" });
    await problem(await api.call("/me", { token: target.token }), 401, "key_revoked");
    await problem(await api.call(`/keys/${target.key.clientId}`, { method: "DELETE", token }), 409, "conflict");

    const stranger = await userWithKey();
    await problem(await api.call(`/keys/${stranger.key.clientId}`, { method: "DELETE", token }), 404, "not_found");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: stranger.key.id } })).revokedAt).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "key.revoked", clientId: target.key.clientId } });
    expect(audit.actorId).toBe(user.id);
  });

  it("lets a key revoke itself", async () => {
    const { token, key } = await userWithKey();
    expect((await api.call(`/keys/${key.clientId}`, { method: "DELETE", token })).status).toBe(200);
    await problem(await api.call("/me", { token }), 401, "key_revoked");
  });
});

describe("POST /verify", () => {
  it("tells a backend whether a key is good, whose it is and what it may do", async () => {
    const { token: caller } = await userWithKey({ apiSets: ["keys:verify"] });
    const subject = await userWithKey({ apiSets: ["profile:read", "keys:read"] });
    const verify = (body: unknown) => api.call("/verify", { method: "POST", token: caller, ...jsonBody(body) });

    const ok = await verify({ key: subject.token });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      valid: true,
      code: null,
      clientId: subject.key.clientId,
      owner: { id: subject.user.id, name: subject.user.name, email: subject.user.email },
      apiSets: ["profile:read", "keys:read"],
      expiresAt: subject.key.expiresAt,
    });
    expect(await (await verify({ key: subject.token, requiredApiSets: ["keys:read"] })).json()).toMatchObject({ valid: true });
    expect(await (await verify({ key: subject.token, requiredApiSets: ["keys:write"] })).json()).toMatchObject({
      valid: false,
      code: "insufficient_scope",
      clientId: subject.key.clientId,
    });

    const empty = { valid: false, code: "invalid_key", clientId: null, owner: null, apiSets: [], expiresAt: null };
    expect(await (await verify({ key: unknownToken() })).json()).toEqual(empty);
    expect(await (await verify({ key: "kdk_not-a-key" })).json()).toEqual(empty);
    expect(await (await verify({ key: "" })).json()).toEqual(empty);

    await revokeApiKey(subject.user, { keyId: subject.key.id }, NO_REQUEST);
    expect(await (await verify({ key: subject.token })).json()).toMatchObject({
      valid: false,
      code: "key_revoked",
      clientId: subject.key.clientId,
      owner: { id: subject.user.id },
    });
    // Failures of the checked key are not the caller's failures: no rate limiting of the caller.
    expect((await api.call("/me", { token: caller })).status).toBe(403);
  });

  it("validates its body", async () => {
    const { token } = await userWithKey({ apiSets: ["keys:verify"] });
    const post = (init: RequestInit) => api.call("/verify", { method: "POST", token, ...init });
    const missing = await problem(await post(jsonBody({})), 422, "validation_failed");
    expect(missing.errors[0].field).toBe("key");
    await problem(await post(jsonBody({ key: 42 })), 422, "validation_failed");
    await problem(await post(jsonBody({ key: "x".repeat(600) })), 422, "validation_failed");
    await problem(await post(jsonBody({ key: "x", ip: "<script>" })), 422, "validation_failed");
    await problem(await post(jsonBody({ key: "x", requiredApiSets: ["everything"] })), 422, "validation_failed");
    await problem(await post({ body: "{", headers: { "content-type": "application/json" } }), 400, "malformed_request");
    await problem(await post({ body: "key=x" }), 415, "unsupported_media_type");
  });
});

describe("routing", () => {
  it("answers unknown paths with 404, other methods with 405 and Allow, OPTIONS with 204", async () => {
    const { token } = await userWithKey();
    await problem(await api.call("/nope", { token }), 404, "not_found");
    await problem(await api.call("/", { token }), 404, "not_found");
    const put = await api.call("/me", { method: "PUT", token });
    await problem(put, 405, "method_not_allowed");
    expect(put.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const patch = await api.call("/keys", { method: "PATCH", token });
    await problem(patch, 405, "method_not_allowed");
    expect(patch.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect((await api.call("/keys/AAAAAAAAAAAAAAAAAAAA", { method: "POST", token })).headers.get("allow")).toBe(
      "GET, HEAD, DELETE, PATCH, OPTIONS",
    );
    const options = await api.call("/verify", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST, OPTIONS");
    const head = await api.call("/me", { method: "HEAD", token });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("serves the OpenAPI document and a health check without a key", async () => {
    const res = await api.call("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0].url).toBe(TEST_ENDPOINT);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/audit",
      "/health",
      "/keys",
      "/keys/{clientId}",
      "/keys/{clientId}/activate",
      "/keys/{clientId}/deactivate",
      "/keys/{clientId}/usage",
      "/leaks",
      "/me",
      "/openapi.json",
      "/problems/{code}",
      "/verify",
      "/webhooks",
      "/webhooks/{id}",
      "/webhooks/{id}/deliveries",
      "/webhooks/{id}/deliveries/{eventId}/redeliver",
      "/webhooks/{id}/rotate-secret",
      "/webhooks/{id}/test",
    ]);
    expect(doc.paths["/keys"].post.requestBody.content["application/json"].schema.required).toEqual(["name", "apiSets", "expiresIn"]);
    expect(doc.paths["/keys"].post.requestBody.content["application/json"].example.expiresIn).toBe("90d");
    expect(doc.paths["/verify"].post["x-api-set"]).toBe("keys:verify");
    // Every webhook operation names its API set and documents its refusals like the others.
    expect(doc.paths["/webhooks"].get["x-api-set"]).toBe("webhooks:read");
    expect(doc.paths["/webhooks/{id}"].patch["x-api-set"]).toBe("webhooks:write");
    expect(Object.keys(doc.paths["/webhooks/{id}"].delete.responses)).toEqual(
      expect.arrayContaining(["204", "401", "403", "404", "405", "422", "429", "500", "503"]),
    );
    expect(doc.paths["/audit"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["action", "from", "to", "cursor", "limit"]);
    expect((await api.call("/health")).status).toBe(200);
  });
});

describe("failed-authentication rate limit", () => {
  it("answers 429 with Retry-After after a burst of failures from one IP, and never slows valid keys", async () => {
    const limited = await startTestApi({ limiter: { burst: 3, perMinute: 6 } });
    try {
      const { token } = await userWithKey();
      for (let i = 0; i < 50; i++) expect((await limited.call("/me", { token, ip: "198.51.100.9" })).status).toBe(200);
      for (let i = 0; i < 3; i++)
        await problem(await limited.call("/me", { token: unknownToken(), ip: "198.51.100.9" }), 401, "invalid_key");
      const blocked = await limited.call("/me", { token: unknownToken(), ip: "198.51.100.9" });
      await problem(blocked, 429, "rate_limited");
      const retryAfter = Number(blocked.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(10);
      // While blocked, nothing from that IP is evaluated, not even a real key.
      await problem(await limited.call("/me", { token, ip: "198.51.100.9" }), 429, "rate_limited");
      // Other addresses are unaffected.
      expect((await limited.call("/me", { token, ip: "198.51.100.10" })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe("usage", () => {
  it("counts successes and rejections per key and day and records the last use, in batches", async () => {
    const { user, token, key } = await userWithKey({ apiSets: ["profile:read"] });
    await api.runtime.usage.flush({ all: true });
    for (let i = 0; i < 3; i++) await api.call("/me", { token, ip: "203.0.113.50" });
    await api.call("/keys", { token, ip: "203.0.113.51" }); // insufficient_scope
    expect(await db.apiKeyUsage.count({ where: { keyId: key.id } })).toBe(0); // nothing written per request
    await api.runtime.usage.flush({ all: true });

    const rows = await db.apiKeyUsage.findMany({ where: { keyId: key.id }, orderBy: { outcome: "asc" } });
    const today = new Date().toISOString().slice(0, 10);
    expect(rows.map((r) => [r.day, r.outcome, r.count])).toEqual([
      [today, "insufficient_scope", 1],
      [today, "ok", 3],
    ]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedIp).toBe("203.0.113.50");
    expect(row.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    await api.call("/me", { token });
    await api.runtime.usage.flush({ all: true });
    expect(
      (await db.apiKeyUsage.findUniqueOrThrow({ where: { keyId_day_outcome: { keyId: key.id, day: today, outcome: "key_revoked" } } }))
        .count,
    ).toBe(1);
    expect(
      (await db.apiKeyUsage.findUniqueOrThrow({ where: { keyId_day_outcome: { keyId: key.id, day: today, outcome: "ok" } } })).count,
    ).toBe(3);
  });
});
