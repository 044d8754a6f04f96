// Passwords: bcrypt (cost 12). bcrypt reads at most 72 bytes, so longer passwords are refused
// rather than silently truncated.
import bcrypt from "bcryptjs";
import { z } from "zod";

const COST = 12;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX_BYTES = 72;

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((v) => Buffer.byteLength(v, "utf8") <= PASSWORD_MAX_BYTES, `Use at most ${PASSWORD_MAX_BYTES} bytes.`);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so an unknown account costs the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_BYTES) password = password.slice(0, 200);
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash("keydesk-no-such-user", COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
