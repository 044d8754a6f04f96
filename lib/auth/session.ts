// The signed-in user of the current request, re-read from the database (once per request). A
// request is signed in only while the server-side session row its cookie names exists
// (lib/auth/sessions.ts): sign-out, a password change or reset and disabling delete those rows.
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Actor, loadActor } from "./actor";
import { auth } from "./auth";
import { requestMeta } from "./request-meta";
import { REQUEST_PATH_HEADER, sameSitePath } from "./request-path";
import { resumeSession } from "./sessions";

export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  const [live, actor] = await Promise.all([resumeSession(sessionId, userId, await requestMeta()), loadActor(userId)]);
  if (!live || !actor) return null;
  return { ...actor, sessionId };
});

/**
 * For pages: the signed-in user, or a redirect to /login that comes back to the path asked for
 * (recorded by the proxy; `fallback` where there is none).
 */
export async function requireActor(fallback: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    const returnTo = sameSitePath((await headers()).get(REQUEST_PATH_HEADER)) ?? fallback;
    redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  return actor;
}
