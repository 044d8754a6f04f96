// Email + password checks: one answer for every failure, the same work for unknown emails,
// disabled accounts refused, every attempt audited without the password.
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createUser } from "../users/create-user";
import { authenticate } from "./authenticate";
import { MEMBER_ROLE_ID } from "./authorities";

const meta = { ip: "198.51.100.4", userAgent: "vitest" };
const PASSWORD = "a perfectly long password";

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("authenticate", () => {
  it("signs in with the right password (email case-insensitive) and records it", async () => {
    const user = await createUser(null, { email: "ada@keydesk.test", name: "Ada", password: PASSWORD, roleIds: [MEMBER_ROLE_ID] }, meta);
    expect(await authenticate("  ADA@keydesk.test ", PASSWORD, meta)).toEqual({
      id: user.id,
      name: "Ada",
      email: "ada@keydesk.test",
      sessionId: expect.any(String),
      deviceToken: expect.any(String),
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastSignInIp).toBe("198.51.100.4");
    expect(Date.now() - (row.lastSignInAt?.getTime() ?? 0)).toBeLessThan(60_000);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.signed_in", targetUserId: user.id } });
    expect(audit.details).not.toContain(PASSWORD);
  });

  it("refuses wrong passwords, unknown emails, junk input and disabled accounts alike", async () => {
    const user = await createUser(null, { email: "bob@keydesk.test", name: "Bob", password: PASSWORD, roleIds: [MEMBER_ROLE_ID] }, meta);
    expect(await authenticate("bob@keydesk.test", "not the password", meta)).toBeNull();
    expect(await authenticate("nobody@keydesk.test", PASSWORD, meta)).toBeNull();
    expect(await authenticate(undefined, undefined, meta)).toBeNull();
    expect(await authenticate({ email: "x" }, ["p"], meta)).toBeNull();
    expect(await authenticate("bob@keydesk.test", "x".repeat(5000), meta)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await authenticate("bob@keydesk.test", PASSWORD, meta)).toBeNull();

    const failures = await db.auditEvent.findMany({ where: { action: "user.sign_in_failed", targetUserId: user.id } });
    expect(failures.map((f) => JSON.parse(f.details).reason)).toEqual(["password", "password", "disabled"]);
    for (const f of failures) expect(f.details).not.toContain("not the password");
  });

  it("spends the same bcrypt work on unknown emails as on known ones", async () => {
    await createUser(null, { email: "carol@keydesk.test", name: "Carol", password: PASSWORD, roleIds: [MEMBER_ROLE_ID] }, meta);
    await authenticate("nobody@keydesk.test", "warm up the dummy hash", meta);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await timed(() => authenticate("carol@keydesk.test", "wrong password", meta)));
      unknown.push(await timed(() => authenticate(`nobody${i}@keydesk.test`, "wrong password", meta)));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("failure records", () => {
  it("records failures for unknown emails without the email typed", async () => {
    const ip = { ip: "192.0.2.200", userAgent: "vitest" };
    expect(await authenticate("my-password-typed-here@keydesk.test", "x", ip)).toBeNull();
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "user.sign_in_failed", ip: ip.ip } });
    expect(row.targetUserId).toBeNull();
    expect(JSON.stringify(row)).not.toContain("my-password-typed-here");
  });
});
