// Brute-force protection for password sign-in that an attacker cannot turn into a lockout.
// Failures are kept in SignInFailure (shared by every console instance, pruned as it goes):
// - with a valid device cookie for the account (lib/auth/device-cookie.ts) only that device's
//   own failures count: the owner's browser always gets to try its password;
// - without one, failures for the account (a keyed hash of the email, so unknown emails behave
//   exactly like known ones) meet growing delays after the first few - never a hard lock - and
//   an address with too many failures waits out the window.
// Refused attempts cost no bcrypt work, so a flood cannot exhaust the CPU either.
import type { RequestMeta } from "../audit/write-audit";
import { db, type Tx } from "../db/client";

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failures for an account (without a device cookie) before delays begin. */
export const FREE_FAILURES_PER_ACCOUNT = 5;
const MAX_ACCOUNT_DELAY_MS = 5 * 60 * 1000;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const MAX_FAILURES_PER_DEVICE = 10;

/** How long after the latest failure an account with `failures` recent failures must wait. */
export function accountDelayMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_ACCOUNT) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES_PER_ACCOUNT), MAX_ACCOUNT_DELAY_MS);
}

export type SignInAttempt = { accountKey: string; deviceId: string | null; meta: RequestMeta };

/** Milliseconds this attempt must wait before a password is checked (0: go ahead). */
export async function signInWait(attempt: SignInAttempt, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  if (attempt.deviceId) {
    const forDevice = await db.signInFailure.count({
      where: { deviceId: attempt.deviceId, at: { gt: since } },
      take: MAX_FAILURES_PER_DEVICE,
    });
    return forDevice >= MAX_FAILURES_PER_DEVICE ? SIGN_IN_WINDOW_MS : 0;
  }
  const [forAccount, latest, fromAddress] = await Promise.all([
    db.signInFailure.count({ where: { accountKey: attempt.accountKey, deviceId: null, at: { gt: since } } }),
    db.signInFailure.findFirst({
      where: { accountKey: attempt.accountKey, deviceId: null, at: { gt: since } },
      orderBy: { at: "desc" },
      select: { at: true },
    }),
    attempt.meta.ip
      ? db.signInFailure.count({ where: { ip: attempt.meta.ip, deviceId: null, at: { gt: since } }, take: MAX_FAILURES_PER_ADDRESS })
      : 0,
  ]);
  if (fromAddress >= MAX_FAILURES_PER_ADDRESS) return SIGN_IN_WINDOW_MS;
  const delay = accountDelayMs(forAccount);
  if (!latest || delay === 0) return 0;
  return Math.max(0, latest.at.getTime() + delay - now.getTime());
}

/** Records a failed password check (inside the audit row's transaction) and prunes old rows. */
export async function recordSignInFailure(tx: Tx, attempt: SignInAttempt, now = new Date()): Promise<void> {
  await tx.signInFailure.create({ data: { at: now, accountKey: attempt.accountKey, ip: attempt.meta.ip, deviceId: attempt.deviceId } });
  await tx.signInFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } } });
}
