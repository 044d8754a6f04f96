// Filters of the audit log (query-string values). Invalid values are reported next to their
// field and nothing is listed until they are fixed.
import { z } from "zod";
import { AUDIT_ACTIONS } from "./labels";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A UTC day, YYYY-MM-DD (the log's date filters, in the console and the API). */
export const auditDaySchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD.")
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "Enter a real date.",
  );

const personSchema = z.string().trim().max(254, "Use at most 254 characters.");

export const auditFiltersSchema = z
  .object({
    actor: z.preprocess(blankToUndefined, personSchema.optional()),
    target: z.preprocess(blankToUndefined, personSchema.optional()),
    action: z.preprocess(
      blankToUndefined,
      z.enum(AUDIT_ACTIONS as [string, ...string[]], { error: "Choose an action from the list." }).optional(),
    ),
    from: z.preprocess(blankToUndefined, auditDaySchema.optional()),
    to: z.preprocess(blankToUndefined, auditDaySchema.optional()),
  })
  .superRefine(checkDayRange);

/** A date range ends on or after its start. */
export function checkDayRange(v: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
}
export type AuditFilters = z.output<typeof auditFiltersSchema>;
