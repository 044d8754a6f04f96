// A one-line, human summary of an audit row's details (which never hold secrets).
import { apiSetLabel } from "../keys/api-sets";

type Details = Record<string, unknown>;

function list(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.map(String).join(", ") : "none";
}

function changes(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Details;
  const a = (after ?? {}) as Details;
  return Object.keys(a)
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map(
      (k) => `${k}: ${Array.isArray(b[k]) ? list(b[k]) : String(b[k] ?? "-")} → ${Array.isArray(a[k]) ? list(a[k]) : String(a[k] ?? "-")}`,
    )
    .join("; ");
}

export function describeAuditDetails(action: string, raw: string): string {
  let d: Details;
  try {
    d = JSON.parse(raw) as Details;
  } catch {
    return "";
  }
  switch (action) {
    case "user.created":
      return `${d.email ?? ""}; roles: ${list(d.roles)}${d.passwordGenerated ? "; password generated" : ""}`;
    case "user.updated":
    case "role.updated":
    case "settings.updated":
      return [d.role ? `${d.role}` : "", changes(d.before, d.after)].filter(Boolean).join(": ");
    case "user.roles_changed":
      return `${list(d.before)} → ${list(d.after)}`;
    case "user.sign_in_failed":
      return d.reason === "disabled"
        ? "account disabled"
        : d.reason === "unknown account"
          ? "no account with that email"
          : "wrong password";
    case "key.issued":
      return `${d.name ?? ""}; ${typeof d.apiSets === "string" ? d.apiSets.split(" ").map(apiSetLabel).join(", ") : ""}`;
    case "key.regenerated":
      return `${d.name ?? ""}; replaces ${d.replacedClientId ?? "?"}${d.grace && d.grace !== "none" ? `; old secret valid ${d.grace}` : ""}`;
    case "key.revoked":
    case "key.deactivated":
    case "key.activated":
      return `${d.name ?? ""}`;
    case "key.edited":
      return [d.name ? `${d.name}` : "", changes(d.before, d.after)].filter(Boolean).join(": ");
    case "key.revoked_unused":
      return `${d.name ?? ""}; unused for ${d.days ?? "?"} days`;
    case "key.leaked":
      return `${d.name ?? ""}${typeof d.url === "string" && d.url ? `; found at ${d.url}` : ""}`;
    case "key.grace_ended":
      return `${d.name ?? ""}${typeof d.graceUntil === "string" ? `; was valid until ${d.graceUntil.slice(0, 16).replace("T", " ")} UTC` : ""}`;
    case "keys.cleared":
      return `${d.revoked ?? 0} ${d.revoked === 1 ? "key" : "keys"} revoked${d.apiAccessWasOn ? "; API access turned off" : ""}`;
    case "role.created":
    case "role.deleted":
      return `${d.role ?? ""}; ${list(d.authorities)}${typeof d.holders === "number" ? `; held by ${d.holders}` : ""}`;
    case "webhook.created":
    case "webhook.updated":
    case "webhook.deleted":
    case "webhook.secret_rotated":
    case "webhook.enabled":
      return `${d.url ?? ""}`;
    case "webhook.disabled":
      return `${d.url ?? ""}${d.reason === "failing" ? "; deliveries failed for 24 hours" : d.reason === "administrator" ? "; by an administrator" : ""}`;
    default:
      return "";
  }
}
