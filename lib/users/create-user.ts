// Creating a user account. Only holders of "Manage users" may, except for the very first
// administrator, which the system creates on first start (actor null).
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { hashPassword } from "./passwords";
import { userSearchText } from "./normalize";

export type CreateUserInput = { email: string; name: string; password: string; roleIds: string[] };

export async function createUser(actor: Actor | null, input: CreateUserInput, meta: RequestMeta) {
  if (actor) requireAuthority(actor, "users:manage");
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    const exists = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (exists) throw new KeydeskError("conflict", "A user with this email already exists.", { field: "email" });
    const roles = await tx.role.findMany({ where: { id: { in: input.roleIds } }, select: { id: true, name: true } });
    if (roles.length !== new Set(input.roleIds).size) {
      throw new KeydeskError("validation_failed", "Choose existing roles.", { field: "roleIds" });
    }
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
        details: { email: user.email, roles: roles.map((r) => r.name) },
      },
      meta,
    );
    return user;
  });
}
