// First start: when no user holds the Admin role (a fresh install, or one where only demo data was
// loaded), create one administrator. Its password comes from
// KEYDESK_ADMIN_PASSWORD or is generated, and is returned once for the start script to print.
import { NO_REQUEST } from "../audit/write-audit";
import { ADMIN_ROLE_ID } from "../auth/authorities";
import { db } from "../db/client";
import { isKeydeskError } from "../errors";
import { randomBase62 } from "../keys/token";
import { createUser } from "./create-user";
import { emailSchema } from "./normalize";
import { newPasswordSchema } from "./passwords";

export type BootstrapResult = { created: false } | { created: true; email: string; password: string; passwordGenerated: boolean };

export async function bootstrapAdmin(
  env: { KEYDESK_ADMIN_EMAIL?: string; KEYDESK_ADMIN_PASSWORD?: string } = {
    KEYDESK_ADMIN_EMAIL: process.env.KEYDESK_ADMIN_EMAIL,
    KEYDESK_ADMIN_PASSWORD: process.env.KEYDESK_ADMIN_PASSWORD,
  },
): Promise<BootstrapResult> {
  if ((await db.userRole.count({ where: { roleId: ADMIN_ROLE_ID } })) > 0) return { created: false };
  const email = emailSchema.safeParse(env.KEYDESK_ADMIN_EMAIL ?? "admin@keydesk.local");
  if (!email.success) throw new Error(`KEYDESK_ADMIN_EMAIL: ${email.error.issues[0].message}`);
  const given = env.KEYDESK_ADMIN_PASSWORD;
  if (given !== undefined) {
    const ok = newPasswordSchema.safeParse(given);
    if (!ok.success) throw new Error(`KEYDESK_ADMIN_PASSWORD: ${ok.error.issues[0].message}`);
  }
  const password = given ?? randomBase62(20);
  try {
    await createUser(null, { email: email.data, name: "Administrator", password, roleIds: [ADMIN_ROLE_ID] }, NO_REQUEST);
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (isKeydeskError(error) && error.code === "conflict") return { created: false };
    throw error;
  }
  return { created: true, email: email.data, password, passwordGenerated: given === undefined };
}
