// The users list: search behaves the same on SQLite and PostgreSQL (case-insensitive substring of
// name or email, wildcards literal), follows renames at once, and pages are stable and complete.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { db, dbProvider } from "../db/client";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser } from "../testing/fixtures";
import { listUsers, USERS_PAGE_SIZE } from "./list-users";
import { userSearchText } from "./normalize";
import { containsPattern, normalizeSearch } from "./search-users";

let admin: Actor;

async function namedUser(name: string, email: string) {
  return db.user.create({ data: { name, email, searchText: userSearchText(name, email), passwordHash: "x" }, select: { id: true } });
}

beforeAll(async () => {
  admin = await userWith(["users:manage"]);
});

describe("normalizeSearch and containsPattern", () => {
  it("lower-cases, collapses spaces and escapes LIKE wildcards", () => {
    expect(normalizeSearch("  Ada   LOVELACE ")).toBe("ada lovelace");
    expect(normalizeSearch(undefined)).toBe("");
    expect(normalizeSearch("x".repeat(500))).toHaveLength(100);
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});

describe("listUsers", () => {
  it("has the index its search uses on this database", async () => {
    const names =
      dbProvider === "postgresql"
        ? (await db.$queryRaw<{ name: string }[]>`SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'User'`).map(
            (r) => r.name,
          )
        : (await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'User'`).map(
            (r) => r.name,
          );
    expect(names).toContain("User_createdAt_id_searchText_idx");
    if (dbProvider === "postgresql") expect(names).toContain("User_searchText_trgm_idx");
  });

  it("finds users by any part of name or email, ignoring case, on either database", async () => {
    const ada = await namedUser("Ada Lövelace", "ADA@Analytical.example".toLowerCase());
    const grace = await namedUser("Grace Hopper", "grace@navy.example");
    const ids = async (q: string) => (await listUsers(admin, { q, page: 1 })).rows.map((r) => r.id);
    expect(await ids("LÖVE")).toEqual([ada.id]);
    expect(await ids("analytical.EX")).toEqual([ada.id]);
    expect(await ids("ce hop")).toEqual([grace.id]);
    expect(await ids("@navy")).toEqual([grace.id]);
    expect(await ids("nobody-has-this")).toEqual([]);
    const result = await listUsers(admin, { q: "  GRACE  ", page: 1 });
    expect(result).toMatchObject({ q: "grace", total: 1, pageCount: 1 });
  });

  it("treats % and _ literally", async () => {
    const odd = await namedUser("Per_cent 100%", "odd@chars.example");
    await namedUser("Percent 100", "plain@chars.example");
    const ids = async (q: string) => (await listUsers(admin, { q, page: 1 })).rows.map((r) => r.id);
    expect(await ids("100%")).toEqual([odd.id]);
    expect(await ids("per_")).toEqual([odd.id]);
    expect(await ids("r_c")).toEqual([odd.id]);
  });

  it("follows a rename at once", async () => {
    const user = await namedUser("Before Rename", "rename@example.test");
    await db.user.update({
      where: { id: user.id },
      data: { name: "Zelda Quux", searchText: userSearchText("Zelda Quux", "rename@example.test") },
    });
    expect((await listUsers(admin, { q: "zelda", page: 1 })).rows.map((r) => r.id)).toEqual([user.id]);
    expect((await listUsers(admin, { q: "before rename", page: 1 })).rows).toEqual([]);
  });

  it("pages newest first through every user exactly once", async () => {
    for (let i = 0; i < USERS_PAGE_SIZE + 3; i++) await createTestUser({ name: `Pager ${i}` });
    const total = await db.user.count();
    const first = await listUsers(admin, { page: 1 });
    expect(first.total).toBe(total);
    expect(first.pageCount).toBe(Math.ceil(total / USERS_PAGE_SIZE));
    const seen: string[] = [];
    for (let page = 1; page <= first.pageCount; page++) seen.push(...(await listUsers(admin, { page })).rows.map((r) => r.id));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const ordered = await db.user.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen).toEqual(ordered.map((u) => u.id));
    expect((await listUsers(admin, { page: first.pageCount + 5 })).rows).toEqual([]);
  });

  it("shows roles, API access and the number of active keys", async () => {
    const user = await createTestUser({ name: "Counted Keys" });
    const now = new Date();
    await db.apiKey.createMany({
      data: [
        {
          clientId: `c1${user.id}`,
          userId: user.id,
          name: "a",
          secretHash: "h",
          secretHint: "abcd",
          apiSets: "profile:read",
          expiresAt: new Date(now.getTime() + 86_400_000),
        },
        {
          clientId: `c2${user.id}`,
          userId: user.id,
          name: "b",
          secretHash: "h",
          secretHint: "abcd",
          apiSets: "profile:read",
          expiresAt: new Date(now.getTime() - 1000),
        },
        {
          clientId: `c3${user.id}`,
          userId: user.id,
          name: "c",
          secretHash: "h",
          secretHint: "abcd",
          apiSets: "profile:read",
          expiresAt: new Date(now.getTime() + 86_400_000),
          revokedAt: now,
        },
      ],
    });
    const row = (await listUsers(admin, { q: "counted keys", page: 1 })).rows[0];
    expect(row).toMatchObject({ id: user.id, activeKeys: 1, apiAccess: true, roles: [{ name: "Member" }] });
  });
});
