// Administration through the real server actions: what each one does, and how each refuses bad
// input and abuse - with a clear message (next to the field where there is one) and nothing
// changed.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.4" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { NO_REQUEST } from "@/lib/audit/write-audit";
import { loadActor } from "@/lib/auth/actor";
import { authenticate } from "@/lib/auth/authenticate";
import { ADMIN_ROLE_ID, MEMBER_ROLE_ID } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { issueApiKey } from "@/lib/keys/issue-api-key";
import { actAs, expectUnchanged } from "@/lib/testing/action-harness";
import { createTestRole, userWith } from "@/lib/testing/admin-fixtures";
import { createTestUser, keyInput } from "@/lib/testing/fixtures";
import { createWebhook, webhookQuota } from "@/lib/webhooks/subscriptions";
import { issueKeyAction, revokeKeyAction, setApiAccessAction } from "../profile/api-keys/actions";
import { clearApiKeysAction } from "./api-access/actions";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./roles/actions";
import { updateKeyPolicyAction } from "./settings/actions";
import { createUserAction, revokeUserKeyAction, setUserDisabledAction, setUserRolesAction, updateUserProfileAction } from "./users/actions";

const meta = { ip: "198.51.100.4", userAgent: "vitest" };
let n = 0;
const email = () => `person-${++n}-${Math.random().toString(36).slice(2, 6)}@keydesk.test`;

beforeEach(() => actAs(null));

describe("Create user", () => {
  it("creates a user with a typed initial password and roles, never echoing the password", async () => {
    const admin = await createTestUser({ admin: true });
    const support = await createTestRole(["keys:use", "keys:manage"]);
    actAs(admin);
    const address = email();
    const result = await createUserAction({
      name: "Dana Ops",
      email: address.toUpperCase(),
      passwordMode: "set",
      password: "a long enough password",
      roleIds: [MEMBER_ROLE_ID, support.id],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).not.toHaveProperty("generatedPassword");
    expect(JSON.stringify(result)).not.toContain("a long enough password");
    const user = await db.user.findUniqueOrThrow({ where: { id: result.data.id }, include: { roles: true } });
    expect(user).toMatchObject({ email: address, name: "Dana Ops", searchText: `dana ops ${address}`, apiAccess: false, disabled: false });
    expect(user.roles.map((r) => r.roleId).sort()).toEqual([MEMBER_ROLE_ID, support.id].sort());
    expect(await authenticate(address, "a long enough password", NO_REQUEST)).toMatchObject({ id: user.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.created", targetUserId: user.id } });
    expect(audit).toMatchObject({ actorId: admin.id, ip: "198.51.100.4", userAgent: "vitest" });
    expect(audit.details).not.toContain("a long enough password");
  });

  it("can generate the password, returns it once and stores only its hash", async () => {
    actAs(await createTestUser({ admin: true }));
    const address = email();
    const result = await createUserAction({
      name: "Gen",
      email: address,
      passwordMode: "generate",
      password: "ignored-ignored",
      roleIds: [],
    });
    if (!result.ok) throw new Error(result.message);
    const password = result.data.generatedPassword!;
    expect(password).toMatch(/^[0-9A-Za-z]{20}$/);
    const row = await db.user.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row.passwordHash).not.toContain(password);
    expect(await authenticate(address, password, NO_REQUEST)).toMatchObject({ id: row.id, email: address });
    const audits = await db.auditEvent.findMany({ where: { targetUserId: row.id } });
    expect(JSON.stringify(audits)).not.toContain(password);
  });

  it("refuses duplicate emails (any case), weak or oversized passwords and oversized fields, changing nothing", async () => {
    const admin = await createTestUser({ admin: true });
    actAs(admin);
    const valid = { name: "Someone", email: email(), passwordMode: "set" as const, password: "twelve chars", roleIds: [] as string[] };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ email: admin.email.toUpperCase() }, "email", "A user with this email already exists."],
      [{ password: "eleven char" }, "password", "Use at least 12 characters."],
      [{ password: "é".repeat(40) }, "password", "Use at most 72 bytes."],
      [{ password: undefined }, "password", "Use at least 12 characters."],
      [{ name: "n".repeat(101) }, "name", "Use at most 100 characters."],
      [{ name: "   " }, "name", "Enter a name."],
      [{ email: `${"e".repeat(250)}@x.io` }, "email", "Use at most 254 characters."],
      [{ email: "not-an-email" }, "email", "Enter a valid email address."],
      [{ roleIds: ["no-such-role"] }, "roleIds", "Choose existing roles."],
      [{ roleIds: Array.from({ length: 21 }, (_, i) => `r${i}`) }, "roleIds", "Too many roles."],
      [{ passwordMode: "email-it" }, "passwordMode", "Choose how the password is set."],
    ];
    for (const [change, field, message] of cases) {
      const result = await expectUnchanged(() => createUserAction({ ...valid, ...change } as never));
      expect(result.ok, JSON.stringify(change)).toBe(false);
      if (result.ok) continue;
      expect(result.fieldErrors?.[field]?.[0], JSON.stringify(change)).toBe(message);
    }
  });

  it("lets two simultaneous creations of one email produce one user and a clear conflict", async () => {
    actAs(await createTestUser({ admin: true }));
    const address = email();
    const input = { name: "Twin", email: address, passwordMode: "generate" as const, roleIds: [] };
    const results = await Promise.all([createUserAction(input), createUserAction(input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      code: "conflict",
      fieldErrors: { email: ["A user with this email already exists."] },
    });
    expect(await db.user.count({ where: { email: address } })).toBe(1);
  });

  it("does not let a user manager hand out rights they lack (no climb to Admin)", async () => {
    const manager = await userWith(["users:manage", "keys:use"]);
    actAs(manager);
    const admin = await expectUnchanged(() =>
      createUserAction({ name: "Escalate", email: email(), passwordMode: "generate", roleIds: [ADMIN_ROLE_ID] }),
    );
    expect(admin).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setUserRolesAction({ userId: manager.id, roleIds: [ADMIN_ROLE_ID] })).toMatchObject({ ok: false, code: "forbidden" });
    expect((await loadActor(manager.id))!.authorities.has("roles:manage")).toBe(false);
    // Within their own rights they may.
    expect(await createUserAction({ name: "Member", email: email(), passwordMode: "generate", roleIds: [MEMBER_ROLE_ID] })).toMatchObject({
      ok: true,
    });
  });
});

