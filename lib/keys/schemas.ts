// One zod schema per key form, shared by the browser (react-hook-form) and the server actions
// and API handlers, which always parse again: the browser's check is a convenience only.
import { z } from "zod";
import { refineSafeText } from "../text";
import { API_SET_CODES, type ApiSetCode, isApiSetCode } from "./api-sets";
import { IP_ALLOWLIST_MAX, normalizeAllowlist } from "./ip-allowlist";
import { RATE_LIMIT_MAX_REQUESTS, RATE_LIMIT_PERS } from "./rate-limit";

export const KEY_NAME_MAX = 64;
export const KEY_DESCRIPTION_MAX = 280;

const keyNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
  .superRefine(refineSafeText());

const keyDescriptionSchema = z
  .string({ error: "Enter text." })
  .trim()
  .max(KEY_DESCRIPTION_MAX, `Use at most ${KEY_DESCRIPTION_MAX} characters.`)
  .superRefine(refineSafeText({ multiline: true }));

const apiSetsSchema = z
  .array(z.string(), { error: "Select at least one API set." })
  .min(1, "Select at least one API set.")
  .max(API_SET_CODES.length * 2, "Too many API sets.")
  .superRefine((codes, ctx) => {
    const unknown = codes.filter((c) => !isApiSetCode(c));
    if (unknown.length > 0) {
      ctx.addIssue({ code: "custom", message: `Unknown API set: ${unknown.slice(0, 3).join(", ").slice(0, 80)}.` });
    }
  })
  .transform((codes) => [...new Set(codes)] as ApiSetCode[]);

/**
 * The IP allowlist as typed in the console (one entry per line, or separated by commas or
 * spaces) or sent to the API (an array): canonical CIDR ranges, or a message naming bad entries.
 */
const ipAllowlistSchema = z
  .union(
    [
      z.string().max(IP_ALLOWLIST_MAX * 50, "The allowlist is too long."),
      z.array(z.string().max(100, "That is longer than any address or range.")).max(IP_ALLOWLIST_MAX * 2, "Too many entries."),
    ],
    { error: "Give a list of IP addresses and CIDR ranges." },
  )
  .transform((value, ctx) => {
    const result = normalizeAllowlist(value);
    if (result.ok) return result.entries;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  });
const rateLimitRange = `Enter a number of requests from 1 to ${RATE_LIMIT_MAX_REQUESTS.toLocaleString("en-US")}, or leave it empty.`;
/** Empty, null or absent: no limit of its own (the policy's default applies). Digits or a number otherwise. */
// Messages on the unions: without them a value failing both branches ("2.5", "abc") is told only
// "Invalid input" - on the server (the outer union's) and in the browser, whose resolver shows the
// first branch's first issue (the inner one's).
const rateLimitRequestsSchema = z.union(
  [
    z.union([z.literal(""), z.null()], { error: rateLimitRange }).transform(() => null),
    z
      .union(
        [
          z.number(),
          z
            .string()
            .regex(/^[0-9]{1,9}$/)
            .transform(Number),
        ],
        { error: rateLimitRange },
      )
      .pipe(z.number().int(rateLimitRange).min(1, rateLimitRange).max(RATE_LIMIT_MAX_REQUESTS, rateLimitRange)),
  ],
  { error: rateLimitRange },
);

const expiresInSchema = z.enum(["7d", "30d", "90d", "1y", "custom"], { error: "Choose an expiration." });

export const issueKeySchema = z
  .object({
    name: keyNameSchema,
    description: keyDescriptionSchema.default(""),
    apiSets: apiSetsSchema,
    expiresIn: expiresInSchema,
    customDate: z.string().trim().max(10, "Enter the expiry date as YYYY-MM-DD.").optional(),
    ipAllowlist: ipAllowlistSchema.default([]),
    rateLimitRequests: rateLimitRequestsSchema.optional(),
    rateLimitPer: z.enum(RATE_LIMIT_PERS, { error: "Choose per second or per minute." }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.expiresIn === "custom" && !v.customDate) {
      ctx.addIssue({ code: "custom", path: ["customDate"], message: "Choose an expiry date." });
    }
  });
/** Callers other than the form (seeds, tests) may leave the allowlist out: any address. */
export type IssueKeyInput = Omit<z.output<typeof issueKeySchema>, "ipAllowlist"> & { ipAllowlist?: string[] };
export type IssueKeyForm = z.input<typeof issueKeySchema>;

const keyIdSchema = z.string({ error: "Choose a key." }).min(1, "Choose a key.").max(64, "Unknown key.");

export const GRACE_OPTIONS = [
  { value: "none", label: "Stop the old secret now", ms: 0 },
  { value: "1h", label: "Keep the old secret valid for 1 hour", ms: 60 * 60 * 1000 },
  { value: "24h", label: "Keep the old secret valid for 24 hours", ms: 24 * 60 * 60 * 1000 },
] as const;

export const regenerateKeySchema = z.object({
  keyId: keyIdSchema,
  grace: z.enum(["none", "1h", "24h"], { error: "Choose what happens to the old secret." }).default("none"),
});
export type RegenerateKeyInput = z.output<typeof regenerateKeySchema>;

export const revokeKeySchema = z.object({ keyId: keyIdSchema });
export const endGraceSchema = z.object({ keyId: keyIdSchema });

export const apiAccessSchema = z.object({ enabled: z.boolean({ error: "Choose on or off." }) });

// ---- Key controls: deactivate, activate, edit in place ----

export const setKeyActiveSchema = z.object({ keyId: keyIdSchema });

/**
 * What an edit may change; every field is optional and left alone when absent. API sets may
 * only be narrowed and the expiry only moved earlier (lib/keys/edit-api-key.ts checks against
 * the key's current values).
 */
export const editKeyFieldsSchema = z.object({
  name: keyNameSchema.optional(),
  description: keyDescriptionSchema.optional(),
  apiSets: apiSetsSchema.optional(),
  ipAllowlist: ipAllowlistSchema.optional(),
  expiresAt: z.iso
    .datetime({ offset: true, error: "Give the expiry as an ISO 8601 date and time, e.g. 2027-01-30T09:30:00Z." })
    .transform((v) => new Date(v))
    .optional(),
});
export const editKeySchema = editKeyFieldsSchema.extend({ keyId: keyIdSchema });
export type EditKeyInput = z.output<typeof editKeySchema>;
export type EditKeyForm = z.input<typeof editKeySchema>;
