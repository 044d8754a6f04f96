// Issuing a key: for the signed-in user only (nobody issues keys on another's behalf), within
// the policy's limit and lifetime, atomically. The token leaves this function once, in its
// return value; only its hash is stored.

import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { serverSecrets } from "../server-secrets";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { type ApiSetCode, serializeApiSets } from "./api-sets";
import { resolveExpiry } from "./expiry";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { assertCanIssue, lockKeyOwner } from "./lock-owner";
import { getKeyPolicy } from "./policy";
import type { IssueKeyInput } from "./schemas";
import { countedActiveWhere } from "./status";
import { generateToken, hashSecret, secretHint } from "./token";

export type IssuedApiKey = { key: ApiKeyView; token: string };

export type IssueOptions = {
  /** When issuing through the API: the calling key's sets, which the new key may not exceed. */
  allowedApiSets?: readonly ApiSetCode[];
  now?: Date;
};

export function sameKeyName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
}

export async function issueApiKey(
  actor: Actor,
  input: IssueKeyInput,
  meta: RequestMeta,
  options: IssueOptions = {},
): Promise<IssuedApiKey> {
  requireAuthority(actor, "keys:use");
  if (options.allowedApiSets) {
    const allowed = new Set(options.allowedApiSets);
    const beyond = input.apiSets.filter((s) => !allowed.has(s));
    if (beyond.length > 0) {
      throw new KeydeskError("insufficient_scope", `A key cannot grant API sets its creator lacks: ${beyond.join(", ")}.`, {
        field: "apiSets",
      });
    }
  }
  const now = options.now ?? new Date();
  const { clientId, secret, token } = generateToken();
  const secretHash = hashSecret(secret, serverSecrets().keyPepper);

  return transaction(async (tx) => {
    const owner = await lockKeyOwner(tx, actor.id);
    assertCanIssue(owner);
    const policy = await getKeyPolicy(tx);
    const expiresAt = resolveExpiry(input.expiresIn, input.customDate, policy, now);
    const active = await tx.apiKey.findMany({ where: countedActiveWhere(actor.id, now), select: { name: true } });
    if (active.length >= policy.maxActiveKeys) {
      throw new KeydeskError(
        "key_limit_reached",
        `You already have ${policy.maxActiveKeys} active keys, the most allowed. Revoke one to issue another.`,
      );
    }
    if (active.some((k) => sameKeyName(k.name, input.name))) {
      throw new KeydeskError("conflict", "You already have an active key with this name.", { field: "name" });
    }
    const apiSets = serializeApiSets(input.apiSets);
    const row = await tx.apiKey.create({
      data: {
        clientId,
        userId: actor.id,
        name: input.name,
        description: input.description,
        secretHash,
        secretHint: secretHint(token),
        apiSets,
        createdAt: now,
        expiresAt,
      },
      select: keyViewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.issued",
        targetUserId: actor.id,
        clientId,
        details: { name: row.name, apiSets, expiresAt: expiresAt.toISOString() },
      },
      meta,
    );
    const key = toKeyView(row, now);
    await enqueueWebhookEvents(tx, actor.id, "api_key.created", { key: keyPayload(key), actor: webhookActor(actor, actor.id) }, { now });
    return { key, token };
  });
}