describe("Edit profile", () => {
  it("renames and re-addresses a user, keeps search text in step and audits before/after", async () => {
    const admin = await createTestUser({ admin: true });
    const target = await createTestUser({ name: "Old Name" });
    actAs(admin);
    const address = email();
    const result = await updateUserProfileAction({ userId: target.id, name: "  New Name ", email: address.toUpperCase() });
    expect(result).toMatchObject({ ok: true, data: { name: "New Name", email: address } });
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ searchText: `new name ${address}` });
    expect(await db.keyChange.count({ where: { userId: target.id } })).toBe(1); // verification reports the owner's name
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.updated", targetUserId: target.id } });
    expect(JSON.parse(audit.details)).toEqual({
      before: { name: "Old Name", email: target.email },
      after: { name: "New Name", email: address },
    });
  });

  it("refuses another user's email, unknown users and oversized names", async () => {
    const admin = await createTestUser({ admin: true });
    const a = await createTestUser();
    const b = await createTestUser();
    actAs(admin);
    expect(await expectUnchanged(() => updateUserProfileAction({ userId: a.id, name: "A", email: b.email }))).toMatchObject({
      ok: false,
      code: "conflict",
      fieldErrors: { email: ["Another user already has this email."] },
    });
    expect(await expectUnchanged(() => updateUserProfileAction({ userId: "no-such-user", name: "A", email: email() }))).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await expectUnchanged(() => updateUserProfileAction({ userId: a.id, name: "x".repeat(500), email: a.email }))).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { name: ["Use at most 100 characters."] },
    });
    expect(await expectUnchanged(() => updateUserProfileAction({ userId: "u".repeat(65), name: "A", email: a.email }))).toMatchObject({
      ok: false,
      fieldErrors: { userId: ["Unknown a user."] },
    });
  });
});

