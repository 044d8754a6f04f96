// Changing one's own password: the current one must be right, the new one valid and different;
// other sessions end; nothing secret reaches the audit log.
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createTestUser, TEST_PASSWORD } from "../testing/fixtures";
import { refusal } from "../testing/refusal";
import { changeOwnPassword } from "./change-password";
import { verifyPassword } from "./passwords";
import { changePasswordSchema } from "./schemas";

const meta = { ip: "192.0.2.9", userAgent: "vitest" };
const NEW = "a brand new passphrase";

describe("changeOwnPassword", () => {
  it("replaces the password and audits the change (lib/auth/sessions.int.test.ts: which sessions end)", async () => {
    const user = await createTestUser();
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await changeOwnPassword(user, { currentPassword: TEST_PASSWORD, newPassword: NEW, confirmPassword: NEW }, meta);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(NEW, after.passwordHash)).toBe(true);
    expect(await verifyPassword(TEST_PASSWORD, after.passwordHash)).toBe(false);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.password_changed", targetUserId: user.id } });
    expect(JSON.stringify(audit)).not.toContain(NEW);
    expect(audit.ip).toBe("192.0.2.9");
  });

  it("refuses a wrong current password or an unchanged one, changing nothing", async () => {
    const user = await createTestUser();
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const wrong = await refusal(
      changeOwnPassword(user, { currentPassword: "not it at all", newPassword: NEW, confirmPassword: NEW }, meta),
    );
    expect(wrong).toMatchObject({ field: "currentPassword", message: "Your current password is not correct." });
    const same = await refusal(
      changeOwnPassword(user, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }, meta),
    );
    expect(same.field).toBe("newPassword");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it("validates the form: length, bytes and the repeated password", () => {
    const errors = (input: object) => changePasswordSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(errors({ currentPassword: "x", newPassword: "short", confirmPassword: "short" })).toEqual([
      "newPassword: Use at least 12 characters.",
    ]);
    expect(errors({ currentPassword: "x", newPassword: "é".repeat(40), confirmPassword: "é".repeat(40) })).toEqual([
      "newPassword: Use at most 72 bytes.",
    ]);
    expect(errors({ currentPassword: "x", newPassword: NEW, confirmPassword: `${NEW}!` })).toEqual([
      "confirmPassword: The two new passwords differ.",
    ]);
    expect(errors({ currentPassword: "", newPassword: NEW, confirmPassword: NEW })).toEqual([
      "currentPassword: Enter your current password.",
    ]);
  });
});
