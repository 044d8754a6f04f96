// An administrator revoking one key from a user's account page. The key must belong to the user
// the page is about (a stale or forged post naming another user's key is "not found"); the
// revocation itself is the one in lib/keys.

import type { RequestMeta } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db } from "../db/client";
import { notFound } from "../errors";
import { revokeApiKey } from "../keys/revoke-api-key";

export async function revokeUserKey(actor: Actor, input: { userId: string; keyId: string }, meta: RequestMeta) {
  requireAuthority(actor, "keys:manage");
  // A key never changes owner, so this check cannot go stale before the revocation runs.
  const key = await db.apiKey.findFirst({ where: { id: input.keyId, userId: input.userId }, select: { id: true } });
  if (!key) throw notFound("The key");
  return revokeApiKey(actor, { keyId: key.id }, meta);
}
