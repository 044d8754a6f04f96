// Sign-in throttling that an attacker cannot turn against the owner: a browser holding its device
// cookie always gets to use the right password; without one, failures meet growing delays (never a
// hard lock); an address with too many failures waits; known and unknown emails cannot be told
// apart by message, timing or throttling.
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createTestUser, TEST_PASSWORD } from "../testing/fixtures";
import { type AuthenticatedUser, authenticate, SIGN_IN_THROTTLED_MESSAGE } from "./authenticate";
import { deviceIdFor, issueDeviceToken } from "./device-cookie";
import { accountDelayMs, FREE_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_DEVICE } from "./sign-in-throttle";

const from = (i: number) => ({ ip: `203.0.113.${i % 250}`, userAgent: "attacker" });
const owner = { ip: "192.0.2.1", userAgent: "owner's browser" };

type Outcome = "signed-in" | "refused" | "throttled";
async function attempt(email: string, password: string, meta: { ip: string; userAgent: string }, deviceToken?: string | null) {
  try {
    return ((await authenticate(email, password, meta, { deviceToken })) ? "signed-in" : "refused") as Outcome;
  } catch (error) {
    expect(error).toMatchObject({ code: "rate_limited", message: SIGN_IN_THROTTLED_MESSAGE });
    return "throttled" as Outcome;
  }
}

/** Moves every recorded failure back in time, as if `ms` had passed. */
async function letTimePass(ms: number) {
  const rows = await db.signInFailure.findMany({ select: { id: true, at: true } });
  for (const r of rows) await db.signInFailure.update({ where: { id: r.id }, data: { at: new Date(r.at.getTime() - ms) } });
}

describe("device cookies", () => {
  it("the attacker's 50 wrong attempts from many addresses do not stop the owner's browser with its device cookie", async () => {
    const user = await createTestUser();
    const first = (await authenticate(user.email, TEST_PASSWORD, owner)) as AuthenticatedUser;
    expect(deviceIdFor(first.deviceToken, user.id)).not.toBeNull();

    const attacker: Outcome[] = [];
    for (let i = 0; i < 50; i++) attacker.push(await attempt(user.email, `guess number ${i}`, from(i)));
    expect(attacker).not.toContain("signed-in");
    expect(attacker.filter((o) => o === "throttled").length).toBeGreaterThan(40);
    // Without the cookie even the right password now waits...
    expect(await attempt(user.email, TEST_PASSWORD, from(99))).toBe("throttled");
    // ...but the owner's browser gets in at once, and a mistyped password there costs nothing extra.
    expect(await attempt(user.email, "a typo", owner, first.deviceToken)).toBe("refused");
    expect(await attempt(user.email, TEST_PASSWORD, owner, first.deviceToken)).toBe("signed-in");
  });

  it("a device that keeps failing is throttled alone; other browsers are not", async () => {
    const user = await createTestUser();
    const signedIn = (await authenticate(user.email, TEST_PASSWORD, owner)) as AuthenticatedUser;
    const other = (await authenticate(user.email, TEST_PASSWORD, owner)) as AuthenticatedUser;
    for (let i = 0; i < MAX_FAILURES_PER_DEVICE; i++)
      expect(await attempt(user.email, "wrong", owner, signedIn.deviceToken)).toBe("refused");
    expect(await attempt(user.email, TEST_PASSWORD, owner, signedIn.deviceToken)).toBe("throttled");
    expect(await attempt(user.email, TEST_PASSWORD, owner, other.deviceToken)).toBe("signed-in");
    // The device's failures did not count against the account either.
    expect(await attempt(user.email, TEST_PASSWORD, from(7))).toBe("signed-in");
  });

  it("a cookie for another account, a tampered or expired one counts as none", async () => {
    const user = await createTestUser();
    const someone = await createTestUser();
    const theirs = issueDeviceToken(someone.id);
    expect(deviceIdFor(theirs, user.id)).toBeNull();
    const mine = issueDeviceToken(user.id);
    expect(deviceIdFor(mine, user.id)).not.toBeNull();
    const parts = mine.split(".");
    expect(deviceIdFor([...parts.slice(0, 4), `${parts[4].slice(0, -2)}AA`].join("."), user.id)).toBeNull();
    expect(deviceIdFor([parts[0], "other-device", ...parts.slice(2)].join("."), user.id)).toBeNull();
    expect(deviceIdFor(issueDeviceToken(user.id, new Date(Date.now() - 400 * 24 * 3600 * 1000)), user.id)).toBeNull();
    for (const junk of ["", "x", "d1....", "a".repeat(5000), "d1.a.b.c.d"]) expect(deviceIdFor(junk, user.id)).toBeNull();
    // With someone else's cookie the account's own throttling applies.
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) await attempt(user.email, "wrong", from(i));
    expect(await attempt(user.email, TEST_PASSWORD, owner, theirs)).toBe("throttled");
  });
});

describe("without a device cookie", () => {
  it("failures for an account meet growing delays, not a hard lock", async () => {
    expect([0, 4, 5, 6, 7, 10, 20].map(accountDelayMs)).toEqual([0, 0, 1000, 2000, 4000, 32000, 300000]);
    const user = await createTestUser();
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) expect(await attempt(user.email, "wrong", from(i))).toBe("refused");
    // Refused quickly (no bcrypt), even with the right password.
    const started = performance.now();
    expect(await attempt(user.email, TEST_PASSWORD, from(50))).toBe("throttled");
    expect(performance.now() - started).toBeLessThan(150);
    // Once the delay has passed, the right password works again.
    await letTimePass(accountDelayMs(FREE_FAILURES_PER_ACCOUNT) + 10);
    expect(await attempt(user.email, TEST_PASSWORD, from(51))).toBe("signed-in");
    const throttled = await db.auditEvent.count({ where: { action: "user.sign_in_throttled", targetUserId: user.id } });
    expect(throttled).toBe(1);
  });

  it("known and unknown emails get the same outcomes, message and throttling", async () => {
    const user = await createTestUser();
    const unknown = `nobody-${Math.random().toString(36).slice(2, 8)}@keydesk.test`;
    const sequence = async (email: string) => {
      const out: Outcome[] = [];
      for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT + 3; i++) out.push(await attempt(email, "wrong guess", from(100 + i)));
      return out;
    };
    const known = await sequence(user.email);
    expect(await sequence(unknown)).toEqual(known);
    expect(known).toContain("throttled");
  });

  it("an address with too many failures waits, whichever accounts it tried; others are unaffected", async () => {
    const user = await createTestUser();
    const address = { ip: "198.51.100.66", userAgent: "attacker" };
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await db.signInFailure.create({ data: { accountKey: `k${i}`, ip: address.ip } });
    }
    expect(await attempt(user.email, TEST_PASSWORD, address)).toBe("throttled");
    expect(await attempt("nobody@keydesk.test", "x", address)).toBe("throttled");
    expect(await attempt(user.email, TEST_PASSWORD, { ip: "198.51.100.67", userAgent: "someone" })).toBe("signed-in");
  });
});
