// The person behind a request, re-read from the database every time rights matter: a disabled
// account or a removed role takes effect on the very next request.
import { db } from "../db/client";
import { forbidden } from "../errors";
import { type Authority, authoritiesOf } from "./authorities";

export type Actor = {
  id: string;
  email: string;
  name: string;
  apiAccess: boolean;
  authorities: ReadonlySet<Authority>;
  roles: { id: string; name: string }[];
  /** The server-side session this request runs in (lib/auth/sessions.ts), when there is one. */
  sessionId?: string | null;
};

/** The active user with this id, or null when the account is missing or disabled. */
export async function loadActor(userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      disabled: true,
      apiAccess: true,
      roles: { select: { role: { select: { id: true, name: true, authorities: true } } } },
    },
  });
  if (!user || user.disabled) return null;
  const roles = user.roles.map((r) => r.role);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    apiAccess: user.apiAccess,
    authorities: authoritiesOf(roles),
    roles: roles.map(({ id, name }) => ({ id, name })),
  };
}

export function hasAuthority(actor: Actor, authority: Authority): boolean {
  return actor.authorities.has(authority);
}

export function requireAuthority(actor: Actor, authority: Authority): void {
  if (!actor.authorities.has(authority)) throw forbidden();
}
