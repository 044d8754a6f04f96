// The administration pages and the authority each needs. The navigation shows a page only to
// holders of its authority; the page itself refuses everyone else on the server.
import type { Authority } from "../auth/authorities";

export type AdminPage = { href: string; label: string; authority: Authority };

const ADMIN_PAGES: readonly AdminPage[] = [
  { href: "/admin/users", label: "Users", authority: "users:manage" },
  { href: "/admin/api-access", label: "API management", authority: "keys:manage" },
  { href: "/admin/keys", label: "All keys", authority: "keys:manage" },
  { href: "/admin/roles", label: "Roles", authority: "roles:manage" },
  { href: "/admin/settings", label: "Settings", authority: "settings:manage" },
  { href: "/admin/audit", label: "Audit log", authority: "audit:view" },
];

export function adminPagesFor(authorities: ReadonlySet<Authority>): AdminPage[] {
  return ADMIN_PAGES.filter((p) => authorities.has(p.authority));
}
