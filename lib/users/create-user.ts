// Creating a user account. Only holders of "Manage users" may, except for the very first
// administrator, which the system creates on first start (actor null). The initial password is
// typed by the administrator or generated here; a generated one is returned once, to be shown
// once, and only its bcrypt hash is kept.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { roleAuthorities } from "../auth/authorities";
import { transaction } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { KeydeskError } from "../errors";
import { randomBase62 } from "../keys/token";
import { assertCanGrant } from "../roles/grant";
import { userSearchText } from "./normalize";
import { hashPassword } from "./passwords";

export type CreateUserInput = { email: string; name: string; password?: string; roleIds: string[] };
export type CreatedUser = { id: string; email: string; name: string; generatedPassword?: string };

const GENERATED_PASSWORD_LENGTH = 20; // base62: about 119 bits

const emailTaken = () => new KeydeskError("conflict", "A user with this email already exists.", { field: "email" });

export async function createUser(actor: Actor | null, input: CreateUserInput, meta: RequestMeta): Promise<CreatedUser> {
  if (actor) requireAuthority(actor, "users:manage");
  const password = input.password ?? randomBase62(GENERATED_PASSWORD_LENGTH);
  const generatedPassword = input.password === undefined ? password : undefined;
  const passwordHash = await hashPassword(password);
  try {
    const user = await transaction(async (tx) => {
      const exists = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (exists) throw emailTaken();
      const roleIds = [...new Set(input.roleIds)];
      const roles = await tx.role.findMany({ where: { id: { in: roleIds } }, select: { id: true, name: true, authorities: true } });
      if (roles.length !== roleIds.length) {
        throw new KeydeskError("validation_failed", "Choose existing roles.", { field: "roleIds" });
      }
      if (actor) assertCanGrant(actor, roles.flatMap(roleAuthorities), "give these roles");
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          searchText: userSearchText(input.name, input.email),
          passwordHash,
          roles: { create: roles.map((r) => ({ roleId: r.id })) },
        },
        select: { id: true, email: true, name: true },
      });
      await writeAudit(
        tx,
        {
          actorId: actor?.id ?? null,
          action: "user.created",
          targetUserId: user.id,
          details: { email: user.email, roles: roles.map((r) => r.name), passwordGenerated: generatedPassword !== undefined },
        },
        meta,
      );
      return user;
    });
    return generatedPassword ? { ...user, generatedPassword } : user;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
