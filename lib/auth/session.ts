// The signed-in user of the current request, re-read from the database (once per request).
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loadActor, type Actor } from "./actor";
import { auth } from "./auth";

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

/** For pages: the signed-in user, or a redirect to /login that comes back to `returnTo`. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
