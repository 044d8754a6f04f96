// API management: who holds API access, with their key counts and last use, and each filter.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { DAY_MS } from "../keys/expiry";
import { createTestRole, userWith } from "../testing/admin-fixtures";
import { createTestUser } from "../testing/fixtures";
import { listApiAccess } from "./list-api-access";
import type { ApiAccessFilters } from "./schemas";

const now = new Date("2026-06-15T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
const ahead = (days: number) => new Date(now.getTime() + days * DAY_MS);

let manager: Actor;
let people: Record<string, string>;
let seq = 0;

async function key(userId: string, k: { created: Date; expires: Date; revoked?: Date; lastUsed?: Date; ip?: string }) {
  seq += 1;
  await db.apiKey.create({
    data: {
      clientId: `client${seq}${Math.random().toString(36).slice(2, 8)}`,
      userId,
      name: `key ${seq}`,
      secretHash: "h",
      secretHint: "wxyz",
      apiSets: "profile:read",
      createdAt: k.created,
      expiresAt: k.expires,
      revokedAt: k.revoked ?? null,
      lastUsedAt: k.lastUsed ?? null,
      lastUsedIp: k.ip ?? null,
    },
  });
}

beforeAll(async () => {
  manager = await userWith(["keys:manage"], { apiAccess: false });
  const ops = await createTestRole(["keys:use"], "Ops");
  const fresh = await createTestUser({ name: "Fresh" }); // new key, used today
  const old = await createTestUser({ name: "Old", roleIds: [ops.id] }); // 200-day-old key, idle 100 days
  const expiring = await createTestUser({ name: "Expiring" }); // key expiring in 5 days, never used
  const revokedOnly = await createTestUser({ name: "RevokedOnly" }); // only a revoked key (used yesterday)
  const off = await createTestUser({ name: "Off", apiAccess: false }); // access off: never listed
  await key(fresh.id, { created: ago(2), expires: ahead(60), lastUsed: ago(0.1), ip: "203.0.113.1" });
  await key(fresh.id, { created: ago(1), expires: ahead(60), lastUsed: ago(3), ip: "203.0.113.2" });
  await key(old.id, { created: ago(200), expires: ahead(100), lastUsed: ago(100), ip: "203.0.113.3" });
  await key(expiring.id, { created: ago(20), expires: ahead(5) });
  await key(revokedOnly.id, { created: ago(10), expires: ahead(10), revoked: ago(0.5), lastUsed: ago(1), ip: "203.0.113.4" });
  await key(off.id, { created: ago(10), expires: ahead(10) });
  people = { fresh: fresh.id, old: old.id, expiring: expiring.id, revokedOnly: revokedOnly.id, off: off.id, ops: ops.id };
});

async function names(filters: ApiAccessFilters) {
  const page = await listApiAccess(manager, filters, 1, now);
  return page.rows
    .map((r) => r.name)
    .filter((n) => ["Fresh", "Old", "Expiring", "RevokedOnly", "Off"].includes(n))
    .sort();
}

describe("listApiAccess", () => {
  it("lists users with API access on, with active keys, oldest key, next expiry and last use", async () => {
    const page = await listApiAccess(manager, {}, 1, now);
    const byName = new Map(page.rows.map((r) => [r.name, r]));
    expect(byName.has("Off")).toBe(false);
    expect(byName.get("Fresh")).toMatchObject({
      activeKeys: 2,
      oldestKeyCreatedAt: ago(2).toISOString(),
      nextExpiresAt: ahead(60).toISOString(),
      lastUsedAt: ago(0.1).toISOString(),
      lastUsedIp: "203.0.113.1",
    });
    expect(byName.get("RevokedOnly")).toMatchObject({ activeKeys: 0, lastUsedIp: "203.0.113.4" });
    expect(byName.get("Expiring")).toMatchObject({ activeKeys: 1, lastUsedAt: null });
  });

  it("filters by role, key age, last use and coming expiry", async () => {
    expect(await names({ role: people.ops })).toEqual(["Old"]);
    expect(await names({ keyAge: "90" })).toEqual(["Old"]);
    expect(await names({ keyAge: "30" })).toEqual(["Old"]);
    expect(await names({ expiring: 7 })).toEqual(["Expiring"]);
    expect(await names({ expiring: 365 })).toEqual(["Expiring", "Fresh", "Old"]);
    expect(await names({ lastUse: "1d" })).toEqual(["Fresh", "RevokedOnly"]);
    expect(await names({ lastUse: "7d" })).toEqual(["Fresh", "RevokedOnly"]);
    expect(await names({ lastUse: "idle30" })).toEqual(["Expiring", "Old"]);
    expect(await names({ lastUse: "idle90" })).toEqual(["Expiring", "Old"]);
    expect(await names({ lastUse: "never" })).toEqual(["Expiring"]);
    expect(await names({ lastUse: "idle30", keyAge: "180" })).toEqual(["Old"]);
    expect(await names({ role: "no-such-role" })).toEqual([]);
  });

  it("counts the filtered total for pagination", async () => {
    const page = await listApiAccess(manager, { lastUse: "never" }, 1, now);
    expect(page.total).toBe(page.rows.length);
  });
});
