"use server";
// Server actions of /admin/roles: create, change and delete custom roles.
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { createRole, deleteRole, updateRole } from "@/lib/roles/change-roles";
import { createRoleSchema, deleteRoleSchema, updateRoleSchema } from "@/lib/roles/schemas";

const refresh = () => revalidatePath("/admin", "layout");

// POST – create a custom role.
export const createRoleAction = authedAction(
  { name: "createRole", schema: createRoleSchema, authority: "roles:manage" },
  async (input, { actor, meta }) => {
    const role = await createRole(actor, input, meta);
    refresh();
    return role;
  },
);

// POST – rename a custom role or change its authorities.
export const updateRoleAction = authedAction(
  { name: "updateRole", schema: updateRoleSchema, authority: "roles:manage" },
  async (input, { actor, meta }) => {
    const role = await updateRole(actor, input, meta);
    refresh();
    return role;
  },
);

// POST – delete a custom role; its holders lose it.
export const deleteRoleAction = authedAction(
  { name: "deleteRole", schema: deleteRoleSchema, authority: "roles:manage" },
  async (input, { actor, meta }) => {
    const result = await deleteRole(actor, input, meta);
    refresh();
    return result;
  },
);
