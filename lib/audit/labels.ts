// What people read for each audit action (the codes stay in the database and the API).
import type { AuditAction } from "./write-audit";

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "user.signed_in": "Signed in",
  "user.sign_in_failed": "Sign-in failed",
  "user.sign_in_throttled": "Sign-in refused: too many failures",
  "user.signed_out": "Signed out",
  "user.session_ended": "Session signed out from Profile → Sessions",
  "user.sessions_ended": "Sessions ended by an administrator",
  "user.password_changed": "Password changed",
  "user.password_reset": "Password reset by an administrator",
  "user.created": "User created",
  "user.updated": "User profile changed",
  "user.roles_changed": "Roles changed",
  "user.disabled": "User disabled",
  "user.enabled": "User enabled",
  "key.issued": "API key issued",
  "key.regenerated": "API key regenerated",
  "key.revoked": "API key revoked",
  "key.leaked": "API key reported as leaked and revoked",
  "key.revoked_unused": "API key revoked after going unused",
  "key.grace_ended": "Old secret stopped (grace period ended early)",
  "key.deactivated": "API key deactivated",
  "key.activated": "API key activated",
  "key.edited": "API key edited",
  "keys.cleared": "API keys cleared",
  "keys.exported": "Credential report exported",
  "api_access.enabled": "API access turned on",
  "api_access.disabled": "API access turned off",
  "role.created": "Role created",
  "role.updated": "Role changed",
  "role.deleted": "Role deleted",
  "settings.updated": "Settings changed",
  "webhook.created": "Webhook created",
  "webhook.updated": "Webhook changed",
  "webhook.deleted": "Webhook deleted",
  "webhook.secret_rotated": "Webhook secret rotated",
  "webhook.enabled": "Webhook switched on",
  "webhook.disabled": "Webhook switched off",
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action;
}
