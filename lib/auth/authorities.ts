// Rights come from roles; a role is a set of authorities. The built-in Admin role always holds
// every authority, including ones added in later versions.

export const AUTHORITIES = [
  { code: "keys:use", label: "Use API keys", description: "See the API keys tab and issue keys for yourself." },
  { code: "keys:manage", label: "Manage user API keys", description: "See, revoke and clear other users' keys and webhooks." },
  { code: "users:manage", label: "Manage users", description: "Create, edit and disable users." },
  { code: "roles:manage", label: "Manage roles", description: "Create and change roles." },
  { code: "settings:manage", label: "Manage settings", description: "Change the key and webhook policy." },
  { code: "audit:view", label: "View audit log", description: "Read every audit event." },
] as const;

export type Authority = (typeof AUTHORITIES)[number]["code"];

export const ALL_AUTHORITIES = AUTHORITIES.map((a) => a.code) as Authority[];
export const ADMIN_ROLE_ID = "role_admin";
export const MEMBER_ROLE_ID = "role_member";

const KNOWN = new Set<string>(ALL_AUTHORITIES);

export function isAuthority(value: string): value is Authority {
  return KNOWN.has(value);
}

export function roleAuthorities(role: { id: string; authorities: string }): Authority[] {
  if (role.id === ADMIN_ROLE_ID) return ALL_AUTHORITIES;
  return role.authorities.split(" ").filter(isAuthority);
}

export function authoritiesOf(roles: { id: string; authorities: string }[]): Set<Authority> {
  return new Set(roles.flatMap(roleAuthorities));
}
