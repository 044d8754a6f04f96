// The policy form (/admin/settings): key limits and lifetimes, webhooks per user. Numbers may
// arrive as text from a form post: a number, or a string of decimal digits only (no sign, spaces,
// hex or exponent; never a boolean or an array, which a plain coercion would turn into 1 or 5),
// then checked against the allowed ranges.
import { z } from "zod";

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

export const policySchema = z
  .object({
    maxActiveKeys: count(MAX_ACTIVE_KEYS_LIMIT),
    maxLifetimeDays: days("the maximum lifetime", MAX_LIFETIME_LIMIT),
    defaultLifetimeDays: days("the default lifetime", MAX_LIFETIME_LIMIT),
    maxWebhooks: count(MAX_WEBHOOKS_LIMIT),
  })
  .superRefine((v, ctx) => {
    if (v.defaultLifetimeDays > v.maxLifetimeDays) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultLifetimeDays"],
        message: "The default lifetime cannot be longer than the maximum lifetime.",
      });
    }
  });
export type PolicyInput = z.output<typeof policySchema>;
export type PolicyForm = z.input<typeof policySchema>;
