// Role forms: one schema each, shared by the dialogs and the server actions.
import { z } from "zod";
import { type Authority, isAuthority } from "../auth/authorities";
import { refineSafeText } from "../text";

export const ROLE_NAME_MAX = 40;
export const ROLE_DESCRIPTION_MAX = 200;

export const idSchema = (what: string) =>
  z
    .string({ error: `Choose ${what}.` })
    .trim()
    .min(1, `Choose ${what}.`)
    .max(64, `Unknown ${what}.`)
    // Ids are letters, digits, "_" and "-": anything else (a lone surrogate reached the database
    // driver and failed there) is refused before any query.
    .regex(/^[A-Za-z0-9_-]+$/, `Unknown ${what}.`);

const roleNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(ROLE_NAME_MAX, `Use at most ${ROLE_NAME_MAX} characters.`)
  .superRefine(refineSafeText());

const roleDescriptionSchema = z
  .string({ error: "Enter text." })
  .trim()
  .max(ROLE_DESCRIPTION_MAX, `Use at most ${ROLE_DESCRIPTION_MAX} characters.`)
  .superRefine(refineSafeText());

const authorityListSchema = z
  .array(z.string().max(40), { error: "Choose authorities." })
  .max(20, "Too many authorities.")
  .superRefine((codes, ctx) => {
    const unknown = codes.filter((c) => !isAuthority(c));
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `Unknown authority: ${unknown.slice(0, 3).join(", ").slice(0, 80)}.` });
  })
  .transform((codes) => [...new Set(codes)] as Authority[]);

export const createRoleSchema = z.object({
  name: roleNameSchema,
  description: roleDescriptionSchema.default(""),
  authorities: authorityListSchema,
});
export type CreateRoleInput = z.output<typeof createRoleSchema>;
export type RoleForm = z.input<typeof createRoleSchema>;

export const updateRoleSchema = createRoleSchema.extend({ roleId: idSchema("a role") });
export type UpdateRoleInput = z.output<typeof updateRoleSchema>;

export const deleteRoleSchema = z.object({ roleId: idSchema("a role") });

export const roleIdsSchema = z
  .array(idSchema("a role"), { error: "Choose roles." })
  .max(20, "Too many roles.")
  .transform((ids) => [...new Set(ids)]);
