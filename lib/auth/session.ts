// The signed-in user of the current request, re-read from the database (once per request).
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Actor, loadActor } from "./actor";
import { auth } from "./auth";
import { REQUEST_PATH_HEADER, sameSitePath } from "./request-path";

export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const actor = await loadActor(userId);
  if (!actor) return null;
  // Sessions from before a disable or a password change are over.
  if ((session.signedInAt ?? 0) < actor.sessionsValidAfter.getTime() - 1000) return null;
  return actor;
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
