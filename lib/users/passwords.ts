// Passwords: bcrypt (cost 12), server side. The rules for new passwords are in
// password-rules.ts, which forms share.
import bcrypt from "bcryptjs";
import { PASSWORD_MAX_BYTES, utf8Length } from "./password-rules";

export { newPasswordSchema } from "./password-rules";

const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so an unknown account costs the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (utf8Length(password) > PASSWORD_MAX_BYTES) password = password.slice(0, 200);
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash("keydesk-no-such-user", COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
