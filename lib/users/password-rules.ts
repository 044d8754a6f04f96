// What a new password must be, without Node.js imports: the same schema validates in the browser
// (forms) and on the server. bcrypt reads at most 72 bytes, so longer passwords are refused
// rather than silently truncated.
import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX_BYTES = 72;

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((v) => utf8Length(v) <= PASSWORD_MAX_BYTES, `Use at most ${PASSWORD_MAX_BYTES} bytes.`);
