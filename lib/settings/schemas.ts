// The policy form (/admin/settings): key limits and lifetimes, webhooks per user. Numbers may
// arrive as text from a form post: a number, or a string of decimal digits only (no sign, spaces,
// hex or exponent; never a boolean or an array, which a plain coercion would turn into 1 or 5),
// then checked against the allowed ranges.
import { z } from "zod";
import { RATE_LIMIT_MAX_REQUESTS, RATE_LIMIT_PERS } from "../keys/rate-limit";

const wholeNumber = (typeError: string, intError: string) =>
  // One check rather than a union, so the browser's resolver shows these messages too (it shows
  // a union's first branch's message).
  z
    .unknown()
    .transform((value, ctx) => {
      if (typeof value === "number") return value;
      if (typeof value === "string" && /^[0-9]{1,9}$/.test(value)) return Number(value);
      ctx.addIssue({ code: "custom", message: typeof value === "string" && /^[0-9]{1,9}\.[0-9]+$/.test(value) ? intError : typeError });
      return z.NEVER;
    })
    .pipe(z.number().refine(Number.isSafeInteger, intError));

const days = (label: string, max: number) =>
  wholeNumber(`Enter ${label} as a number of days.`, "Enter a whole number of days.").pipe(
    z.number().min(1, `Enter a number of days from 1 to ${max}.`).max(max, `Enter a number of days from 1 to ${max}.`),
  );

const count = (max: number) =>
  wholeNumber(`Enter a number from 1 to ${max}.`, "Enter a whole number.").pipe(
    z.number().min(1, `Enter a number from 1 to ${max}.`).max(max, `Enter a number from 1 to ${max}.`),
  );

export const MAX_ACTIVE_KEYS_LIMIT = 20;
export const MAX_LIFETIME_LIMIT = 365;
export const MAX_WEBHOOKS_LIMIT = 100;

/**
 * Empty (or null) means none; anything else must pass `inner`. One check rather than a union of
 * "empty" and a number: a union that fails in both branches reports only "Invalid input", in
 * the browser and on the server alike, where each field has its own message.
 */
const emptyOr = (inner: z.ZodType<number, unknown>) =>
  z.unknown().transform((value, ctx): number | null => {
    if (value === "" || value === null || value === undefined) return null;
    const parsed = inner.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  });

// Rate limits: empty means none.
const requestsRange = `Enter a number from 1 to ${RATE_LIMIT_MAX_REQUESTS.toLocaleString("en-US")}, or leave it empty.`;
const optionalRequests = (label: string) =>
  emptyOr(
    wholeNumber(`Enter ${label} as a number of requests, or leave it empty.`, "Enter a whole number of requests.").pipe(
      z.number().min(1, requestsRange).max(RATE_LIMIT_MAX_REQUESTS, requestsRange),
    ),
  );
export const UNUSED_DAYS_MIN = 8;
const unusedDaysRange = `Enter a number of days from ${UNUSED_DAYS_MIN} to ${MAX_LIFETIME_LIMIT}, or leave it empty.`;
const optionalUnusedDays = emptyOr(
  wholeNumber(unusedDaysRange, "Enter a whole number of days.").pipe(
    z.number().min(UNUSED_DAYS_MIN, unusedDaysRange).max(MAX_LIFETIME_LIMIT, unusedDaysRange),
  ),
);
const rateLimitPerSchema = z.enum(RATE_LIMIT_PERS, { error: "Choose per second or per minute." });

export const policySchema = z
  .object({
    maxActiveKeys: count(MAX_ACTIVE_KEYS_LIMIT),
    maxLifetimeDays: days("the maximum lifetime", MAX_LIFETIME_LIMIT),
    defaultLifetimeDays: days("the default lifetime", MAX_LIFETIME_LIMIT),
    maxWebhooks: count(MAX_WEBHOOKS_LIMIT),
    defaultRateLimitRequests: optionalRequests("the default rate limit").default(null),
    defaultRateLimitPer: rateLimitPerSchema.default("minute"),
    maxRateLimitPerMinute: optionalRequests("the maximum rate limit").default(null),
    revokeUnusedAfterDays: optionalUnusedDays.default(null),
  })
  .superRefine((v, ctx) => {
    if (v.defaultLifetimeDays > v.maxLifetimeDays) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultLifetimeDays"],
        message: "The default lifetime cannot be longer than the maximum lifetime.",
      });
    }
    const defaultPerMinute =
      v.defaultRateLimitRequests === null ? null : v.defaultRateLimitRequests * (v.defaultRateLimitPer === "second" ? 60 : 1);
    if (defaultPerMinute !== null && v.maxRateLimitPerMinute !== null && defaultPerMinute > v.maxRateLimitPerMinute) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultRateLimitRequests"],
        message: "The default rate limit cannot be higher than the maximum.",
      });
    }
  });
export type PolicyInput = z.output<typeof policySchema>;
export type PolicyForm = z.input<typeof policySchema>;
