// Brute-force protection for password sign-in, counted from the audit log so it holds across
// every console instance: too many failures for one account, or from one address, within the
// window and further attempts are refused before any password is checked (no bcrypt work, so
// a flood cannot exhaust the CPU either). The limits are generous for people who mistype.
import type { RequestMeta } from "../audit/write-audit";
import { db } from "../db/client";

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 10;
const MAX_FAILURES_PER_ADDRESS = 30;

/** True when a sign-in for this account (if known) from this address must wait. */
export async function signInThrottled(userId: string | null, meta: RequestMeta, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [forAccount, fromAddress] = await Promise.all([
    userId
      ? db.auditEvent.count({
          where: { targetUserId: userId, action: "user.sign_in_failed", at: { gt: since } },
          take: MAX_FAILURES_PER_ACCOUNT,
        })
      : 0,
    meta.ip
      ? db.auditEvent.count({
          where: { action: "user.sign_in_failed", at: { gt: since }, ip: meta.ip },
          take: MAX_FAILURES_PER_ADDRESS,
        })
      : 0,
  ]);
  return forAccount >= MAX_FAILURES_PER_ACCOUNT || fromAddress >= MAX_FAILURES_PER_ADDRESS;
}
