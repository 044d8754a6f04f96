"use server";
// Server actions of /admin/users and /admin/users/[id]. Each runs through authedAction (session,
// authority re-read from the database, zod) and calls the one implementation in lib/. A
// generated password appears once, in the result of createUserAction or resetUserPasswordAction;
// a typed one is never echoed back.
import { revalidatePath } from "next/cache";
import { revokeUserKey } from "@/lib/admin/revoke-user-key";
import { revokeUserKeySchema } from "@/lib/admin/schemas";
import { authedAction } from "@/lib/auth/action";
import { endUserSessionsSchema } from "@/lib/auth/session-schemas";
import { endUserSessions } from "@/lib/auth/sessions";
import { createUser } from "@/lib/users/create-user";
import { resetUserPassword } from "@/lib/users/reset-password";
import {
  createUserSchema,
  resetUserPasswordSchema,
  setUserDisabledSchema,
  setUserRolesSchema,
  updateUserProfileSchema,
} from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { setUserRoles } from "@/lib/users/set-user-roles";
import { updateUserProfile } from "@/lib/users/update-user-profile";

const refresh = () => revalidatePath("/admin", "layout");

// POST – create a user with an initial (typed or generated) password and roles.
export const createUserAction = authedAction(
  { name: "createUser", schema: createUserSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const created = await createUser(
      actor,
      { name: input.name, email: input.email, roleIds: input.roleIds, password: input.passwordMode === "set" ? input.password : undefined },
      meta,
    );
    refresh();
    return created;
  },
);

// POST – change a user's name or email.
export const updateUserProfileAction = authedAction(
  { name: "updateUserProfile", schema: updateUserProfileSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const user = await updateUserProfile(actor, input, meta);
    refresh();
    return user;
  },
);

// POST – set the roles a user holds.
export const setUserRolesAction = authedAction(
  { name: "setUserRoles", schema: setUserRolesSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const result = await setUserRoles(actor, input, meta);
    refresh();
    return result;
  },
);

// POST – disable or enable a user's account.
export const setUserDisabledAction = authedAction(
  { name: "setUserDisabled", schema: setUserDisabledSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const result = await setUserDisabled(actor, input, meta);
    refresh();
    return result;
  },
);

// POST – give a user a new generated password (returned once) and end their sessions.
export const resetUserPasswordAction = authedAction(
  { name: "resetUserPassword", schema: resetUserPasswordSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const result = await resetUserPassword(actor, input, meta);
    refresh();
    return result;
  },
);

// POST – revoke one key of the user whose account page this is.
export const revokeUserKeyAction = authedAction(
  { name: "revokeUserKey", schema: revokeUserKeySchema, authority: "keys:manage" },
  async (input, { actor, meta }) => {
    const key = await revokeUserKey(actor, input, meta);
    refresh();
    return key;
  },
);

// POST – end every session of a user (they must sign in again).
export const endUserSessionsAction = authedAction(
  { name: "endUserSessions", schema: endUserSessionsSchema, authority: "users:manage" },
  async (input, { actor, meta }) => {
    const result = await endUserSessions(actor, input, meta);
    refresh();
    return result;
  },
);
