// User administration forms: one schema each, shared by the dialogs and the server actions.
import { z } from "zod";
import { idSchema, roleIdsSchema } from "../roles/schemas";
import { emailSchema, userNameSchema } from "./normalize";
import { newPasswordSchema } from "./passwords";

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
