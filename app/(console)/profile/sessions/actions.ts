"use server";
// Server actions of Profile → Sessions. Both run through authedAction and end rows of the
// signed-in person's own sessions only (lib/auth/sessions.ts scopes every delete by owner).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/auth/action";
import { signOut } from "@/lib/auth/auth";
import { endSessionSchema } from "@/lib/auth/session-schemas";
import { endOtherOwnSessions, endOwnSession } from "@/lib/auth/sessions";

const PAGE = "/profile/sessions";

// POST – sign out one session; this browser's own one also drops its cookie and goes to /login.
export const endSessionAction = authedAction({ name: "endSession", schema: endSessionSchema }, async (input, { actor, meta }) => {
  const { current } = await endOwnSession(actor, input, meta);
  if (current) await signOut({ redirectTo: "/login" });
  revalidatePath(PAGE);
  return { current };
});

// POST – sign out every session but this one.
export const endOtherSessionsAction = authedAction({ name: "endOtherSessions", schema: z.object({}) }, async (_input, { actor, meta }) => {
  const result = await endOtherOwnSessions(actor, meta);
  revalidatePath(PAGE);
  return result;
});
