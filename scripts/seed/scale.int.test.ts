// The scale seed, small: the data it writes reads back through lib/ like the app's own, every
// index is rebuilt after the load, and a second run is refused without touching anything.
import { describe, expect, it } from "vitest";
import { listApiAccess } from "../../lib/admin/list-api-access";
import { listAuditEvents } from "../../lib/audit/list-audit";
import { NO_REQUEST } from "../../lib/audit/write-audit";
import { authenticate } from "../../lib/auth/authenticate";
import { db, dbProvider } from "../../lib/db/client";
import { userWith } from "../../lib/testing/admin-fixtures";
import { listUsers } from "../../lib/users/list-users";
import { SCALE_ROLE, seedScale } from "./scale";

async function indexNames(): Promise<string[]> {
  const rows =
    dbProvider === "postgresql"
      ? await db.$queryRaw<{ name: string }[]>`SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()`
      : await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'index'`;
  return rows.map((r) => r.name).sort();
}

describe("seedScale", () => {
  it("writes users, keys, roles and audit events the app reads like its own", async () => {
    const before = await indexNames();
    const usersBefore = await db.user.count();
    const result = await seedScale(process.env.DATABASE_URL!, { users: 50, log: () => {} });
    expect(result).toMatchObject({ users: 50, keys: 150 }); // 60% with API access, five keys each
    expect(await indexNames()).toEqual(before);
    expect(await db.user.count()).toBe(usersBefore + 50);
    expect(await db.role.findUnique({ where: { id: SCALE_ROLE.id } })).toMatchObject({ name: "Support" });

    const admin = await userWith(["users:manage", "keys:manage", "audit:view"]);
    const seeded = await db.user.findFirstOrThrow({ where: { email: { endsWith: "@example.com" } }, orderBy: { createdAt: "desc" } });
    const found = await listUsers(admin, { q: seeded.name.split(" ")[1].toUpperCase(), page: 1 });
    expect(found.rows.map((r) => r.id)).toContain(seeded.id);
    const access = await listApiAccess(admin, {}, 1);
    expect(access.total).toBeGreaterThanOrEqual(30);
    expect(access.rows.some((r) => r.activeKeys > 0 && r.lastUsedAt !== null)).toBe(true);
    const audit = await listAuditEvents(admin, { action: "key.issued" }, 1);
    expect(audit.total).toBeGreaterThanOrEqual(150);
    // Seeded accounts have an unknown password.
    expect(await authenticate(seeded.email, "password", NO_REQUEST)).toBeNull();
  });

  it("refuses to seed the same database twice", async () => {
    const count = await db.user.count();
    await expect(seedScale(process.env.DATABASE_URL!, { users: 10, log: () => {} })).rejects.toThrow(/already holds the scale seed/);
    expect(await db.user.count()).toBe(count);
  });
});