describe("Roles of a user", () => {
  it("changes roles with effect on the very next request, and audits names", async () => {
    const admin = await createTestUser({ admin: true });
    const target = await createTestUser({ apiAccess: true });
    const viewer = await createTestRole(["audit:view"], `Auditor ${n++}`);
    actAs(admin);
    expect(await setUserRolesAction({ userId: target.id, roleIds: [viewer.id] })).toMatchObject({ ok: true, data: { changed: true } });
    const after = (await loadActor(target.id))!;
    expect([...after.authorities]).toEqual(["audit:view"]);
    expect(await db.keyChange.count({ where: { userId: target.id } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.roles_changed", targetUserId: target.id } });
    expect(JSON.parse(audit.details)).toEqual({ before: ["Member"], after: [viewer.name] });

    // Without "Use API keys" every key action is refused for them at once.
    actAs(target);
    expect(await issueKeyAction(keyInput())).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setApiAccessAction({ enabled: false })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("never removes the Admin role from the last enabled Admin - not even by themselves", async () => {
    const admins = await db.userRole.findMany({ where: { roleId: ADMIN_ROLE_ID } });
    await db.userRole.deleteMany({ where: { roleId: ADMIN_ROLE_ID } }); // this test needs to own "the last Admin"
    try {
      const only = await createTestUser({ admin: true });
      const disabledAdmin = await createTestUser({ admin: true });
      await db.user.update({ where: { id: disabledAdmin.id }, data: { disabled: true } });
      actAs(only);
      const self = await expectUnchanged(() => setUserRolesAction({ userId: only.id, roleIds: [MEMBER_ROLE_ID] }));
      expect(self).toMatchObject({
        ok: false,
        code: "conflict",
        fieldErrors: { roleIds: ["You are the last administrator. Make another user an Admin first."] },
      });
      expect(await expectUnchanged(() => setUserDisabledAction({ userId: only.id, disabled: true }))).toMatchObject({
        ok: false,
        message: "You cannot disable your own account.",
      });
      // Another Admin who is disabled does not count.
      expect(
        await db.user.findUniqueOrThrow({
          where: { id: disabledAdmin.id },
          select: { disabled: true, roles: { select: { roleId: true } } },
        }),
      ).toEqual({
        disabled: true,
        roles: [{ roleId: ADMIN_ROLE_ID }],
      });

      // With a second enabled Admin, one may step down - and then the other is the last.
      const second = await createTestUser({ admin: true });
      expect(await setUserRolesAction({ userId: only.id, roleIds: [MEMBER_ROLE_ID] })).toMatchObject({ ok: true });
      actAs(second);
      expect(await expectUnchanged(() => setUserRolesAction({ userId: second.id, roleIds: [] }))).toMatchObject({
        ok: false,
        code: "conflict",
      });
      // A user manager who is not an Admin cannot disable the last Admin either (nor manage them at all).
      actAs(await userWith(["users:manage"]));
      expect(await expectUnchanged(() => setUserDisabledAction({ userId: second.id, disabled: true }))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    } finally {
      await db.userRole.createMany({ data: admins.map(({ userId, roleId }) => ({ userId, roleId })) });
    }
  });

  it("lets only one of two Admins demoting each other at once succeed", async () => {
    const admins = await db.userRole.findMany({ where: { roleId: ADMIN_ROLE_ID } });
    await db.userRole.deleteMany({ where: { roleId: ADMIN_ROLE_ID } });
    try {
      const a = await createTestUser({ admin: true });
      const b = await createTestUser({ admin: true });
      const session = await import("@/lib/auth/session");
      vi.mocked(session.currentActor)
        .mockImplementationOnce(async () => loadActor(a.id))
        .mockImplementationOnce(async () => loadActor(b.id));
      const results = await Promise.all([
        setUserRolesAction({ userId: b.id, roleIds: [MEMBER_ROLE_ID] }),
        setUserRolesAction({ userId: a.id, roleIds: [MEMBER_ROLE_ID] }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.userRole.count({ where: { roleId: ADMIN_ROLE_ID, user: { disabled: false } } })).toBe(1);
    } finally {
      await db.userRole.deleteMany({ where: { roleId: ADMIN_ROLE_ID } });
      await db.userRole.createMany({ data: admins.map(({ userId, roleId }) => ({ userId, roleId })) });
    }
  });

  it("refuses unknown users and roles", async () => {
    const target = await createTestUser();
    actAs(await createTestUser({ admin: true }));
    expect(await expectUnchanged(() => setUserRolesAction({ userId: "no-such-user", roleIds: [] }))).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await expectUnchanged(() => setUserRolesAction({ userId: target.id, roleIds: ["no-such-role"] }))).toMatchObject({
      ok: false,
      fieldErrors: { roleIds: ["Choose existing roles."] },
    });
  });
});

describe("Disable and enable", () => {
  it("stops sign-in and sessions at once, keeps keys unrevoked, and enabling restores sign-in", async () => {
    const admin = await createTestUser({ admin: true });
    const target = await createTestUser({ apiAccess: true });
    const { key } = await issueApiKey(target, keyInput(), NO_REQUEST);
    actAs(admin);
    expect(await setUserDisabledAction({ userId: target.id, disabled: true })).toMatchObject({ ok: true, data: { disabled: true } });
    const row = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.disabled).toBe(true);
    expect(await db.session.count({ where: { userId: target.id } })).toBe(0);
    expect(await loadActor(target.id)).toBeNull(); // every session lookup now fails
    expect(await authenticate(target.email, "correct horse battery staple", NO_REQUEST)).toBeNull();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
    expect(await db.keyChange.count({ where: { userId: target.id } })).toBe(2); // issue + disable

    // Their (signed-in) browser can no longer act.
    actAs(target);
    expect(await revokeKeyAction({ keyId: key.id })).toMatchObject({ ok: false, code: "unauthenticated" });

    actAs(admin);
    expect(await setUserDisabledAction({ userId: target.id, disabled: false })).toMatchObject({ ok: true, data: { disabled: false } });
    expect(await authenticate(target.email, "correct horse battery staple", NO_REQUEST)).toMatchObject({ id: target.id });
    const actions = await db.auditEvent.findMany({
      where: { targetUserId: target.id, action: { in: ["user.disabled", "user.enabled"] } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["user.disabled", "user.enabled"]);
  });

  it("refuses unknown users", async () => {
    actAs(await createTestUser({ admin: true }));
    expect(await expectUnchanged(() => setUserDisabledAction({ userId: "nobody", disabled: true }))).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});

describe("Clear API keys and Revoke", () => {
  it("revokes every key and turns API access off in one change, audited once", async () => {
    const admin = await userWith(["keys:manage"]);
    const target = await createTestUser({ apiAccess: true });
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await issueApiKey(target, keyInput(), NO_REQUEST)).key);
    actAs(admin);
    expect(await clearApiKeysAction({ userId: target.id })).toMatchObject({ ok: true, data: { revoked: 3 } });
    const rows = await db.apiKey.findMany({ where: { userId: target.id } });
    expect(rows.every((k) => k.revokedAt && k.revokedReason === "cleared" && k.revokedById === admin.id)).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).apiAccess).toBe(false);
    const audits = await db.auditEvent.findMany({ where: { action: "keys.cleared", targetUserId: target.id } });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].details)).toEqual({ revoked: 3, clientIds: keys.map((k) => k.clientId), apiAccessWasOn: true });

    // They must switch access on and issue a new key themselves.
    actAs(target);
    expect(await issueKeyAction(keyInput())).toMatchObject({ ok: false, code: "api_access_disabled" });
    expect(await setApiAccessAction({ enabled: true })).toMatchObject({ ok: true });
    expect(await issueKeyAction(keyInput())).toMatchObject({ ok: true });
  });

  it("refuses unknown users and forged key posts, changing nothing", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    const { key: keyOfB } = await issueApiKey(b, keyInput(), NO_REQUEST);
    actAs(await userWith(["keys:manage"]));
    expect(await expectUnchanged(() => clearApiKeysAction({ userId: "nobody" }))).toMatchObject({ ok: false, code: "not_found" });
    // The page of user A posting user B's key id.
    expect(await expectUnchanged(() => revokeUserKeyAction({ userId: a.id, keyId: keyOfB.id }))).toMatchObject({
      ok: false,
      code: "not_found",
      message: "The key was not found.",
    });
    expect(await expectUnchanged(() => revokeUserKeyAction({ userId: b.id, keyId: "k".repeat(200) }))).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    // A Member forging the profile page's revoke with someone else's key id.
    actAs(a);
    expect(await expectUnchanged(() => revokeKeyAction({ keyId: keyOfB.id }))).toMatchObject({ ok: false, code: "not_found" });
  });

  it("revokes one key of the user the page is about", async () => {
    const owner = await createTestUser();
    const { key } = await issueApiKey(owner, keyInput(), NO_REQUEST);
    actAs(await userWith(["keys:manage"]));
    expect(await revokeUserKeyAction({ userId: owner.id, keyId: key.id })).toMatchObject({ ok: true, data: { status: "revoked" } });
    expect(await expectUnchanged(() => revokeUserKeyAction({ userId: owner.id, keyId: key.id }))).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });
});

describe("Roles", () => {
  it("creates, renames and deletes custom roles; authority changes reset every key cache", async () => {
    actAs(await createTestUser({ admin: true }));
    const created = await createRoleAction({
      name: "Support",
      description: "Helps users",
      authorities: ["keys:use", "keys:manage", "keys:manage"],
    });
    if (!created.ok) throw new Error(created.message);
    const row = await db.role.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row).toMatchObject({ name: "Support", authorities: "keys:manage keys:use", builtIn: false });

    const globalChanges = () => db.keyChange.count({ where: { userId: null } });
    const before = await globalChanges();
    expect(
      await updateRoleAction({
        roleId: row.id,
        name: "Support desk",
        description: "Helps users",
        authorities: ["keys:use", "keys:manage"],
      }),
    ).toMatchObject({ ok: true });
    expect(await globalChanges()).toBe(before); // rename only
    expect(await updateRoleAction({ roleId: row.id, name: "Support desk", description: "", authorities: ["keys:manage"] })).toMatchObject({
      ok: true,
    });
    expect(await globalChanges()).toBe(before + 1);

    const holder = await createTestUser({ roleIds: [row.id] });
    expect(await deleteRoleAction({ roleId: row.id })).toMatchObject({ ok: true, data: { holders: 1 } });
    expect(await globalChanges()).toBe(before + 2);
    expect((await loadActor(holder.id))!.roles).toEqual([]);
    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: "role." } }, orderBy: { id: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions.slice(-4)).toEqual(["role.created", "role.updated", "role.updated", "role.deleted"]);
  });

  it("refuses duplicate names (any case), built-in roles, unknown roles and bad fields", async () => {
    actAs(await createTestUser({ admin: true }));
    const existing = await createTestRole([], "Auditors");
    const other = await createTestRole([]);
    const cases: [() => Promise<{ ok: boolean }>, Record<string, unknown>][] = [
      [
        () => createRoleAction({ name: "auditors", authorities: [] }),
        { code: "conflict", fieldErrors: { name: ["A role with this name already exists."] } },
      ],
      [() => createRoleAction({ name: "ADMIN", authorities: [] }), { code: "conflict" }],
      [() => updateRoleAction({ roleId: other.id, name: "AUDITORS", authorities: [] }), { code: "conflict" }],
      [
        () => updateRoleAction({ roleId: ADMIN_ROLE_ID, name: "Admin", authorities: [] }),
        { code: "conflict", message: "Admin is a built-in role and cannot be changed or deleted." },
      ],
      [() => deleteRoleAction({ roleId: MEMBER_ROLE_ID }), { code: "conflict" }],
      [() => deleteRoleAction({ roleId: "nope" }), { code: "not_found" }],
      [() => createRoleAction({ name: "r".repeat(41), authorities: [] }), { fieldErrors: { name: ["Use at most 40 characters."] } }],
      [
        () => createRoleAction({ name: "Fine", description: "d".repeat(201), authorities: [] }),
        { fieldErrors: { description: ["Use at most 200 characters."] } },
      ],
      [
        () => createRoleAction({ name: "Fine", authorities: ["keys:use", "root"] }),
        { fieldErrors: { authorities: ["Unknown authority: root."] } },
      ],
      [
        () => createRoleAction({ name: "Fine\u0000", authorities: [] }),
        { fieldErrors: { name: ["Remove control and invisible characters."] } },
      ],
      [
        () => createRoleAction({ name: "Admin\u202eresu", authorities: [] }),
        { fieldErrors: { name: ["Remove control and invisible characters."] } },
      ],
    ];
    for (const [run, expected] of cases) {
      const result = await expectUnchanged(run);
      expect(result, JSON.stringify(expected)).toMatchObject({ ok: false, ...expected });
    }
    expect(await db.role.findUniqueOrThrow({ where: { id: existing.id }, select: { name: true } })).toEqual({ name: "Auditors" });
  });

  it("keeps names unique regardless of case even when two requests race, down to the database", async () => {
    actAs(await createTestUser({ admin: true }));
    const results = await Promise.all([
      createRoleAction({ name: "Race Ops", authorities: [] }),
      createRoleAction({ name: "RACE OPS", authorities: [] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      code: "conflict",
      fieldErrors: { name: ["A role with this name already exists."] },
    });
    // The unique index on lower(name) refuses writes that bypass lib/ too.
    await expect(db.role.create({ data: { name: "race ops" } })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.role.count({ where: { name: { in: ["Race Ops", "RACE OPS", "race ops"] } } })).toBe(1);
  });

  it("does not let a role manager grant authorities they lack", async () => {
    const manager = await userWith(["roles:manage"]);
    const own = await db.userRole.findFirstOrThrow({ where: { userId: manager.id } });
    actAs(manager);
    expect(await expectUnchanged(() => createRoleAction({ name: "Sneaky", authorities: ["users:manage"] }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(
      await expectUnchanged(() => updateRoleAction({ roleId: own.roleId, name: "Mine", authorities: ["roles:manage", "settings:manage"] })),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const strong = await createTestRole(["keys:manage"]);
    expect(await expectUnchanged(() => deleteRoleAction({ roleId: strong.id }))).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("Settings", () => {
  const DEFAULTS = { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90, maxWebhooks: 10 };

  it("changes the policy for new keys only and audits the change", async () => {
    const user = await createTestUser();
    const old = await issueApiKey(user, keyInput({ expiresIn: "1y" }), NO_REQUEST);
    actAs(await createTestUser({ admin: true }));
    expect(
      await updateKeyPolicyAction({ maxActiveKeys: "5", maxLifetimeDays: "30", defaultLifetimeDays: 30, maxWebhooks: 10 } as never),
    ).toMatchObject({
      ok: true,
      data: { changed: true, policy: { maxActiveKeys: 5, maxLifetimeDays: 30, defaultLifetimeDays: 30, maxWebhooks: 10 } },
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: old.key.id } })).expiresAt.toISOString()).toBe(old.key.expiresAt);
    await expect(issueApiKey(user, keyInput({ expiresIn: "90d" }), NO_REQUEST)).rejects.toMatchObject({ field: "expiresIn" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.details)).toEqual({
      before: { maxActiveKeys: 3, maxLifetimeDays: 365, defaultLifetimeDays: 90 },
      after: { maxActiveKeys: 5, maxLifetimeDays: 30, defaultLifetimeDays: 30 },
    });
    // Saving the same values writes nothing.
    expect(
      await expectUnchanged(() =>
        updateKeyPolicyAction({ maxActiveKeys: 5, maxLifetimeDays: 30, defaultLifetimeDays: 30, maxWebhooks: 10 }),
      ),
    ).toMatchObject({ ok: true, data: { changed: false } });
    await updateKeyPolicyAction(DEFAULTS);
  });

  it("lowers the webhook limit without deleting a subscription: it only refuses new ones, and is audited", async () => {
    const user = await createTestUser();
    const add = (n: number) =>
      createWebhook(
        user,
        { url: `http://127.0.0.1:9/hook-${n}`, description: "", events: ["api_key.revoked"], expiringDays: 7 },
        NO_REQUEST,
        { urlPolicy: { allowLocal: true } },
      );
    for (const n of [1, 2, 3]) await add(n);
    const before = await db.webhookSubscription.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });

    actAs(await createTestUser({ admin: true }));
    expect(await updateKeyPolicyAction({ ...DEFAULTS, maxWebhooks: "2" } as never)).toMatchObject({
      ok: true,
      data: { changed: true, policy: { maxWebhooks: 2 } },
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.details)).toEqual({ before: { maxWebhooks: 10 }, after: { maxWebhooks: 2 } });

    // All three stay, untouched (On, same secret and URL); a fourth is refused, and so is a third
    // once one is deleted and the user is at the limit again.
    expect(await db.webhookSubscription.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } })).toEqual(before);
    await expect(add(4)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("2 webhooks") });
    await db.webhookSubscription.delete({ where: { id: before[0]!.id } });
    await expect(add(5)).rejects.toMatchObject({ code: "conflict" });
    await db.webhookSubscription.delete({ where: { id: before[1]!.id } });
    await expect(add(6)).resolves.toMatchObject({ webhook: { url: "http://127.0.0.1:9/hook-6" } });
    expect(await webhookQuota(user.id)).toEqual({ count: 2, max: 2 });

    await updateKeyPolicyAction(DEFAULTS);
  });

  it("refuses values out of range, non-numbers and a default above the maximum", async () => {
    actAs(await createTestUser({ admin: true }));
    const cases: [Record<string, unknown>, string, string][] = [
      [{ maxActiveKeys: 0 }, "maxActiveKeys", "Enter a number from 1 to 20."],
      [{ maxActiveKeys: 21 }, "maxActiveKeys", "Enter a number from 1 to 20."],
      [{ maxActiveKeys: 2.5 }, "maxActiveKeys", "Enter a whole number."],
      [{ maxActiveKeys: "lots" }, "maxActiveKeys", "Enter a number from 1 to 20."],
      [{ maxLifetimeDays: 366 }, "maxLifetimeDays", "Enter a number of days from 1 to 365."],
      [{ maxLifetimeDays: 0 }, "maxLifetimeDays", "Enter a number of days from 1 to 365."],
      [
        { maxLifetimeDays: 30, defaultLifetimeDays: 31 },
        "defaultLifetimeDays",
        "The default lifetime cannot be longer than the maximum lifetime.",
      ],
      [{ maxWebhooks: 0 }, "maxWebhooks", "Enter a number from 1 to 100."],
      [{ maxWebhooks: 101 }, "maxWebhooks", "Enter a number from 1 to 100."],
      [{ maxWebhooks: "-3" }, "maxWebhooks", "Enter a number from 1 to 100."],
      [{ maxWebhooks: 2.5 }, "maxWebhooks", "Enter a whole number."],
      [{ maxWebhooks: "1e1" }, "maxWebhooks", "Enter a number from 1 to 100."],
      [{ maxWebhooks: true }, "maxWebhooks", "Enter a number from 1 to 100."],
      [{ maxWebhooks: undefined }, "maxWebhooks", "Enter a number from 1 to 100."],
    ];
    for (const [change, field, message] of cases) {
      const result = await expectUnchanged(() => updateKeyPolicyAction({ ...DEFAULTS, ...change } as never));
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, fieldErrors: { [field]: [message] } });
    }
  });
});

describe("meta", () => {
  it("records the request's IP and user agent on admin audit rows", async () => {
    const target = await createTestUser();
    actAs(await createTestUser({ admin: true }));
    await setUserDisabledAction({ userId: target.id, disabled: true });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "user.disabled", targetUserId: target.id } })).toMatchObject(meta);
  });
});
