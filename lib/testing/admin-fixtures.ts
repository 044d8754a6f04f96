// Fixtures for administration tests: roles with chosen authorities, and users holding them.
import type { Actor } from "../auth/actor";
import type { Authority } from "../auth/authorities";
import { db } from "../db/client";
import { createTestUser } from "./fixtures";

let counter = 0;

export async function createTestRole(authorities: readonly Authority[], name?: string): Promise<{ id: string; name: string }> {
  counter += 1;
  const roleName = name ?? `Test role ${counter}-${Math.random().toString(36).slice(2, 6)}`;
  return db.role.create({
    data: { name: roleName, authorities: authorities.join(" ") },
    select: { id: true, name: true },
  });
}

/** A user whose only role grants exactly these authorities. */
export async function userWith(authorities: readonly Authority[], options: { apiAccess?: boolean } = {}): Promise<Actor> {
  const role = await createTestRole(authorities);
  return createTestUser({ roleIds: [role.id], apiAccess: options.apiAccess });
}
