// Server-side sessions end exactly: sign-out, a password change (other sessions only), a reset
// and disabling delete the rows in the change's own transaction, so a session started a moment
// before is over too, and a sign-in racing with a reset or a disable never survives it. The real
// request gate (currentActor) runs against the database; only Auth.js's cookie decoding and the
// request headers are stood in for.
import { beforeEach, describe, expect, it, vi } from "vitest";

const hooks = vi.hoisted(() => ({ afterPasswordCheck: null as null | (() => Promise<unknown>) }));
vi.mock("./auth", () => ({ auth: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "x-forwarded-for": "198.51.100.7" }),
}));
// Lets a test run a change between the password check and the start of the session.
vi.mock("../users/passwords", async (original) => {
  const actual = await original<typeof import("../users/passwords")>();
  return {
    ...actual,
    verifyPassword: async (password: string, hash: string | null) => {
      const valid = await actual.verifyPassword(password, hash);
      const hook = hooks.afterPasswordCheck;
      hooks.afterPasswordCheck = null;
      if (hook) await hook();
      return valid;
    },
  };
});

import { db } from "../db/client";
import { createTestUser, TEST_PASSWORD } from "../testing/fixtures";
import { changeOwnPassword } from "../users/change-password";
import { resetUserPassword } from "../users/reset-password";
import { setUserDisabled } from "../users/set-user-disabled";
import { loadActor } from "./actor";
import { auth } from "./auth";
import { authenticate } from "./authenticate";
import { currentActor } from "./session";
import {
  describeBrowser,
  endCurrentSession,
  endOtherOwnSessions,
  endOwnSession,
  endUserSessions,
  LAST_SEEN_WRITE_INTERVAL_MS,
  listSessions,
  SESSION_IDLE_MS,
} from "./sessions";

