// The API's request and response shapes. The handlers validate with these very schemas and the
// OpenAPI document (/api/v1/openapi.json, rendered at /docs/api) is generated from them, so the
// documentation cannot drift from what the code accepts. Issuing reuses the console's own form
// schema (lib/keys/schemas.ts).

import { crc32 } from "node:zlib";
import { z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS } from "../audit/labels";
import { auditDaySchema, checkDayRange } from "../audit/schemas";
import { API_SET_CODES, API_SETS } from "../keys/api-sets";
import { IP_ALLOWLIST_MAX, isIpAddress } from "../keys/ip-allowlist";
import type { ApiKeyView } from "../keys/key-view";
import { RATE_LIMIT_PERS } from "../keys/rate-limit";
import { editKeyFieldsSchema, issueKeySchema } from "../keys/schemas";
import { CLIENT_ID_LENGTH, encodeChecksum, TOKEN_PREFIX } from "../keys/token";
import { decodeCursor } from "../pagination";
import { PROBLEM_CODES } from "./problem";

const EXAMPLE_CLIENT_ID = "4fT9xQ2mLr8ZkVb1NcYe";
// Shaped like a real key (checksum included) but issued to nobody.
const EXAMPLE_BODY = `${TOKEN_PREFIX}${EXAMPLE_CLIENT_ID}_Qh7rVw2XbNq0Lm3KcTz8YpHd5GsAf6JeUo1Ri9Wn4Dx`;
const EXAMPLE_TOKEN = EXAMPLE_BODY + encodeChecksum(crc32(EXAMPLE_BODY));
export const EXAMPLES = { clientId: EXAMPLE_CLIENT_ID, token: EXAMPLE_TOKEN } as const;

