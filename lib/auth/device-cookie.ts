// Device cookies (OWASP's "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
// has signed in to an account holds a cookie naming that account, signed with a key derived
// from AUTH_SECRET. With it, the right password always works and failures count against that
// device alone, so nobody guessing passwords elsewhere can lock the owner out. Free of framework
// imports; lib/auth/auth.ts reads and sets the cookie.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { serverSecrets } from "../server-secrets";

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const VERSION = "d1";

/** Cookie name; the __Host- prefix (Secure, no Domain, Path=/) when served over https. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-keydesk-device" : "keydesk-device";
}

function key(): Buffer {
  return createHmac("sha256", serverSecrets().authSecret).update("keydesk device cookie v1").digest();
}

function sign(payload: string): string {
  return createHmac("sha256", key()).update(payload).digest("base64url");
}

/** A fresh device cookie value for this account. */
export function issueDeviceToken(userId: string, now = new Date()): string {
  const deviceId = randomBytes(16).toString("base64url");
  const payload = `${VERSION}.${deviceId}.${Buffer.from(userId).toString("base64url")}.${Math.floor(now.getTime() / 1000)}`;
  return `${payload}.${sign(payload)}`;
}

/** The device id when `token` is a genuine, unexpired device cookie for `userId`; otherwise null. */
export function deviceIdFor(token: string | null | undefined, userId: string | null, now = new Date()): string | null {
  if (!token || !userId || token.length > 256) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const [, deviceId, account, issued, signature] = parts;
  const expected = Buffer.from(sign(parts.slice(0, 4).join(".")));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Buffer.from(account, "base64url").toString() !== userId) return null;
  const age = now.getTime() / 1000 - Number(issued);
  if (!Number.isFinite(age) || age < -300 || age > DEVICE_COOKIE_MAX_AGE_SECONDS) return null;
  return deviceId;
}

/**
 * A keyed hash of the email as typed (normalised), under which failures are counted: unknown
 * emails are throttled exactly like known ones, and the table never holds an email.
 */
export function accountKeyFor(email: string | null): string {
  return createHmac("sha256", key())
    .update(`account:${email ?? ""}`)
    .digest("base64url");
}
