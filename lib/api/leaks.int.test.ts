// Leak reports through the API: real secrets are revoked and labelled true_positive, anything
// else false_positive, the answer reveals nothing more, the owner is told (audit row, webhook
// event, the key's leak URL for the banner), every verifier refuses the key at once, and bad
// batches change nothing. With GitHub's keys configured, only signed reports are taken.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { issueApiKey } from "../keys/issue-api-key";
import { encodeChecksum, TOKEN_PREFIX } from "../keys/token";
import { startTestApi, type TestApi } from "../testing/api-app";
import { createTestUser, keyInput } from "../testing/fixtures";
import { createWebhook } from "../webhooks/subscriptions";

// The subscription below only collects events (no worker delivers them here).
process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const withChecksum = (body: string) => body + encodeChecksum(crc32(body));
const LEAK_URL = "https://github.com/octocat/Hello-World/blob/1234567/config.env";

function report(api: TestApi, body: unknown, init: { ip?: string; headers?: Record<string, string>; raw?: string } = {}) {
  return api.call("/leaks", {
    method: "POST",
    ip: init.ip ?? "203.0.113.50",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
}

describe("leak reports, unsigned", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ runtime: { leakReportKeys: null } });
  });
  afterAll(() => api.stop());

  it("revokes a real secret and labels every report, revealing nothing else", async () => {
    const owner = await createTestUser();
    await createWebhook(
      owner,
      { url: "http://127.0.0.1:9/keydesk", description: "", events: ["api_key.leaked"], expiringDays: 7 },
      NO_REQUEST,
    );
    const leaked = await issueApiKey(owner, keyInput({ name: "in the repo" }), NO_REQUEST);
    const other = await issueApiKey(owner, keyInput({ name: "kept safe" }), NO_REQUEST);
    const checker = await issueApiKey(await createTestUser(), keyInput({ apiSets: ["keys:verify"] }), NO_REQUEST);
    expect((await api.call("/me", { token: leaked.token })).status).toBe(200); // cached as valid before the report

    const wrongSecret = withChecksum(`${TOKEN_PREFIX}${other.key.clientId}_${"A".repeat(43)}`);
    const unknownKey = withChecksum(`${TOKEN_PREFIX}${"B".repeat(20)}_${"C".repeat(43)}`);
    const badChecksum = `${leaked.token.slice(0, -1)}${leaked.token.endsWith("A") ? "B" : "A"}`;
    const tokens = [leaked.token, wrongSecret, unknownKey, badChecksum, "kdk_short", "not a key at all"];
    const res = await report(
      api,
      tokens.map((token) => ({ token, type: "keydesk_api_key", url: LEAK_URL, source: "content" })),
    );
    expect(res.status).toBe(200);
    const verdicts = await res.json();
    expect(verdicts).toEqual(
      tokens.map((token, i) => ({
        token_hash: sha256(token),
        token_type: "keydesk_api_key",
        label: i === 0 ? "true_positive" : "false_positive",
      })),
    );
    expect(JSON.stringify(verdicts)).not.toContain(leaked.key.clientId);

    // Revoked with the reason and the URL; the other key is untouched.
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: leaked.key.id } });
    expect(row).toMatchObject({ revokedReason: "leaked", leakUrl: LEAK_URL, revokedById: null });
    expect(row.revokedAt).not.toBeNull();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: other.key.id } })).revokedAt).toBeNull();

    // Every verifier refuses it at once: direct calls and /verify.
    const me = await api.call("/me", { token: leaked.token });
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe("key_revoked");
    const verify = await api.call("/verify", {
      token: checker.token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: leaked.token }),
    });
    expect(await verify.json()).toMatchObject({ valid: false, code: "key_revoked", clientId: leaked.key.clientId });

    // The owner is told: an audit row and a webhook event, neither holding the secret.
    const audit = await db.auditEvent.findMany({ where: { action: "key.leaked", clientId: leaked.key.clientId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, targetUserId: owner.id, ip: "203.0.113.50" });
    expect(JSON.parse(audit[0].details)).toMatchObject({ name: "in the repo", url: LEAK_URL, source: "content" });
    const events = await db.webhookEvent.findMany({ where: { type: "api_key.leaked" } });
    const event = events.find((e) => e.payload.includes(leaked.key.clientId));
    expect(event).toBeDefined();
    expect(JSON.parse(event?.payload ?? "{}").data).toMatchObject({
      key: { clientId: leaked.key.clientId, status: "revoked" },
      url: LEAK_URL,
    });
    for (const text of [audit[0].details, event?.payload ?? ""]) expect(text).not.toContain(leaked.token.slice(25));

    // Reported again: still a real secret, nothing written twice.
    const again = await report(api, [{ token: leaked.token, type: "keydesk_api_key", url: "https://elsewhere.example", source: "commit" }]);
    expect((await again.json())[0].label).toBe("true_positive");
    expect(await db.auditEvent.count({ where: { action: "key.leaked", clientId: leaked.key.clientId } })).toBe(1);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: leaked.key.id } })).leakUrl).toBe(LEAK_URL);
  });

  it("refuses malformed and oversized batches without changing anything", async () => {
    const owner = await createTestUser();
    const key = await issueApiKey(owner, keyInput(), NO_REQUEST);
    const item = { token: key.token, type: "keydesk_api_key", url: LEAK_URL, source: "content" };
    const tooMany = await report(
      api,
      Array.from({ length: 101 }, () => item),
    );
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).detail).toBe("Send at most 100 reports per request.");
    for (const bad of [{ token: key.token }, [], [{ type: "x" }], [{ token: 42 }], "kdk"]) {
      const res = await report(api, bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
    expect((await report(api, null, { raw: "[{" })).status).toBe(400);
    const huge = await report(api, [{ ...item, url: "x".repeat(300 * 1024) }]);
    expect(huge.status).toBe(413);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).revokedAt).toBeNull();
    // 100 is allowed (the same token each time: revoked once).
    const full = await report(
      api,
      Array.from({ length: 100 }, () => item),
    );
    expect(full.status).toBe(200);
    expect((await full.json()).every((v: { label: string }) => v.label === "true_positive")).toBe(true);
  });

  it("limits each address", async () => {
    const item = [{ token: "kdk_nothing", type: "t", url: "", source: "content" }];
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await report(api, item, { ip: "198.51.100.9" })).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const limited = await report(api, item, { ip: "198.51.100.9" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await report(api, item, { ip: "198.51.100.10" })).status).toBe(200);
  });
});

