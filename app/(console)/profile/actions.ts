"use server";
// POST (server action) – change the signed-in person's password. Every other session of the
// account ends in the same transaction; this one stays and lands back on the profile.
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/auth/action";
import { changeOwnPassword } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/users/schemas";

export const changePasswordAction = authedAction(
  { name: "changePassword", schema: changePasswordSchema },
  async (input, { actor, meta }) => {
    await changeOwnPassword(actor, input, meta);
    redirect("/profile?password=changed");
  },
);
