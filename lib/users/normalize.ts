// Emails are compared lower-cased; search runs on one lower-cased column on both databases.
import { z } from "zod";
import { refineSafeText } from "../text";

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

export const userNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.")
  .superRefine(refineSafeText());

export function userSearchText(name: string, email: string): string {
  return `${name} ${email}`.toLowerCase();
}