describe("leak reports with GitHub's keys configured", () => {
  let api: TestApi;
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const KEY_ID = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keydesk-leak-keys-"));
    const file = path.join(dir, "secret_scanning.json");
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: KEY_ID, key: pem, is_current: true }] }));
    api = await startTestApi({ runtime: { leakReportKeys: file } });
  });
  afterAll(() => api.stop());

  it("takes a report whose signature verifies over the raw body, and refuses the rest", async () => {
    const owner = await createTestUser();
    const key = await issueApiKey(owner, keyInput(), NO_REQUEST);
    // Spacing as GitHub sends it; the signature is over these exact bytes.
    const raw = `[{"token":"${key.token}","type":"keydesk_api_key","url":"${LEAK_URL}","source":"content"}]`;
    const signature = sign("sha256", Buffer.from(raw), privateKey).toString("base64");
    const headers = (id: string, sig: string) => ({ "github-public-key-identifier": id, "github-public-key-signature": sig });

    const unsigned = await report(api, null, { raw });
    expect(unsigned.status).toBe(403);
    expect((await unsigned.json()).code).toBe("invalid_signature");
    const reordered = await report(api, JSON.parse(raw), {
      headers: headers(KEY_ID, signature),
      raw: JSON.stringify(JSON.parse(raw), null, 1),
    });
    expect(reordered.status).toBe(403);
    expect((await report(api, null, { raw, headers: headers("unknown-key", signature) })).status).toBe(403);
    expect((await report(api, null, { raw, headers: headers(KEY_ID, "bm90IGEgc2lnbmF0dXJl") })).status).toBe(403);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).revokedAt).toBeNull();

    const signed = await report(api, null, { raw, headers: headers(KEY_ID, signature) });
    expect(signed.status).toBe(200);
    expect((await signed.json())[0].label).toBe("true_positive");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).revokedReason).toBe("leaked");
  });
});
