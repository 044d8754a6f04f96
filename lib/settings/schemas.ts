// The key policy form (/admin/settings). Numbers may arrive as text from a form post: coerced,
// then checked against the allowed ranges.
import { z } from "zod";

const days = (label: string, max: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a number of days.` })
    .int("Enter a whole number of days.")
    .min(1, `Enter a number of days from 1 to ${max}.`)
    .max(max, `Enter a number of days from 1 to ${max}.`);

export const MAX_ACTIVE_KEYS_LIMIT = 20;
export const MAX_LIFETIME_LIMIT = 365;

export const policySchema = z
  .object({
    maxActiveKeys: z.coerce
      .number({ error: "Enter a number from 1 to 20." })
      .int("Enter a whole number.")
      .min(1, `Enter a number from 1 to ${MAX_ACTIVE_KEYS_LIMIT}.`)
      .max(MAX_ACTIVE_KEYS_LIMIT, `Enter a number from 1 to ${MAX_ACTIVE_KEYS_LIMIT}.`),
    maxLifetimeDays: days("the maximum lifetime", MAX_LIFETIME_LIMIT),
    defaultLifetimeDays: days("the default lifetime", MAX_LIFETIME_LIMIT),
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
