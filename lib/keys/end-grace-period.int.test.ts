// Ending a regenerated key's grace period early, against a real database: the old secret stops
// at once (verify refuses it), it is audited in the same transaction, the newer key is untouched,
// and nobody else - nor a key without a grace period - can be ended this way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { KeydeskError } from "../errors";
import { startTestApi, type TestApi } from "../testing/api-app";
import { createTestUser, keyInput } from "../testing/fixtures";
import { endGracePeriod } from "./end-grace-period";
import { issueApiKey } from "./issue-api-key";
import { keyQuota } from "./list-api-keys";
import { regenerateApiKey } from "./regenerate-api-key";

const meta = { ip: "203.0.113.9", userAgent: "vitest" };
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** The API's answer to GET /me with this key: 200, or the problem's code. */
async function me(token: string): Promise<number | string> {
  const response = await api.call("/me", { token });
  return response.status === 200 ? 200 : ((await response.json()) as { code: string }).code;
}

async function refusal(promise: Promise<unknown>): Promise<KeydeskError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeydeskError);
    return error as KeydeskError;
  }
  throw new Error("expected the call to be refused");
}

async function regenerated(grace: "1h" | "24h" | "none") {
  const user = await createTestUser();
  const first = await issueApiKey(user, keyInput({ name: "Worker" }), meta);
  const second = await regenerateApiKey(user, { keyId: first.key.id, grace }, meta);
  return { user, first, second };
}

describe("endGracePeriod", () => {
  it("stops the old secret now, audits it, and leaves the new key working", async () => {
    const { user, first, second } = await regenerated("24h");
    expect(await me(first.token)).toBe(200); // now cached by the API as a working key
    const versionBefore = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).keysVersion;

    const ended = await endGracePeriod(user, { keyId: first.key.id }, meta);
    expect(ended).toMatchObject({ status: "revoked", revokedReason: "regenerated", replaced: true });

    expect(await me(first.token)).toBe("key_revoked");
    expect(await me(second.token)).toBe(200);
    // Through lockKeyOwner: the owner's key version moved, so every process's cache drops the key.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).keysVersion).toBeGreaterThan(versionBefore);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "key.grace_ended", clientId: first.key.clientId } });
    expect(audit).toMatchObject({ actorId: user.id, targetUserId: user.id, ip: "203.0.113.9" });
    expect((await keyQuota(user.id)).activeCount).toBe(1);
  });

  it("refuses, changing nothing: someone else's key, a key never regenerated, one already stopped", async () => {
    const { user, first } = await regenerated("1h");
    const stranger = await createTestUser();
    const plain = await issueApiKey(user, keyInput({ name: "Plain" }), meta);
    const stopped = await regenerated("none");
    const before = await db.apiKey.findMany({ where: { userId: { in: [user.id, stopped.user.id] } }, orderBy: { id: "asc" } });
    const auditBefore = await db.auditEvent.count({ where: { action: "key.grace_ended" } });

    expect((await refusal(endGracePeriod(stranger, { keyId: first.key.id }, meta))).code).toBe("not_found");
    expect((await refusal(endGracePeriod(user, { keyId: plain.key.id }, meta))).code).toBe("conflict");
    expect((await refusal(endGracePeriod(stopped.user, { keyId: stopped.first.key.id }, meta))).code).toBe("conflict");

    expect(await db.apiKey.findMany({ where: { userId: { in: [user.id, stopped.user.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { action: "key.grace_ended" } })).toBe(auditBefore);
    expect(await me(first.token)).toBe(200);
  });
});
