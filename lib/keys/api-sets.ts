// API sets (scopes) a key can carry. Codes are what the API and the database speak; people see
// the labels.

export const API_SETS = [
  { code: "profile:read", label: "Read profile", description: "Who the key belongs to." },
  { code: "keys:read", label: "Read API keys", description: "List your API keys (never their secrets)." },
  { code: "keys:write", label: "Manage API keys", description: "Create and revoke your API keys." },
  { code: "webhooks:read", label: "Read webhooks", description: "List your webhooks and their deliveries." },
  { code: "webhooks:write", label: "Manage webhooks", description: "Create, change and delete your webhooks." },
  { code: "audit:read", label: "Read audit events", description: "Read the audit trail of your account." },
  { code: "keys:verify", label: "Verify API keys", description: "Ask Keydesk whether a key presented to your service is valid." },
] as const;

export type ApiSetCode = (typeof API_SETS)[number]["code"];

export const API_SET_CODES = API_SETS.map((s) => s.code) as [ApiSetCode, ...ApiSetCode[]];

const ORDER = new Map<string, number>(API_SET_CODES.map((code, i) => [code, i]));
const LABELS = new Map<string, string>(API_SETS.map((s) => [s.code, s.label]));

export function isApiSetCode(value: string): value is ApiSetCode {
  return ORDER.has(value);
}

export function apiSetLabel(code: string): string {
  return LABELS.get(code) ?? code;
}

/** Canonical stored form: known codes, de-duplicated, in catalogue order, space-separated. */
export function serializeApiSets(codes: readonly ApiSetCode[]): string {
  return [...new Set(codes)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0)).join(" ");
}

export function parseApiSets(stored: string): ApiSetCode[] {
  return stored.split(" ").filter(isApiSetCode);
}
