// Server-side sessions. Each sign-in writes a Session row; the Auth.js cookie carries only its id
// (inside the signed, encrypted JWT), and a request counts as signed in only while that row
// exists. Ending a session deletes the row, inside the transaction of whatever ends it
// (sign-out, password change or reset, disable), so there is no window in which an ended
// session still works and no comparison of clocks. Last seen is written at most once a minute.
import { randomBytes } from "node:crypto";
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import { db, type Tx, transaction } from "../db/client";
import { notFound } from "../errors";
import { assertCanManageUser } from "../roles/grant";
import { loadTargetUser } from "../users/target-user";
import { type Actor, requireAuthority } from "./actor";
import { SESSION_MAX_AGE_SECONDS } from "./auth.config";

/** A session not seen for this long is over (the cookie's own lifetime is the same). */
export const SESSION_IDLE_MS = SESSION_MAX_AGE_SECONDS * 1000;
/** Last seen is rewritten only when it is older than this. */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

const MAX_USER_AGENT = 512;

export type SessionView = {
  id: string;
  browser: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** Starts a session for `userId` (inside the sign-in's transaction); returns its id. */
export async function createSession(tx: Tx, userId: string, meta: RequestMeta, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await tx.session.create({
    data: { id, userId, createdAt: now, lastSeenAt: now, ip: meta.ip, userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT) ?? null },
  });
  // Sessions of this account that went idle are gone for good: keep the table small.
  await tx.session.deleteMany({ where: { userId, lastSeenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } } });
  return id;
}

/**
 * The live session with this id for this user, or null. Refreshes last seen (and the address)
 * when it is more than a minute old; a lost race with another request is harmless.
 */
export async function resumeSession(
  sessionId: string,
  userId: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ id: string } | null> {
  const row = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true, lastSeenAt: true, ip: true } });
  if (!row || row.userId !== userId) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_WRITE_INTERVAL_MS) {
    await transaction((tx) =>
      tx.session.updateMany({
        where: { id: sessionId, lastSeenAt: { lt: new Date(now.getTime() - LAST_SEEN_WRITE_INTERVAL_MS) } },
        data: { lastSeenAt: now, ip: meta.ip ?? row.ip },
      }),
    );
  }
  return { id: sessionId };
}

/** Ends every session of `userId` except `keep` (inside the caller's transaction); returns how many. */
export async function endSessionsOf(tx: Tx, userId: string, options: { keep?: string | null } = {}): Promise<number> {
  const { count } = await tx.session.deleteMany({
    where: { userId, ...(options.keep ? { id: { not: options.keep } } : {}) },
  });
  return count;
}

/** The user's live sessions, most recently seen first; `currentId` is marked. */
export async function listSessions(userId: string, currentId: string | null, now = new Date()): Promise<SessionView[]> {
  const rows = await db.session.findMany({
    where: { userId, lastSeenAt: { gte: new Date(now.getTime() - SESSION_IDLE_MS) } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    browser: describeBrowser(r.userAgent),
    ip: r.ip,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    current: r.id === currentId,
  }));
}

/** Sign-out of this browser: its session row goes, with an audit row. */
export async function endCurrentSession(actor: Actor, meta: RequestMeta): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: sessionId, userId: actor.id } });
    if (count > 0) await writeAudit(tx, { actorId: actor.id, action: "user.signed_out", targetUserId: actor.id }, meta);
  });
}

/** Profile → Sessions → Sign out: one of the person's own sessions (this one included). */
export async function endOwnSession(actor: Actor, input: { sessionId: string }, meta: RequestMeta): Promise<{ current: boolean }> {
  return transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: input.sessionId, userId: actor.id } });
    if (count === 0) throw notFound("The session");
    const current = input.sessionId === actor.sessionId;
    await writeAudit(
      tx,
      { actorId: actor.id, action: "user.session_ended", targetUserId: actor.id, details: { sessions: 1, current } },
      meta,
    );
    return { current };
  });
}

/** Profile → Sessions → Sign out of all other sessions. */
export async function endOtherOwnSessions(actor: Actor, meta: RequestMeta): Promise<{ ended: number }> {
  return transaction(async (tx) => {
    const ended = await endSessionsOf(tx, actor.id, { keep: actor.sessionId ?? null });
    await writeAudit(
      tx,
      { actorId: actor.id, action: "user.session_ended", targetUserId: actor.id, details: { sessions: ended, others: true } },
      meta,
    );
    return { ended };
  });
}

/** User account details → Sign out everywhere: an administrator (Manage users) ends all of a user's sessions. */
export async function endUserSessions(actor: Actor, input: { userId: string }, meta: RequestMeta): Promise<{ ended: number }> {
  requireAuthority(actor, "users:manage");
  return transaction(async (tx) => {
    const user = await loadTargetUser(tx, input.userId);
    assertCanManageUser(actor, user);
    const ended = await endSessionsOf(tx, user.id, { keep: user.id === actor.id ? (actor.sessionId ?? null) : null });
    await writeAudit(tx, { actorId: actor.id, action: "user.sessions_ended", targetUserId: user.id, details: { sessions: ended } }, meta);
    return { ended };
  });
}

/** A readable "Firefox on Windows" from a user agent string; never the raw string. */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|Chromium\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua) && /Version\//.test(ua)
            ? "Safari"
            : /^curl\//.test(ua)
              ? "curl"
              : "Unknown browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Android/.test(ua)
        ? "Android"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  return os ? `${browser} on ${os}` : browser;
}
