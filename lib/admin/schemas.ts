// Inputs of the API management actions and the filters of its list (query-string values).
import { z } from "zod";
import { idSchema } from "../roles/schemas";

export const clearApiKeysSchema = z.object({ userId: idSchema("a user") });
export const revokeUserKeySchema = z.object({ userId: idSchema("a user"), keyId: idSchema("a key") });

export const KEY_AGE_OPTIONS = [
  { value: "30", label: "Older than 30 days" },
  { value: "90", label: "Older than 90 days" },
  { value: "180", label: "Older than 180 days" },
  { value: "365", label: "Older than 1 year" },
] as const;

export const LAST_USE_OPTIONS = [
  { value: "1d", label: "Used in the last 24 hours" },
  { value: "7d", label: "Used in the last 7 days" },
  { value: "30d", label: "Used in the last 30 days" },
  { value: "idle30", label: "Not used for 30 days" },
  { value: "idle90", label: "Not used for 90 days" },
  { value: "never", label: "Never used" },
] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const apiAccessFiltersSchema = z.object({
  role: z.preprocess(blankToUndefined, z.string().max(64, "Choose a role from the list.").optional()),
  keyAge: z.preprocess(blankToUndefined, z.enum(["30", "90", "180", "365"], { error: "Choose a key age from the list." }).optional()),
  lastUse: z.preprocess(
    blankToUndefined,
    z.enum(["1d", "7d", "30d", "idle30", "idle90", "never"], { error: "Choose a last-use option from the list." }).optional(),
  ),
  expiring: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Enter a number of days from 1 to 365." })
      .int("Enter a whole number of days.")
      .min(1, "Enter a number of days from 1 to 365.")
      .max(365, "Enter a number of days from 1 to 365.")
      .optional(),
  ),
});
export type ApiAccessFilters = z.output<typeof apiAccessFiltersSchema>;
