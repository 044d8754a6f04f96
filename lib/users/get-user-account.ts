// What /admin/users/[id] shows about one user. Readable by holders of "Manage users" or "Manage
// user API keys" (the page shows each of them its own sections); never a password hash or a
// key's secret hash.
import type { Actor } from "../auth/actor";
import { hasAuthority } from "../auth/actor";
import { type Authority, roleAuthorities } from "../auth/authorities";
import { db } from "../db/client";
import { forbidden, notFound } from "../errors";

export type UserAccount = {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  apiAccess: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  lastSignInIp: string | null;
  roles: { id: string; name: string; authorities: Authority[] }[];
};

export async function getUserAccount(actor: Actor, userId: string): Promise<UserAccount> {
  if (!hasAuthority(actor, "users:manage") && !hasAuthority(actor, "keys:manage")) throw forbidden();
  const user =
    userId.length <= 64
      ? await db.user.findUnique({
          where: { id: userId },
          select: {
            id: true,
            name: true,
            email: true,
            disabled: true,
            apiAccess: true,
            createdAt: true,
            lastSignInAt: true,
            lastSignInIp: true,
            roles: { select: { role: { select: { id: true, name: true, authorities: true } } } },
          },
        })
      : null;
  if (!user) throw notFound("The user");
  return {
    ...user,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    roles: user.roles
      .map(({ role }) => ({ id: role.id, name: role.name, authorities: roleAuthorities(role) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
