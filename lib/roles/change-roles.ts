// Creating, changing and deleting roles (needs "Manage roles"). The built-in Admin and Member
// roles are fixed. Changing or deleting a role's authorities can change whether its holders'
// keys authenticate ("Use API keys"), so those transactions tell every key cache to start over.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { type Authority, roleAuthorities } from "../auth/authorities";
import { type Tx, transaction } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { KeydeskError, notFound } from "../errors";
import { noteAllKeysChanged } from "../keys/lock-owner";
import { assertCanGrant } from "./grant";
import type { CreateRoleInput, UpdateRoleInput } from "./schemas";

const nameTaken = () => new KeydeskError("conflict", "A role with this name already exists.", { field: "name" });

function serialize(authorities: readonly Authority[]): string {
  return [...new Set(authorities)].sort().join(" ");
}

/** Role names are unique regardless of case (a unique index on lower("name") backs this up). */
async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const wanted = name.toLowerCase();
  const roles = await tx.role.findMany({ select: { id: true, name: true } }); // a handful of rows
  if (roles.some((r) => r.id !== exceptId && r.name.toLowerCase() === wanted)) throw nameTaken();
}

async function findCustomRole(tx: Tx, roleId: string) {
  const role = await tx.role.findUnique({ where: { id: roleId } });
  if (!role) throw notFound("The role");
  if (role.builtIn) throw new KeydeskError("conflict", `${role.name} is a built-in role and cannot be changed or deleted.`);
  return role;
}

export async function createRole(actor: Actor, input: CreateRoleInput, meta: RequestMeta) {
  requireAuthority(actor, "roles:manage");
  assertCanGrant(actor, input.authorities, "create this role");
  try {
    return await transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      const role = await tx.role.create({
        data: { name: input.name, description: input.description, authorities: serialize(input.authorities) },
        select: { id: true, name: true },
      });
      await writeAudit(
        tx,
        { actorId: actor.id, action: "role.created", details: { role: role.name, authorities: input.authorities } },
        meta,
      );
      return role;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateRole(actor: Actor, input: UpdateRoleInput, meta: RequestMeta) {
  requireAuthority(actor, "roles:manage");
  try {
    return await transaction(async (tx) => {
      const role = await findCustomRole(tx, input.roleId);
      const before = roleAuthorities(role);
      // Both what the role grants now and what it will grant must be within the editor's rights.
      assertCanGrant(actor, [...before, ...input.authorities], "change this role");
      await assertNameFree(tx, input.name, role.id);
      const authorities = serialize(input.authorities);
      const authoritiesChanged = authorities !== serialize(before);
      if (!authoritiesChanged && role.name === input.name && role.description === input.description) {
        return { id: role.id, name: role.name };
      }
      const updated = await tx.role.update({
        where: { id: role.id },
        data: { name: input.name, description: input.description, authorities },
        select: { id: true, name: true },
      });
      if (authoritiesChanged) await noteAllKeysChanged(tx);
      await writeAudit(
        tx,
        {
          actorId: actor.id,
          action: "role.updated",
          details: {
            role: updated.name,
            before: { name: role.name, description: role.description, authorities: before },
            after: { name: updated.name, description: input.description, authorities: input.authorities },
          },
        },
        meta,
      );
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function deleteRole(actor: Actor, input: { roleId: string }, meta: RequestMeta) {
  requireAuthority(actor, "roles:manage");
  return transaction(async (tx) => {
    const role = await findCustomRole(tx, input.roleId);
    const authorities = roleAuthorities(role);
    assertCanGrant(actor, authorities, "delete this role");
    const holders = await tx.userRole.count({ where: { roleId: role.id } });
    // Holders lose the role with it (the assignments cascade).
    await tx.role.delete({ where: { id: role.id } });
    if (authorities.length > 0) await noteAllKeysChanged(tx);
    await writeAudit(tx, { actorId: actor.id, action: "role.deleted", details: { role: role.name, authorities, holders } }, meta);
    return { id: role.id, name: role.name, holders };
  });
}
