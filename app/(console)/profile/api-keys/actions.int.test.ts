// The API keys page's server actions, called as a browser (or a forger) would: only the session
// lookup is replaced; the wrapper, zod, lib/ and the database are real.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { createTestUser, keyInput } from "@/lib/testing/fixtures";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ currentActor: async () => session.actor }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "192.0.2.10", "user-agent": "action-test" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { issueKeyAction, regenerateKeyAction, revokeKeyAction, setApiAccessAction } = await import("./actions");

beforeEach(() => {
  session.actor = null;
});

describe("API key actions", () => {
  it("refuse callers without a session and change nothing", async () => {
    const before = await db.apiKey.count();
    for (const result of [
      await issueKeyAction(keyInput()),
      await revokeKeyAction({ keyId: "x" }),
      await regenerateKeyAction({ keyId: "x", grace: "none" }),
      await setApiAccessAction({ enabled: true }),
    ]) {
      expect(result).toEqual({ ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." });
    }
    expect(await db.apiKey.count()).toBe(before);
  });

  it("issue returns the token once and records the caller's IP", async () => {
    session.actor = await createTestUser();
    const result = await issueKeyAction(keyInput({ name: "From the form" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.token).toMatch(/^kdk_/);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { clientId: result.data.key.clientId } });
    expect(audit).toMatchObject({ ip: "192.0.2.10", userAgent: "action-test" });
  });

  it("answers forged or malformed input with field errors and no change", async () => {
    session.actor = await createTestUser();
    const forged = await issueKeyAction({ name: "", apiSets: ["root:all"], expiresIn: "never" } as never);
    expect(forged).toMatchObject({ ok: false, code: "validation_failed" });
    if (!forged.ok) {
      expect(forged.fieldErrors).toMatchObject({
        name: ["Enter a name."],
        apiSets: ["Unknown API set: root:all."],
        expiresIn: ["Choose an expiration."],
      });
    }
    expect(await issueKeyAction(null as never)).toMatchObject({ ok: false, code: "validation_failed" });
    expect(await revokeKeyAction({ keyId: 42 } as never)).toMatchObject({ ok: false, code: "validation_failed" });
    expect(await db.apiKey.count({ where: { userId: session.actor.id } })).toBe(0);
  });

  it("will not touch another user's key, even for an administrator on this page", async () => {
    const owner = await createTestUser();
    session.actor = owner;
    const issued = await issueKeyAction(keyInput());
    if (!issued.ok) throw new Error(issued.message);
    const keyId = issued.data.key.id;

    for (const intruder of [await createTestUser(), await createTestUser({ admin: true })]) {
      session.actor = intruder;
      expect(await revokeKeyAction({ keyId })).toEqual({ ok: false, code: "not_found", message: "The key was not found." });
      expect(await regenerateKeyAction({ keyId, grace: "none" })).toMatchObject({ ok: false, code: "not_found" });
    }
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(row.revokedAt).toBeNull();
    expect(row.replacedById).toBeNull();
  });

  it("refuses users without 'Use API keys'", async () => {
    session.actor = await createTestUser({ roleIds: [] });
    expect(await issueKeyAction(keyInput())).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setApiAccessAction({ enabled: false })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("explains a revoked key cannot be regenerated", async () => {
    session.actor = await createTestUser();
    const issued = await issueKeyAction(keyInput());
    if (!issued.ok) throw new Error(issued.message);
    await revokeKeyAction({ keyId: issued.data.key.id });
    expect(await regenerateKeyAction({ keyId: issued.data.key.id, grace: "none" })).toEqual({
      ok: false,
      code: "conflict",
      message: "This key is revoked and cannot be regenerated. Issue a new key.",
    });
  });
});
