"use server";
// POST (server action) – sign out: the session's server-side row goes first (a copy of the
// cookie opens nothing afterwards), then the cookie.
import { signOut } from "@/lib/auth/auth";
import { requestMeta } from "@/lib/auth/request-meta";
import { currentActor } from "@/lib/auth/session";
import { endCurrentSession } from "@/lib/auth/sessions";

export async function signOutAction(): Promise<void> {
  const actor = await currentActor();
  if (actor) await endCurrentSession(actor, await requestMeta());
  await signOut({ redirectTo: "/login" });
}
