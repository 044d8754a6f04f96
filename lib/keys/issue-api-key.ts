// Issuing a key: for the signed-in user only (nobody issues keys on another's behalf), within
// the policy's limit and lifetime, atomically. The token leaves this function once, in its
// return value; only its hash is stored.
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import { KeydeskError } from "../errors";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { type ApiSetCode, serializeApiSets } from "./api-sets";
import { resolveExpiry } from "./expiry";
import { insertKeyWithinPolicy } from "./insert-key";
import { allowlistEntries, storedAllowlist } from "./ip-allowlist";
import { type ApiKeyView, toKeyView } from "./key-view";
import { rateLimitPolicyOf } from "./policy";
import { RATE_LIMIT_WINDOWS, resolveRateLimit } from "./rate-limit";
import type { IssueKeyInput } from "./schemas";

export type IssuedApiKey = { key: ApiKeyView; token: string };

type IssueOptions = {
  /** When issuing through the API: the calling key's sets, which the new key may not exceed. */
  allowedApiSets?: readonly ApiSetCode[];
  now?: Date;
};

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
  const apiSets = serializeApiSets(input.apiSets);
  const ipAllowlist = storedAllowlist(input.ipAllowlist ?? []);

  return transaction(async (tx) => {
    const { row, token } = await insertKeyWithinPolicy(tx, actor.id, now, (policy) => {
      const requested = input.rateLimitRequests
        ? { requests: input.rateLimitRequests, windowSeconds: RATE_LIMIT_WINDOWS[input.rateLimitPer ?? "minute"] }
        : null;
      const rateLimit = resolveRateLimit(requested, rateLimitPolicyOf(policy));
      if (!rateLimit.ok) throw new KeydeskError("validation_failed", rateLimit.message, { field: "rateLimitRequests" });
      return {
        name: input.name,
        description: input.description,
        apiSets,
        expiresAt: resolveExpiry(input.expiresIn, input.customDate, policy, now),
        rateLimit: rateLimit.limit,
        ipAllowlist,
      };
    });
    const key = toKeyView(row, now);
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.issued",
        targetUserId: actor.id,
        clientId: row.clientId,
        details: {
          name: row.name,
          apiSets,
          expiresAt: row.expiresAt.toISOString(),
          ...(ipAllowlist === "" ? {} : { ipAllowlist: allowlistEntries(ipAllowlist) }),
          rateLimit: key.rateLimit,
        },
      },
      meta,
    );
    await enqueueWebhookEvents(tx, actor.id, "api_key.created", { key: keyPayload(key), actor: webhookActor(actor, actor.id) }, { now });
    return { key, token };
  });
}
