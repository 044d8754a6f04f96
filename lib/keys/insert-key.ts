// The one way a key row comes into being, for issuing and regenerating alike: inside the
// caller's transaction, lock the owner (so concurrent requests for one user run one after
// another), check that they may hold keys, apply the policy's limit and lifetime, keep names
// unique among active keys, and store only the secret's hash. The token is returned once, to be
// shown once.
import type { Tx } from "../db/client";
import { KeydeskError } from "../errors";
import { serverSecrets } from "../server-secrets";
import { type KeyRow, keyViewSelect } from "./key-view";
import { assertCanIssue, lockKeyOwner } from "./lock-owner";
import { getKeyPolicy, type KeyPolicy } from "./policy";
import type { KeyRateLimit } from "./rate-limit";
import { heldKeyWhere } from "./status";
import { generateToken, hashSecret, secretHint } from "./token";

export type NewKeySpec = {
  name: string;
  description: string;
  /** Serialized API sets (serializeApiSets). */
  apiSets: string;
  expiresAt: Date;
  /** Serialized IP allowlist (serializeAllowlist); "" or absent: any address. */
  ipAllowlist?: string;
  /** Regenerating: the key being replaced gives up its place and its name to the new one. */
  replacingKeyId?: string;
  /** Requests per window allowed to the key (lib/keys/rate-limit.ts); null or absent: none. */
  rateLimit?: KeyRateLimit | null;
};

export function sameKeyName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
}

/**
 * `prepare` runs once the owner is locked and may issue keys: it reads what the new key is made
 * from and applies the caller's own rules (it may throw), under today's policy. What it returns
 * comes back as `spec`.
 */
export async function insertKeyWithinPolicy<S extends NewKeySpec>(
  tx: Tx,
  ownerId: string,
  now: Date,
  prepare: (policy: KeyPolicy) => S | Promise<S>,
): Promise<{ row: KeyRow; token: string; spec: S }> {
  assertCanIssue(await lockKeyOwner(tx, ownerId));
  const policy = await getKeyPolicy(tx);
  const spec = await prepare(policy);
  const active = await tx.apiKey.findMany({ where: heldKeyWhere(now, ownerId), select: { id: true, name: true } });
  const others = active.filter((k) => k.id !== spec.replacingKeyId);
  const regenerating = spec.replacingKeyId !== undefined;
  if (others.length >= policy.maxActiveKeys) {
    throw new KeydeskError(
      "key_limit_reached",
      `You already have ${policy.maxActiveKeys} active keys, the most allowed. Revoke one to ${regenerating ? "regenerate this expired key" : "issue another"}.`,
    );
  }
  if (others.some((k) => sameKeyName(k.name, spec.name))) {
    throw regenerating
      ? new KeydeskError("conflict", "Another active key already uses this name; revoke it or rename first.")
      : new KeydeskError("conflict", "You already have an active key with this name.", { field: "name" });
  }
  const { clientId, secret, token } = generateToken();
  const row = await tx.apiKey.create({
    data: {
      clientId,
      userId: ownerId,
      name: spec.name,
      description: spec.description,
      secretHash: hashSecret(secret, serverSecrets().keyPepper),
      secretHint: secretHint(token),
      apiSets: spec.apiSets,
      createdAt: now,
      expiresAt: spec.expiresAt,
      ipAllowlist: spec.ipAllowlist ?? "",
      rateLimitRequests: spec.rateLimit?.requests ?? null,
      rateLimitWindowSeconds: spec.rateLimit?.windowSeconds ?? null,
    },
    select: keyViewSelect,
  });
  return { row, token, spec };
}
