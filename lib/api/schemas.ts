// The API's request and response shapes. The handlers validate with these very schemas and the
// OpenAPI document (/api/v1/openapi.json, rendered at /docs/api) is generated from them, so the
// documentation cannot drift from what the code accepts. Issuing reuses the console's own form
// schema (lib/keys/schemas.ts).

import { crc32 } from "node:zlib";
import { z } from "@hono/zod-openapi";
import { API_SET_CODES, API_SETS } from "../keys/api-sets";
import type { ApiKeyView } from "../keys/key-view";
import { RATE_LIMIT_PERS } from "../keys/rate-limit";
import { issueKeySchema } from "../keys/schemas";
import { CLIENT_ID_LENGTH, encodeChecksum, TOKEN_PREFIX } from "../keys/token";
import { PROBLEM_CODES } from "./problem";

const EXAMPLE_CLIENT_ID = "4fT9xQ2mLr8ZkVb1NcYe";
// Shaped like a real key (checksum included) but issued to nobody.
const EXAMPLE_BODY = `${TOKEN_PREFIX}${EXAMPLE_CLIENT_ID}_Qh7rVw2XbNq0Lm3KcTz8YpHd5GsAf6JeUo1Ri9Wn4Dx`;
const EXAMPLE_TOKEN = EXAMPLE_BODY + encodeChecksum(crc32(EXAMPLE_BODY));
export const EXAMPLES = { clientId: EXAMPLE_CLIENT_ID, token: EXAMPLE_TOKEN } as const;

const apiSetList = API_SETS.map((s) => `\`${s.code}\` (${s.label})`).join(", ");

const ApiSetSchema = z.enum(API_SET_CODES).openapi("ApiSet", {
  description: `An API set (scope). One of: ${apiSetList}.`,
  example: "keys:read",
});

const RateLimitSchema = z
  .object({
    requests: z.number().int().openapi({ example: 100 }),
    per: z.enum(RATE_LIMIT_PERS).openapi({ example: "minute" }),
  })
  .openapi("RateLimit", { description: "Requests the key may make per second or per minute; over it the API answers 429 `rate_limited`." });