const meta = { ip: "192.0.2.10", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/130.0 Safari/537.36" };

/** What a browser holding the cookie of this sign-in would be: the gate every page and action runs. */
async function requestWith(signIn: { id: string; sessionId: string } | null) {
  vi.mocked(auth).mockResolvedValue((signIn ? { user: { id: signIn.id }, sessionId: signIn.sessionId, expires: "" } : null) as never);
  return currentActor();
}

async function signedInActor(signIn: { id: string; sessionId: string }) {
  const actor = await requestWith(signIn);
  if (!actor) throw new Error("the session is not live");
  return actor;
}

async function signIn(user: { email: string }) {
  const result = await authenticate(user.email, TEST_PASSWORD, meta);
  if (!result) throw new Error("sign-in failed");
  return result;
}

beforeEach(() => {
  hooks.afterPasswordCheck = null;
});

describe("server-side sessions", () => {
  it("each sign-in is a session row the cookie names; sign-out deletes it, so a copied cookie opens nothing", async () => {
    const user = await createTestUser();
    const browser = await signIn(user);
    const row = await db.session.findUniqueOrThrow({ where: { id: browser.sessionId } });
    expect(row).toMatchObject({ userId: user.id, ip: "192.0.2.10" });
    expect(browser.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const actor = await signedInActor(browser);
    expect(actor).toMatchObject({ id: user.id, sessionId: browser.sessionId });
    const copied = { ...browser };
    await endCurrentSession(actor, meta);
    expect(await requestWith(copied)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "user.signed_out", targetUserId: user.id } })).toBe(1);
    // A cookie without a session id (issued before server-side sessions) or naming another user's row.
    const other = await signIn(await createTestUser());
    expect(await requestWith({ id: user.id, sessionId: other.sessionId })).toBeNull();
    vi.mocked(auth).mockResolvedValue({ user: { id: user.id }, expires: "" } as never);
    expect(await currentActor()).toBeNull();
  });

  it("a password change ends every other session at once, however recent, and keeps the one making it", async () => {
    const user = await createTestUser();
    const here = await signIn(user);
    const elsewhere = await signIn(user);
    const justNow = await signIn(user); // started in the same instant as the change below
    const actor = await signedInActor(here);
    const NEW = "an entirely new passphrase";
    expect(await changeOwnPassword(actor, { currentPassword: TEST_PASSWORD, newPassword: NEW, confirmPassword: NEW }, meta)).toEqual({
      endedSessions: 2,
    });
    expect(await requestWith(here)).toMatchObject({ id: user.id });
    expect(await requestWith(elsewhere)).toBeNull();
    expect(await requestWith(justNow)).toBeNull();
  });

  it("a reset or a disable ends every session in the same transaction, including one started a moment before", async () => {
    const admin = await createTestUser({ admin: true });
    const reset = await createTestUser();
    const a = await signIn(reset);
    await resetUserPassword(admin, { userId: reset.id }, meta);
    expect(await requestWith(a)).toBeNull();
    expect(await db.session.count({ where: { userId: reset.id } })).toBe(0);

    const disabled = await createTestUser();
    const b = await signIn(disabled);
    await setUserDisabled(admin, { userId: disabled.id, disabled: true }, meta);
    expect(await db.session.count({ where: { userId: disabled.id } })).toBe(0);
    // Enabling again does not bring the old session back.
    await setUserDisabled(admin, { userId: disabled.id, disabled: false }, meta);
    expect(await requestWith(b)).toBeNull();
  });

  it("a sign-in whose password was checked just before a reset or a disable committed starts no session", async () => {
    const admin = await createTestUser({ admin: true });
    const user = await createTestUser();
    hooks.afterPasswordCheck = () => resetUserPassword(admin, { userId: user.id }, meta);
    expect(await authenticate(user.email, TEST_PASSWORD, meta)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    const other = await createTestUser();
    hooks.afterPasswordCheck = () => setUserDisabled(admin, { userId: other.id, disabled: true }, meta);
    expect(await authenticate(other.email, TEST_PASSWORD, meta)).toBeNull();
    expect(await db.session.count({ where: { userId: other.id } })).toBe(0);
  });

  it("lists the person's live sessions with browser, address and times, marks this one, and ends them on request", async () => {
    const user = await createTestUser();
    const here = await signIn(user);
    const there = await signIn(user);
    const third = await signIn(user);
    const actor = await signedInActor(here);
    const sessions = await listSessions(user.id, here.sessionId);
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current).map((s) => s.id)).toEqual([here.sessionId]);
    expect(sessions[0]).toMatchObject({ browser: "Chrome on macOS", ip: "192.0.2.10" });

    // Someone else's session id is not found, and nothing changes.
    const stranger = await signedInActor(await signIn(await createTestUser()));
    await expect(endOwnSession(stranger, { sessionId: there.sessionId }, meta)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(3);

    expect(await endOwnSession(actor, { sessionId: there.sessionId }, meta)).toEqual({ current: false });
    expect(await requestWith(there)).toBeNull();
    expect(await endOtherOwnSessions(actor, meta)).toEqual({ ended: 1 });
    expect(await requestWith(third)).toBeNull();
    expect(await requestWith(here)).toMatchObject({ id: user.id });
    expect(await db.auditEvent.count({ where: { action: "user.session_ended", actorId: user.id } })).toBe(2);
  });

  it("administrators with Manage users end a user's sessions; others cannot", async () => {
    const admin = await createTestUser({ admin: true });
    const member = await createTestUser();
    const user = await createTestUser();
    const s = await signIn(user);
    await expect(endUserSessions(member, { userId: user.id }, meta)).rejects.toMatchObject({ code: "forbidden" });
    expect(await requestWith(s)).toMatchObject({ id: user.id });
    expect(await endUserSessions(admin, { userId: user.id }, meta)).toEqual({ ended: 1 });
    expect(await requestWith(s)).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.sessions_ended", targetUserId: user.id } });
    expect(audit.actorId).toBe(admin.id);
  });

  it("writes last seen at most once a minute, and a session idle past its lifetime is over", async () => {
    const user = await createTestUser();
    const s = await signIn(user);
    const first = (await db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt;
    await requestWith(s);
    await requestWith(s);
    expect((await db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt).toEqual(first);
    const old = new Date(Date.now() - LAST_SEEN_WRITE_INTERVAL_MS - 1000);
    await db.session.update({ where: { id: s.sessionId }, data: { lastSeenAt: old } });
    await requestWith(s);
    const seen = await db.session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(seen.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
    expect(seen.ip).toBe("198.51.100.7");

    await db.session.update({ where: { id: s.sessionId }, data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) } });
    expect(await requestWith(s)).toBeNull();
    expect(await loadActor(user.id)).not.toBeNull();
  });

  it("names browsers in words, never echoing the raw user agent", () => {
    expect(describeBrowser(null)).toBe("Unknown browser");
    expect(describeBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0")).toBe(
      "Edge on Windows",
    );
    expect(describeBrowser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1")).toBe(
      "Safari on iOS",
    );
    expect(describeBrowser("<script>alert(1)</script>")).toBe("Unknown browser");
  });
});
