// User administration forms: one schema each, shared by the dialogs and the server actions.
import { z } from "zod";
import { idSchema, roleIdsSchema } from "../roles/schemas";
import { emailSchema, userNameSchema } from "./normalize";
import { newPasswordSchema } from "./password-rules";

export const userIdSchema = idSchema("a user");

export const createUserSchema = z
  .object({
    name: userNameSchema,
    email: emailSchema,
    /** "set": the administrator types the initial password; "generate": Keydesk makes one and shows it once. */
    passwordMode: z.enum(["set", "generate"], { error: "Choose how the password is set." }),
    password: z.string({ error: "Enter a password." }).max(1024, "Use at most 72 bytes.").optional(),
    roleIds: roleIdsSchema,
  })
  .superRefine((v, ctx) => {
    if (v.passwordMode !== "set") return;
    const checked = newPasswordSchema.safeParse(v.password ?? "");
    if (!checked.success) ctx.addIssue({ code: "custom", path: ["password"], message: checked.error.issues[0].message });
  });
export type CreateUserForm = z.input<typeof createUserSchema>;

export const updateUserProfileSchema = z.object({ userId: userIdSchema, name: userNameSchema, email: emailSchema });
export type UpdateUserProfileInput = z.output<typeof updateUserProfileSchema>;
export type UpdateUserProfileForm = z.input<typeof updateUserProfileSchema>;

export const setUserRolesSchema = z.object({ userId: userIdSchema, roleIds: roleIdsSchema });
export type SetUserRolesInput = z.output<typeof setUserRolesSchema>;

export const setUserDisabledSchema = z.object({
  userId: userIdSchema,
  disabled: z.boolean({ error: "Choose whether the account is disabled." }),
});
export type SetUserDisabledInput = z.output<typeof setUserDisabledSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(1024, "That password is too long."),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .superRefine((v, ctx) => {
    if (v.confirmPassword !== v.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords differ." });
    }
  });
export type ChangePasswordForm = z.input<typeof changePasswordSchema>;
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const resetUserPasswordSchema = z.object({ userId: userIdSchema });
