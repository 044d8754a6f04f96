// POST /verify: for the company's other backends, is this key good right now, whose is it, and
// what may it do? The hot path of the API: the caller's key and the checked key are each parsed
// once and judged from memory (lib/api/key-verifier.ts).
import { createRoute } from "@hono/zod-openapi";
import { type KeyAuthRecord, type KeyOwner, type KeyRefusal, keyAllowsIp, keyHasApiSet } from "../../keys/verify-api-key";
import { authResponses, bodyResponses, commonResponses, jsonReply, NO_STORE, operation } from "../operation";
import { jsonResponse } from "../response";
import { EXAMPLES, VerifyRequestSchema, VerifyResultSchema } from "../schemas";

const owner = { id: "cmi8x2k0f0000qz8h3v7l9d2a", name: "Ada Lovelace", email: "ada@example.com" };

const verifyKey = operation({
  apiSet: "keys:verify",
  spec: createRoute({
    method: "post",
    path: "/verify",
    operationId: "verifyKey",
    tags: ["Verification"],
    summary: "Check a key your service received",
    description:
      "For your other backends: is this key good right now, whose is it, and what may it do? The answer is always 200 with " +
      "`valid` and, when it is not valid, the `code` of the reason. Pass the client's address as `ip` to have the key's IP " +
      "allowlist checked (`ip_not_allowed`); without it the allowlist is not applied. Revocations and other changes are reflected within a " +
      "second on every Keydesk process. The checked key's usage is recorded like a direct call. For a key with a rate " +
      "limit, `rateLimit` reports what is left of it; with `consumeRateLimit: true` the check counts as one of the key's " +
      "requests, and once the limit is spent the answer is `rate_limited`.",
    request: { body: { required: true, content: { "application/json": { schema: VerifyRequestSchema } } } },
    responses: {
      200: jsonReply(
        "The verdict.",
        VerifyResultSchema,
        {},
        {
          examples: {
            valid: {
              summary: "A valid key",
              value: {
                valid: true,
                code: null,
                clientId: EXAMPLES.clientId,
                owner,
                apiSets: ["profile:read", "keys:read"],
                expiresAt: "2027-01-30T09:30:00.000Z",
              },
            },
            rateLimited: {
              summary: "A key whose rate limit is spent (consumeRateLimit: true)",
              value: {
                valid: false,
                code: "rate_limited",
                clientId: EXAMPLES.clientId,
                owner,
                apiSets: ["profile:read"],
                expiresAt: "2027-01-30T09:30:00.000Z",
                rateLimit: { limit: 100, remaining: 0, resetSeconds: 17 },
              },
            },
            revoked: {
              summary: "A revoked key",
              value: {
                valid: false,
                code: "key_revoked",
                clientId: EXAMPLES.clientId,
                owner,
                apiSets: ["profile:read"],
                expiresAt: "2027-01-30T09:30:00.000Z",
              },
            },
            unknown: {
              summary: "An unknown key or a wrong secret",
              value: { valid: false, code: "invalid_key", clientId: null, owner: null, apiSets: [], expiresAt: null },
            },
          },
        },
      ),
      ...authResponses(),
      ...bodyResponses(),
      ...commonResponses(),
    },
  }),
  async handle(_c, { body }, deps) {
    const check = await deps.verifier.verify(body.key);
    let code: KeyRefusal | "ip_not_allowed" | "insufficient_scope" | "rate_limited" | null = check.ok ? null : check.code;
    // The allowlist is checked against the address the caller passes, when it passes one.
    if (check.ok && body.ip !== undefined && !keyAllowsIp(check.record, body.ip)) code = "ip_not_allowed";
    else if (check.ok && body.requiredApiSets?.some((s) => !keyHasApiSet(check.record, s))) code = "insufficient_scope";
    const r = check.record;
    // The checked key's limit: counted only when asked and the key is otherwise good, else reported.
    let limit = "";
    if (r?.rateLimit) {
      const counted =
        body.consumeRateLimit && code === null
          ? deps.rateLimits.consume("key", r.keyId, r.rateLimit)
          : deps.rateLimits.peek("key", r.keyId, r.rateLimit);
      // Counted in memory, the answer is already here: no turn of the event loop for it.
      const state = counted instanceof Promise ? await counted : counted;
      if (!state.allowed && body.consumeRateLimit && code === null) code = "rate_limited";
      limit = `,"rateLimit":{"limit":${state.limit},"remaining":${state.remaining},"resetSeconds":${state.resetSeconds}}`;
    }
    const keyId = check.ok ? check.record.keyId : check.keyId;
    // A refusal of the checked key is listed on its page like a direct call's.
    if (keyId && code === null) deps.usage.record(keyId, "ok", body.ip ?? null);
    else if (keyId && code !== null) deps.usage.refused(keyId, code, body.ip ?? null, "POST /api/v1/verify (checked key)");
    if (!r) return jsonResponse(UNKNOWN, 200, NO_STORE);
    return jsonResponse(`{"valid":${code === null},"code":${JSON.stringify(code)},${keyFields(r)}${limit}}`, 200, NO_STORE);
  },
});

/**
 * The verdict's description of a genuine key, as JSON members. The owner's part and the API
 * sets' are written once per owner and per distinct set (records share those objects, and
 * replace them when anything changes), so a cached key costs no text of its own: 100,000 keys
 * would otherwise hold ~25 MB of copies of their owners' names. Client ids are [0-9A-Za-z].
 */
const ownerJsonOf = new WeakMap<KeyOwner, string>();
const apiSetsJsonOf = new WeakMap<readonly string[], string>();
/** The expiry as JSON, per record: a date formatted per request cost ~2.5% of a verification. */
const expiryJsonOf = new WeakMap<KeyAuthRecord, string>();
function keyFields(r: KeyAuthRecord): string {
  let owner = ownerJsonOf.get(r.owner);
  if (owner === undefined) {
    owner = JSON.stringify({ id: r.owner.id, name: r.owner.name, email: r.owner.email });
    ownerJsonOf.set(r.owner, owner);
  }
  let apiSets = apiSetsJsonOf.get(r.apiSets);
  if (apiSets === undefined) {
    apiSets = JSON.stringify(r.apiSets);
    apiSetsJsonOf.set(r.apiSets, apiSets);
  }
  let expiresAt = expiryJsonOf.get(r);
  if (expiresAt === undefined) {
    // An unreadable expiry is refused as expired (judgeKey) and described as unknown.
    expiresAt = Number.isFinite(r.expiresAt) ? `"${new Date(r.expiresAt).toISOString()}"` : "null";
    expiryJsonOf.set(r, expiresAt);
  }
  return `"clientId":"${r.clientId}","owner":${owner},"apiSets":${apiSets},"expiresAt":${expiresAt}`;
}

/** The verdict on a key that is unknown or whose secret is wrong: nothing about any key. */
const UNKNOWN = JSON.stringify({ valid: false, code: "invalid_key", clientId: null, owner: null, apiSets: [], expiresAt: null });

export const VERIFY_OPERATIONS = [verifyKey];
