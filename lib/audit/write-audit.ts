// Audit rows are written inside the transaction of the change they describe, so a change and
// its record commit or fail together. Details never hold secrets: callers pass names, API sets
// and before/after values only, and the writer refuses anything that looks like a token.
import type { Tx } from "../db/client";
import { looksLikeToken } from "../keys/token";

export type RequestMeta = { ip: string | null; userAgent: string | null };

export const NO_REQUEST: RequestMeta = { ip: null, userAgent: null };

export type AuditAction =
  | "user.signed_in"
  | "user.sign_in_failed"
  | "user.created"
  | "key.issued"
  | "key.regenerated"
  | "key.revoked"
  | "api_access.enabled"
  | "api_access.disabled"
  | "user.updated"
  | "user.roles_changed"
  | "user.disabled"
  | "user.enabled"
  | "keys.cleared"
  | "role.created"
  | "role.updated"
  | "role.deleted"
  | "settings.updated";

export type AuditEntry = {
  actorId: string | null;
  action: AuditAction;
  targetUserId?: string | null;
  clientId?: string | null;
  details?: Record<string, unknown>;
};

const MAX_USER_AGENT = 300;

export async function writeAudit(tx: Tx, entry: AuditEntry, meta: RequestMeta): Promise<void> {
  const details = JSON.stringify(entry.details ?? {});
  if (looksLikeToken(details)) {
    // A token prefix in audit details is a programming error; refuse rather than store it.
    throw new Error(`audit details for ${entry.action} contain something that looks like a key`);
  }
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      clientId: entry.clientId ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      details,
    },
  });
}