const IP_ALLOWLIST_DOC =
  `The IP allowlist is an array of at most ${IP_ALLOWLIST_MAX} IPv4/IPv6 addresses and CIDR ranges; requests from any other ` +
  "address are refused with `ip_not_allowed`. Entries are stored as canonical ranges (`203.0.113.7` → `203.0.113.7/32`).";

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
    status: z.enum(["active", "inactive", "replaced", "expired", "revoked"]).openapi({
      example: "active",
      description:
        "inactive: deactivated; refused with `key_inactive` until activated again, and still counts against the limit. " +
        "replaced: regenerated with a grace period; the old secret works until expiresAt but no longer counts as active.",
    }),
    deactivatedAt: z
      .string()
      .nullable()
      .openapi({ format: "date-time", example: null, description: "When the key was deactivated, while it is." }),
    ipAllowlist: z.array(z.string()).openapi({
      example: ["198.51.100.0/24", "2001:db8::/32"],
      description: "The CIDR ranges the key may be used from (a single address is a /32 or /128); empty: any address.",
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
    deactivatedAt: view.deactivatedAt,
    ipAllowlist: view.ipAllowlist,
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
 * Issuing takes the console form's own schema (lib/keys/schemas.ts), with its API sets
 * documented as the ApiSet enum. That schema is made without the OpenAPI extension, so zod's
 * own `.meta()` carries the override; the rest of its documentation goes on the request body.
 */
export const IssueKeyRequestSchema = issueKeySchema.safeExtend({
  apiSets: issueKeySchema.shape.apiSets.meta({ items: { $ref: "#/components/schemas/ApiSet" } }),
});
export const ISSUE_KEY_REQUEST_DOC = {
  description:
    `The new key's name (unique among your active keys), optional description, API sets (at most the calling key's own) and ` +
    `expiration: \`7d\`, \`30d\`, \`90d\`, \`1y\`, or \`custom\` with \`customDate\` (YYYY-MM-DD, within the policy's maximum), ` +
    `and optional \`ipAllowlist\`: ${IP_ALLOWLIST_DOC} ` +
    `Optional rate limit: \`rateLimitRequests\` per \`rateLimitPer\` (\`second\` or \`minute\`, default \`minute\`); without one the ` +
    `policy's default applies, and a limit above the policy's maximum is refused. API sets: ${apiSetList}.`,
  example: {
    name: "Reporting job",
    description: "Reads keys nightly",
    apiSets: ["keys:read"],
    expiresIn: "90d",
    ipAllowlist: ["198.51.100.0/24", "2001:db8::17"],
  },
};

/** Editing a key: every field optional (lib/keys/schemas.ts). */
export const EditKeyRequestSchema = editKeyFieldsSchema;
export const EDIT_KEY_REQUEST_DOC = {
  description:
    "Any of: `name`, `description`, `ipAllowlist` (replaces the list; `[]` allows every address again), `apiSets` (a subset of " +
    "the key's own: sets can be removed, never added) and `expiresAt` (ISO 8601, earlier than the current expiry and in the " +
    `future). ${IP_ALLOWLIST_DOC}`,
  example: { name: "Reporting job (EU)", ipAllowlist: ["203.0.113.0/24"], apiSets: ["keys:read"] },
};

export const IssuedKeySchema = z
  .object({
    key: ApiKeySchema,
    secretKey: z.string().openapi({
      example: EXAMPLE_TOKEN,
      description: "The secret key. This response is the only time it is ever shown; Keydesk keeps only a hash.",
    }),
    endpoint: z.string().openapi({
      format: "uri-reference",
      example: "https://api.example.org/api/v1",
      description: "The API endpoint to use it with: the configured one, or the path on the host you called.",
    }),
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
      .refine(isIpAddress, "Give an IPv4 or IPv6 address.")
      .optional()
      .openapi({
        description:
          "The address the key was presented from: recorded as its last use, and checked against the key's IP allowlist (`ip_not_allowed`).",
        example: "198.51.100.23",
      }),
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
  "key_inactive",
  "user_disabled",
  "api_access_disabled",
  "forbidden",
  "ip_not_allowed",
  "insufficient_scope",
  "rate_limited",
] as const;

export const VerifyResultSchema = z
  .object({
    valid: z.boolean().openapi({ example: true }),
    code: z.enum(VERIFY_CODES).nullable().openapi({ example: null, description: "Why the key is not valid; null when it is." }),
    clientId: z.string().nullable().openapi({ example: EXAMPLE_CLIENT_ID }),
    // A union rather than .nullable(): the latter documents allOf [Owner, object|null], which null cannot match.
    owner: z
      .union([OwnerSchema, z.null()])
      .openapi({ description: "The key's owner; null when the key is unknown or its secret is wrong." }),
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
      "The verdict on a key. Every member is always present. When the key is unknown or its secret is wrong, `clientId`, " +
      "`owner` and `expiresAt` are null and `apiSets` is empty: nothing is told about any key. For a genuine key that is " +
      "refused (revoked, expired, owner disabled…) its details are included.",
  });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({
      format: "uri-reference",
      example: "https://api.example.org/api/v1/problems/invalid_key",
      description:
        "A link to the page explaining `code` (GET /problems/{code}): under the configured API endpoint, or a path on the host you called.",
    }),
    title: z.string().openapi({ example: "Invalid API key" }),
    status: z.number().int().openapi({ example: 401 }),
    detail: z.string().openapi({ example: "The API key is not valid. Check that you sent the whole secret key." }),
    code: z.enum(PROBLEM_CODES).openapi({ example: "invalid_key" }),
    instance: z.string().optional().openapi({ example: "/api/v1/me" }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requiredApiSet: ApiSetSchema.optional(),
  })
  .openapi("Problem", { description: "An RFC 9457 problem: `code` is stable and documented below." });

// ---- GET /audit ----

const AUDIT_LIMIT = { default: 50, max: 100 } as const;

/** A whole number from a query string (digits only: no signs, spaces, exponents or fractions). */
const countParam = (min: number, max: number, fallback: number, description: string) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `Give a whole number from ${min} to ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Give a whole number from ${min} to ${max}.`)
    .optional()
    .transform((n) => n ?? fallback)
    .openapi({ type: "integer", minimum: min, maximum: max, default: fallback, example: fallback, description });

const AuditActionSchema = z
  .enum(AUDIT_ACTIONS as [string, ...string[]], { error: "Give one of the audit actions listed in this document." })
  .openapi("AuditAction", { description: "What was done, as a stable code.", example: "key.issued" });

export const AuditQuerySchema = z
  .object({
    action: AuditActionSchema.optional().openapi({ param: { description: "Only events of this action." } }),
    from: auditDaySchema.optional().openapi({ description: "Only events on or after this UTC day (YYYY-MM-DD).", example: "2026-11-01" }),
    to: auditDaySchema.optional().openapi({ description: "Only events on or before this UTC day (YYYY-MM-DD).", example: "2026-11-30" }),
    cursor: z
      .string()
      .refine((v) => decodeCursor(v) !== null, "This cursor was not given out by this API. Send nextCursor as it came.")
      .optional()
      .openapi({ description: "The previous page's `nextCursor`: the page after it.", example: "MTc2NDU4MzMzMTEyMy40NzEx" }),
    limit: countParam(1, AUDIT_LIMIT.max, AUDIT_LIMIT.default, `Events per page, 1–${AUDIT_LIMIT.max}.`),
  })
  .superRefine(checkDayRange);

const AuditEventSchema = z
  .object({
    id: z.number().int().openapi({ example: 4711 }),
    at: z.string().openapi({ format: "date-time", example: "2026-12-01T10:02:11.123Z" }),
    action: AuditActionSchema,
    actionLabel: z.string().openapi({ example: "API key issued" }),
    actor: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .openapi({
        description: "Who did it: you, an administrator, or null (the system).",
        example: { id: "cmi8x2k0f0000qz8h3v7l9d2a", name: "Ada Lovelace" },
      }),
    clientId: z.string().nullable().openapi({ description: "The key it concerns, if any.", example: EXAMPLE_CLIENT_ID }),
    ip: z.string().nullable().openapi({ description: "Your address when you acted; null when someone else did.", example: "203.0.113.7" }),
    userAgent: z.string().nullable().openapi({ example: "curl/8.5.0" }),
    summary: z.string().openapi({ description: "What changed, in one line (never a secret).", example: "Reporting job; Read API keys" }),
  })
  .openapi("AuditEvent");

export const AuditEventListSchema = z
  .object({
    events: z.array(AuditEventSchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the next page; null on the last page.", example: "MTc2NDU4MzMzMTEyMy40NzEx" }),
  })
  .openapi("AuditEventList");

// ---- GET /keys/{clientId}/usage ----

const USAGE_DAYS = { default: 30, max: 90 } as const;

export const KeyUsageQuerySchema = z.object({
  days: countParam(1, USAGE_DAYS.max, USAGE_DAYS.default, `How many UTC days, today included, 1–${USAGE_DAYS.max}.`),
});

const OutcomeCountsSchema = z.record(z.string(), z.number().int()).openapi("UsageOutcomeCounts", {
  description:
    "Requests by outcome: `ok`, or the code the request was refused with (`insufficient_scope`, `key_expired`, …). Outcomes " +
    "with no requests are left out.",
  example: { ok: 120, insufficient_scope: 2 },
});

export const KeyUsageSchema = z
  .object({
    clientId: z.string().openapi({ example: EXAMPLE_CLIENT_ID }),
    days: z.array(
      z.object({
        day: z.string().openapi({ format: "date", example: "2026-12-01" }),
        total: z.number().int().openapi({ example: 122 }),
        outcomes: OutcomeCountsSchema,
      }),
    ),
    totals: OutcomeCountsSchema,
  })
  .openapi("KeyUsage", {
    description: "Requests made with the key per UTC day, oldest first, zero days included. Counts are written every few seconds.",
  });

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
