// First start: one administrator, its password printed once; later starts print nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../lib/db/client";
import { createTestUser } from "../lib/testing/fixtures";
import { bootstrapAdmin } from "../lib/users/bootstrap-admin";
import { verifyPassword } from "../lib/users/passwords";
import { createFirstAdmin } from "./prepare";

afterEach(() => vi.restoreAllMocks());

describe("first start", () => {
  it("creates one administrator, prints its generated password once, and nothing on the next start", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await createFirstAdmin();
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    const password = /Password: (\S+)/.exec(printed)?.[1];
    expect(printed).toContain("Email:    admin@keydesk.local");
    expect(password).toMatch(/^[0-9A-Za-z]{20}$/);

    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@keydesk.local" }, include: { roles: true } });
    expect(admin.roles.map((r) => r.roleId)).toEqual(["role_admin"]);
    expect(admin.passwordHash).not.toContain(password!);
    expect(await verifyPassword(password!, admin.passwordHash)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "user.created", targetUserId: admin.id } })).toBe(1);

    log.mockClear();
    await createFirstAdmin();
    expect(log).not.toHaveBeenCalled();
    expect(await db.user.count()).toBe(1);
  });

  it("does nothing once an administrator exists, whatever the environment says", async () => {
    expect(await bootstrapAdmin({ KEYDESK_ADMIN_EMAIL: "other@example.com" })).toEqual({ created: false });
  });
});

describe("bootstrapAdmin validation", () => {
  it("refuses a weak KEYDESK_ADMIN_PASSWORD or a malformed email before creating anything", async () => {
    await db.$transaction([db.auditEvent.deleteMany(), db.userRole.deleteMany(), db.user.deleteMany()]);
    await expect(bootstrapAdmin({ KEYDESK_ADMIN_PASSWORD: "short" })).rejects.toThrow(/KEYDESK_ADMIN_PASSWORD: Use at least 12/);
    await expect(bootstrapAdmin({ KEYDESK_ADMIN_EMAIL: "not-an-email" })).rejects.toThrow(/KEYDESK_ADMIN_EMAIL/);
    expect(await db.user.count()).toBe(0);

    // Users without the Admin role (demo data loaded first) do not count as an administrator.
    await createTestUser();
    const result = await bootstrapAdmin({ KEYDESK_ADMIN_EMAIL: " Ops@Example.com ", KEYDESK_ADMIN_PASSWORD: "a long enough secret" });
    expect(result).toEqual({ created: true, email: "ops@example.com", password: "a long enough secret", passwordGenerated: false });
  });
});
