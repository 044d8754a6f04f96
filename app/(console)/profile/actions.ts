"use server";
// POST (server action) – change the signed-in person's password. Every session of the account
// ends; this browser is signed in again with the new password and lands back on the profile.
import { authedAction } from "@/lib/auth/action";
import { signIn } from "@/lib/auth/auth";
import { changeOwnPassword } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/users/schemas";

export const changePasswordAction = authedAction(
  { name: "changePassword", schema: changePasswordSchema },
  async (input, { actor, meta }) => {
    await changeOwnPassword(actor, input, meta);
    await signIn("credentials", { email: actor.email, password: input.newPassword, redirectTo: "/profile?password=changed" });
  },
);
