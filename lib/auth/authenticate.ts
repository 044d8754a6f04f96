// Checks an email and password. Unknown emails cost the same bcrypt work as known ones, are
// throttled the same way, and every failure looks the same to the caller. Successes and
// failures are audited (never the password, nor an unknown email, which is often a password
// typed in the wrong field). A browser's device cookie for the account exempts it from what
// other people's failures cost (sign-in-throttle.ts); a success hands out a fresh one.
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import { db, transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { emailSchema } from "../users/normalize";
import { verifyPassword } from "../users/passwords";
import { accountKeyFor, deviceIdFor, issueDeviceToken } from "./device-cookie";
import { createSession } from "./sessions";
import { recordSignInFailure, type SignInAttempt, signInWait } from "./sign-in-throttle";

export type AuthenticatedUser = { id: string; name: string; email: string; sessionId: string; deviceToken: string };

export const SIGN_IN_THROTTLED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export async function authenticate(
  rawEmail: unknown,
  rawPassword: unknown,
  meta: RequestMeta,
  options: { deviceToken?: string | null } = {},
): Promise<AuthenticatedUser | null> {
  const email = emailSchema.safeParse(rawEmail);
  const password = typeof rawPassword === "string" && rawPassword.length <= 1024 ? rawPassword : null;
  const user = email.success
    ? await db.user.findUnique({
        where: { email: email.data },
        select: { id: true, name: true, email: true, passwordHash: true, disabled: true },
      })
    : null;
  const attempt: SignInAttempt = {
    accountKey: accountKeyFor(email.success ? email.data : null),
    deviceId: deviceIdFor(options.deviceToken, user?.id ?? null),
    meta,
  };
  if ((await signInWait(attempt)) > 0) {
    await transaction((tx) =>
      writeAudit(
        tx,
        { actorId: null, action: "user.sign_in_throttled", targetUserId: user?.id ?? null, details: { device: attempt.deviceId !== null } },
        meta,
      ),
    );
    throw new KeydeskError("rate_limited", SIGN_IN_THROTTLED_MESSAGE);
  }
  const valid = (await verifyPassword(password ?? "", user?.passwordHash ?? null)) && password !== null;

  if (!user || !valid || user.disabled) {
    const reason = !user ? "unknown account" : user.disabled ? "disabled" : "password";
    await transaction(async (tx) => {
      await recordSignInFailure(tx, attempt);
      await writeAudit(
        tx,
        {
          actorId: null,
          action: "user.sign_in_failed",
          targetUserId: user?.id ?? null,
          details: { reason, device: attempt.deviceId !== null },
        },
        meta,
      );
    });
    return null;
  }
  const now = new Date();
  // The session starts only if the password just checked is still the account's and the account
  // is still enabled: a reset, change or disable that committed meanwhile wins. The conditional
  // update takes the user's row lock first, as those changes do, so the two never interleave.
  const sessionId = await transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash, disabled: false },
      data: { lastSignInAt: now, lastSignInIp: meta.ip },
    });
    if (count === 0) return null;
    await writeAudit(tx, { actorId: user.id, action: "user.signed_in", targetUserId: user.id }, meta);
    return createSession(tx, user.id, meta, now);
  });
  if (!sessionId) return null;
  return { id: user.id, name: user.name, email: user.email, sessionId, deviceToken: issueDeviceToken(user.id, now) };
}
