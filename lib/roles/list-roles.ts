// Reading roles: a handful of rows, listed with how many users hold each.

import { type Authority, roleAuthorities } from "../auth/authorities";
import { db } from "../db/client";

export type RoleView = {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  authorities: Authority[];
  userCount: number;
};

export async function listRoles(): Promise<RoleView[]> {
  const [roles, counts] = await Promise.all([
    db.role.findMany({ select: { id: true, name: true, description: true, builtIn: true, authorities: true } }),
    db.userRole.groupBy({ by: ["roleId"], _count: { _all: true } }),
  ]);
  const countOf = new Map(counts.map((c) => [c.roleId, c._count._all]));
  return roles
    .map((r) => ({ ...r, authorities: roleAuthorities(r), userCount: countOf.get(r.id) ?? 0 }))
    .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
}

export type RoleOption = { id: string; name: string; authorities: Authority[] };

/** For role pickers: every role with its authorities, built-in ones first. */
export async function roleOptions(): Promise<RoleOption[]> {
  return (await listRoles()).map(({ id, name, authorities }) => ({ id, name, authorities }));
}
