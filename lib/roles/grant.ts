// Nobody hands out rights they do not hold. A holder of "Manage roles" may only put authorities
// they hold into a role; a holder of "Manage users" may only assign or remove roles whose
// authorities they hold, and may only manage users who hold nothing they lack. Admins hold every
// authority, so for them these checks always pass; for a custom "user manager" role they stop a
// climb to Admin.
import type { Actor } from "../auth/actor";
import { AUTHORITIES, type Authority, roleAuthorities } from "../auth/authorities";
import { forbidden } from "../errors";

export function authorityLabel(code: Authority): string {
  return AUTHORITIES.find((a) => a.code === code)?.label ?? code;
}

function missingAuthorities(actor: Actor, wanted: Iterable<Authority>): Authority[] {
  return [...new Set(wanted)].filter((a) => !actor.authorities.has(a));
}

export function canGrant(actor: Actor, role: { id: string; authorities: string }): boolean {
  return missingAuthorities(actor, roleAuthorities(role)).length === 0;
}

/** Refuses when `authorities` includes one the actor does not hold. */
export function assertCanGrant(actor: Actor, authorities: Iterable<Authority>, what: string): void {
  const missing = missingAuthorities(actor, authorities);
  if (missing.length > 0) {
    throw forbidden(`You cannot ${what}: it involves ${missing.map(authorityLabel).join(", ")}, which you do not hold.`);
  }
}

/** A user may only be managed by someone holding every authority that user holds. */
export function assertCanManageUser(actor: Actor, target: { roles: { id: string; authorities: string }[] }): void {
  assertCanGrant(actor, target.roles.flatMap(roleAuthorities), "manage this user");
}
