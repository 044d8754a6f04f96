"use server";
// POST (server action) – end the session.
import { signOut } from "@/lib/auth/auth";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
