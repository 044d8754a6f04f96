// Audit rows are written inside the transaction of the change they describe, so a change and
// its record commit or fail together. Details never hold secrets: callers pass names, API sets
// and before/after values only, and the writer masks anything that looks like a token.
import type { Tx } from "../db/client";
import { redactTokens } from "../keys/token-shape";

export type RequestMeta = { ip: string | null; userAgent: string | null };

export const NO_REQUEST: RequestMeta = { ip: null, userAgent: null };

export type AuditAction =
  | "user.signed_in"
  | "user.sign_in_failed"
  | "user.sign_in_throttled"
  | "user.signed_out"
  | "user.session_ended"
  | "user.sessions_ended"
  | "user.password_changed"
  | "user.password_reset"
  | "user.created"
  | "key.issued"
  | "key.regenerated"
  | "key.revoked"
  | "key.leaked"
  | "key.revoked_unused"
  | "key.grace_ended"
  | "key.deactivated"
  | "key.activated"
  | "key.edited"
  | "api_access.enabled"
  | "api_access.disabled"
  | "user.updated"
  | "user.roles_changed"
  | "user.disabled"
  | "user.enabled"
  | "keys.cleared"
  | "keys.exported"
  | "role.created"
  | "role.updated"
  | "role.deleted"
  | "settings.updated"
  | "webhook.created"
  | "webhook.updated"
  | "webhook.deleted"
  | "webhook.secret_rotated"
  | "webhook.enabled"
  | "webhook.disabled";

export type AuditEntry = {
  actorId: string | null;
  action: AuditAction;
  targetUserId?: string | null;
  clientId?: string | null;
  details?: Record<string, unknown>;
};

const MAX_USER_AGENT = 300;

export async function writeAudit(tx: Tx, entry: AuditEntry, meta: RequestMeta): Promise<void> {
  // Forms refuse key-shaped text in names; anything that still looks like a key (an old name,
  // a user agent) is masked rather than stored, and the change itself goes ahead.
  const details = redactTokens(JSON.stringify(entry.details ?? {}));
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      clientId: entry.clientId ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent ? redactTokens(meta.userAgent).slice(0, MAX_USER_AGENT) : null,
      details,
    },
  });
}
