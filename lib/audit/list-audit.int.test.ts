// The audit log: newest first, every filter, pages, and each user's own events.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser } from "../testing/fixtures";
import { AUDIT_PAGE_SIZE, listAuditEvents, listOwnAuditEvents } from "./list-audit";
import { auditFiltersSchema } from "./schemas";

let auditor: Actor;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  auditor = await userWith(["audit:view"]);
  alice = await createTestUser({ name: "Alice" });
  bob = await createTestUser({ name: "Bob" });
  const at = (d: string) => new Date(`${d}T10:00:00Z`);
  await db.auditEvent.createMany({
    data: [
      {
        at: at("2026-01-01"),
        actorId: alice.id,
        action: "key.issued",
        targetUserId: alice.id,
        clientId: "clientA",
        ip: "203.0.113.9",
        userAgent: "curl",
        details: '{"name":"deploy","apiSets":"keys:read"}',
      },
      {
        at: at("2026-01-02"),
        actorId: bob.id,
        action: "keys.cleared",
        targetUserId: alice.id,
        details: '{"revoked":2,"apiAccessWasOn":true}',
      },
      { at: at("2026-01-03"), actorId: alice.id, action: "user.signed_in", targetUserId: alice.id },
      { at: at("2026-01-04"), actorId: null, action: "user.sign_in_failed", targetUserId: bob.id, details: '{"reason":"password"}' },
    ],
  });
});

async function actions(filters: Record<string, string>, who = auditor) {
  const parsed = auditFiltersSchema.parse(filters);
  const page = await listAuditEvents(who, parsed, 1);
  return { page, actions: page.rows.filter((r) => [alice.id, bob.id].includes(r.targetUserId ?? "")).map((r) => r.action) };
}

describe("listAuditEvents", () => {
  it("lists newest first with people, key, IP, user agent and a readable summary", async () => {
    const { page, actions: list } = await actions({});
    expect(list).toEqual(["user.sign_in_failed", "user.signed_in", "keys.cleared", "key.issued"]);
    const cleared = page.rows.find((r) => r.action === "keys.cleared")!;
    expect(cleared).toMatchObject({
      actor: { name: "Bob" },
      target: { name: "Alice" },
      actionLabel: "API keys cleared",
      summary: "2 keys revoked; API access turned off",
    });
    const issued = page.rows.find((r) => r.action === "key.issued")!;
    expect(issued).toMatchObject({ clientId: "clientA", ip: "203.0.113.9", userAgent: "curl", summary: "deploy; Read API keys" });
    expect(page.rows.find((r) => r.action === "user.sign_in_failed")).toMatchObject({ actorId: null, actor: null });
  });

  it("filters by actor, target (email or id), action and dates", async () => {
    expect((await actions({ actor: alice.email.toUpperCase() })).actions).toEqual(["user.signed_in", "key.issued"]);
    expect((await actions({ target: alice.id })).actions).toEqual(["user.signed_in", "keys.cleared", "key.issued"]);
    expect((await actions({ action: "keys.cleared" })).actions).toEqual(["keys.cleared"]);
    expect((await actions({ from: "2026-01-02", to: "2026-01-03" })).actions).toEqual(["user.signed_in", "keys.cleared"]);
    expect((await actions({ actor: bob.email, target: alice.email, action: "keys.cleared" })).actions).toEqual(["keys.cleared"]);
  });

  it("reports an unknown person next to the filter and lists nothing", async () => {
    const { page } = await actions({ actor: "nobody@keydesk.test" });
    expect(page).toMatchObject({ rows: [], total: 0, fieldErrors: { actor: "No user has this email." } });
    const bad = await listAuditEvents(auditor, auditFiltersSchema.parse({ target: "not an email@" }), 1);
    expect(bad.fieldErrors.target).toBe("Enter a valid email address.");
  });

  it("rejects malformed filters in the schema", () => {
    const result = auditFiltersSchema.safeParse({ action: "drop table", from: "2026-02-30", to: "yesterday" });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error!.flatten().fieldErrors).sort();
    expect(fields).toEqual(["action", "from", "to"]);
    expect(auditFiltersSchema.safeParse({ from: "2026-03-02", to: "2026-03-01" }).error?.issues[0].path).toEqual(["to"]);
  });

  it("pages through every event once", async () => {
    await db.auditEvent.createMany({
      data: Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => ({
        at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
        actorId: bob.id,
        action: "user.signed_in",
        targetUserId: bob.id,
      })),
    });
    const filter = auditFiltersSchema.parse({ actor: bob.id, action: "user.signed_in" });
    const first = await listAuditEvents(auditor, filter, 1);
    const second = await listAuditEvents(auditor, filter, 2);
    expect(first.total).toBe(AUDIT_PAGE_SIZE + 5);
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(second.rows).toHaveLength(5);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(AUDIT_PAGE_SIZE + 5);
    expect(first.rows[0].at > second.rows[0].at).toBe(true);
  });
});

describe("listOwnAuditEvents", () => {
  it("shows a user the events about their own account only", async () => {
    const own = await listOwnAuditEvents(alice, 1);
    expect(own.rows.map((r) => r.action)).toEqual(["user.signed_in", "keys.cleared", "key.issued"]);
    expect(own.rows.every((r) => r.targetUserId === alice.id)).toBe(true);
  });

  it("names others who acted on the account but keeps their email, IP and browser private", async () => {
    await db.auditEvent.create({
      data: {
        at: new Date("2026-01-05T10:00:00Z"),
        actorId: bob.id,
        action: "key.revoked",
        targetUserId: alice.id,
        ip: "198.51.100.77",
        userAgent: "Bob's browser",
      },
    });
    const own = await listOwnAuditEvents(alice, 1);
    const byBob = own.rows.find((r) => r.action === "key.revoked")!;
    expect(byBob).toMatchObject({ actor: { name: "Bob", email: "" }, ip: null, userAgent: null });
    expect(JSON.stringify(own)).not.toContain(bob.email);
    // Alice's own events keep what she did and from where.
    expect(own.rows.find((r) => r.action === "key.issued")).toMatchObject({ ip: "203.0.113.9", userAgent: "curl" });
  });
});