export const ApiKeySchema = z
  .object({
    clientId: z.string().openapi({ example: EXAMPLE_CLIENT_ID, description: "The key's public identifier." }),
    name: z.string().openapi({ example: "CI deploy" }),
    description: z.string().openapi({ example: "Used by the nightly deployment job." }),
    secretHint: z.string().openapi({ example: "f3Qa", description: "The last four characters of the secret key." }),
    apiSets: z.array(ApiSetSchema),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-11-01T09:30:00.000Z" }),
    expiresAt: z.string().openapi({ format: "date-time", example: "2027-01-30T09:30:00.000Z" }),
    revokedAt: z.string().nullable().openapi({ format: "date-time", example: null }),
    revokedReason: z
      .enum(["revoked", "cleared", "regenerated", "leaked", "unused"])
      .nullable()
      .openapi({
        example: null,
        description:
          "leaked: a leak report (POST /leaks) named the key's secret; leakUrl says where it was found. unused: revoked by the " +
          "inactive keys policy after going unused for its number of days.",
      }),
    replaced: z.boolean().openapi({
      example: false,
      description: "True once the key was regenerated; the old secret may still work until expiresAt.",
    }),
    status: z.enum(["active", "replaced", "expired", "revoked"]).openapi({
      example: "active",
      description: "replaced: regenerated with a grace period; the old secret works until expiresAt but no longer counts as active.",
    }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", example: "2026-11-20T17:04:00.000Z" }),
    lastUsedIp: z.string().nullable().openapi({ example: "203.0.113.7" }),
    rateLimit: RateLimitSchema.nullable(),
    leakUrl: z.string().nullable().openapi({ example: null, description: "Where a leak report found the secret." }),
  })
  .openapi("ApiKey", { description: "An API key as listed: everything but the secret, which Keydesk does not keep." });

export type ApiKeyBody = z.infer<typeof ApiKeySchema>;

export function toApiKey(view: ApiKeyView): ApiKeyBody {
  return {
    clientId: view.clientId,
    name: view.name,
    description: view.description,
    secretHint: view.secretHint,
    apiSets: view.apiSets,
    createdAt: view.createdAt,
    expiresAt: view.expiresAt,
    revokedAt: view.revokedAt,
    revokedReason: view.revokedReason as ApiKeyBody["revokedReason"],
    replaced: view.replaced,
    status: view.status,
    lastUsedAt: view.lastUsedAt,
    lastUsedIp: view.lastUsedIp,
    rateLimit: view.rateLimit,
    leakUrl: view.leakUrl,
  };
}

const OwnerSchema = z
  .object({
    id: z.string().openapi({ example: "cmi8x2k0f0000qz8h3v7l9d2a" }),
    name: z.string().openapi({ example: "Ada Lovelace" }),
    email: z.string().openapi({ example: "ada@example.com" }),
  })
  .openapi("Owner");

export const MeSchema = z
  .object({
    user: OwnerSchema,
    key: z.object({
      clientId: z.string().openapi({ example: EXAMPLE_CLIENT_ID }),
      name: z.string().openapi({ example: "CI deploy" }),
      apiSets: z.array(ApiSetSchema),
      expiresAt: z.string().openapi({ format: "date-time", example: "2027-01-30T09:30:00.000Z" }),
    }),
  })
  .openapi("Me");

export const KeyListSchema = z.object({ keys: z.array(ApiKeySchema) }).openapi("KeyList");

/**
 * Issuing takes the console form's own schema. It is created outside this module, possibly
 * before the OpenAPI extension loads, so its documentation goes on the request body instead of
 * on the schema.
 */
export const IssueKeyRequestSchema = issueKeySchema;
export const ISSUE_KEY_REQUEST_DOC = {
  description:
    `The new key's name (unique among your active keys), optional description, API sets (at most the calling key's own) and ` +
    `expiration: \`7d\`, \`30d\`, \`90d\`, \`1y\`, or \`custom\` with \`customDate\` (YYYY-MM-DD, within the policy's maximum). ` +
    `Optional rate limit: \`rateLimitRequests\` per \`rateLimitPer\` (\`second\` or \`minute\`, default \`minute\`); without one the ` +
    `policy's default applies, and a limit above the policy's maximum is refused. API sets: ${apiSetList}.`,
  example: { name: "Reporting job", description: "Reads keys nightly", apiSets: ["keys:read"], expiresIn: "90d" },
};

export const IssuedKeySchema = z
  .object({
    key: ApiKeySchema,
    secretKey: z.string().openapi({
      example: EXAMPLE_TOKEN,
      description: "The secret key. This response is the only time it is ever shown; Keydesk keeps only a hash.",
    }),
    endpoint: z.string().openapi({ example: "https://keys.example.com/api/v1", description: "The API endpoint to use it with." }),
  })
  .openapi("IssuedKey");

export const ClientIdParamSchema = z.object({
  clientId: z
    .string()
    .regex(new RegExp(`^[0-9A-Za-z]{${CLIENT_ID_LENGTH}}$`), `A client ID is ${CLIENT_ID_LENGTH} letters and digits.`)
    .openapi({ param: { name: "clientId", in: "path" }, example: EXAMPLE_CLIENT_ID }),
});

const IP_PATTERN = /^[0-9A-Fa-f:.]{2,45}$/;

export const VerifyRequestSchema = z
  .object({
    key: z
      .string({ error: "Send the key to check as `key`." })
      .max(512, "That is far longer than any API key.")
      .openapi({ example: EXAMPLE_TOKEN, description: "The secret key your service received." }),
    requiredApiSets: z
      .array(ApiSetSchema)
      .max(API_SET_CODES.length)
      .optional()
      .openapi({ description: "API sets the key must carry; otherwise the answer is `insufficient_scope`.", example: ["keys:read"] }),
    ip: z
      .string()
      .regex(IP_PATTERN, "Give an IPv4 or IPv6 address.")
      .optional()
      .openapi({ description: "The address the key was presented from, recorded as its last use.", example: "198.51.100.23" }),
    consumeRateLimit: z
      .boolean({ error: "Send consumeRateLimit as true or false." })
      .optional()
      .openapi({
        description:
          "Count this check as one request against the checked key's rate limit. When it is spent the answer is `rate_limited`. " +
          "Without it the limit is only reported.",
        example: true,
      }),
  })
  .openapi("VerifyRequest");

const VERIFY_CODES = [
  "invalid_key",
  "key_expired",
  "key_revoked",
  "user_disabled",
  "api_access_disabled",
  "forbidden",
  "insufficient_scope",
  "rate_limited",
] as const;

export const VerifyResultSchema = z
  .object({
    valid: z.boolean().openapi({ example: true }),
    code: z.enum(VERIFY_CODES).nullable().openapi({ example: null, description: "Why the key is not valid; null when it is." }),
    clientId: z.string().nullable().openapi({ example: EXAMPLE_CLIENT_ID }),
    owner: OwnerSchema.nullable(),
    apiSets: z.array(ApiSetSchema),
    expiresAt: z.string().nullable().openapi({ format: "date-time", example: "2027-01-30T09:30:00.000Z" }),
    rateLimit: z
      .object({
        limit: z.number().int().openapi({ example: 100, description: "Requests allowed per window." }),
        remaining: z.number().int().openapi({ example: 42 }),
        resetSeconds: z.number().int().openapi({ example: 17, description: "Seconds until the window starts again." }),
      })
      .optional()
      .openapi({ description: "Only for a genuine key that has a rate limit." }),
  })
  .openapi("VerifyResult", {
    description:
      "The verdict on a key. When the key is unknown or its secret is wrong, only `valid` and `code` are given; " +
      "for a genuine key that is refused (revoked, expired, owner disabled…) its details are included.",
  });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/docs/api#error-invalid_key" }),
    title: z.string().openapi({ example: "Invalid API key" }),
    status: z.number().int().openapi({ example: 401 }),
    detail: z.string().openapi({ example: "The API key is not valid. Check that you sent the whole secret key." }),
    code: z.enum(PROBLEM_CODES).openapi({ example: "invalid_key" }),
    instance: z.string().optional().openapi({ example: "/api/v1/me" }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requiredApiSet: z.string().optional(),
  })
  .openapi("Problem", { description: "An RFC 9457 problem: `code` is stable and documented below." });

export const HealthSchema = z
  .object({
    ok: z.boolean().openapi({ example: true }),
    rateLimits: z.object({
      store: z.enum(["memory", "redis"]).openapi({
        description: "Where rate limits are counted: this process's memory, or Redis (shared by every instance).",
      }),
      redis: z.enum(["connected", "unreachable"]).optional().openapi({
        description: "With Redis configured: unreachable means each process counts on its own until it is back.",
      }),
    }),
  })
  .openapi("Health");
