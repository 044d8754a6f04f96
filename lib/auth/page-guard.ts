// For administration pages: the signed-in user, who must hold at least one of the authorities
// (re-read from the database for this request). Others get a 403 page; signed-out visitors go
// to /login and come back.
import "server-only";
import { forbidden } from "next/navigation";
import type { Actor } from "./actor";
import type { Authority } from "./authorities";
import { requireActor } from "./session";

export async function requirePageAuthority(returnTo: string, anyOf: readonly Authority[]): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!anyOf.some((a) => actor.authorities.has(a))) forbidden();
  return actor;
}
