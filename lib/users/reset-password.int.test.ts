// An administrator resets a user's password: a new generated one works, the old one does not,
// the user's sessions end; no self-service through this door, no reaching above one's rights.
import { describe, expect, it } from "vitest";
import { authenticate } from "../auth/authenticate";
import { db } from "../db/client";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser, TEST_PASSWORD } from "../testing/fixtures";
import { refusal } from "../testing/refusal";
import { resetUserPassword } from "./reset-password";

const meta = { ip: "192.0.2.44", userAgent: "vitest" };

describe("resetUserPassword", () => {
  it("gives the user a new generated password and ends their sessions", async () => {
    const admin = await createTestUser({ admin: true });
    const user = await createTestUser();
    const signedIn = await authenticate(user.email, TEST_PASSWORD, meta);
    expect(signedIn).not.toBeNull();
    const { generatedPassword } = await resetUserPassword(admin, { userId: user.id }, meta);
    expect(generatedPassword).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(await authenticate(user.email, TEST_PASSWORD, meta)).toBeNull();
    expect(await authenticate(user.email, generatedPassword, meta)).toMatchObject({ id: user.id });
    expect(await db.session.findUnique({ where: { id: signedIn?.sessionId ?? "" } })).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.password_reset", targetUserId: user.id } });
    expect(audit.actorId).toBe(admin.id);
    expect(JSON.stringify(audit)).not.toContain(generatedPassword);
  });

  it("refuses one's own account, missing authority and users holding rights the caller lacks", async () => {
    const admin = await createTestUser({ admin: true });
    expect((await refusal(resetUserPassword(admin, { userId: admin.id }, meta))).code).toBe("conflict");
    const member = await createTestUser();
    const target = await createTestUser();
    expect((await refusal(resetUserPassword(member, { userId: target.id }, meta))).code).toBe("forbidden");
    const userManager = await userWith(["users:manage"]);
    expect((await refusal(resetUserPassword(userManager, { userId: admin.id }, meta))).code).toBe("forbidden");
    expect((await refusal(resetUserPassword(admin, { userId: "no-such-user" }, meta))).code).toBe("not_found");
    const unchanged = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(await authenticate(unchanged.email, TEST_PASSWORD, meta)).toMatchObject({ id: admin.id });
  });
});
