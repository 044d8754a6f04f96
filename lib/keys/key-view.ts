// What the console and the API show of a key: everything but the secret (and its hash).
import type { Prisma } from "../db/generated/sqlite/client";
import { type ApiSetCode, parseApiSets } from "./api-sets";
import { allowlistEntries } from "./ip-allowlist";
import { perOf, type RateLimitPer, rateLimitFromColumns } from "./rate-limit";
import { type KeyStatus, keyStatus } from "./status";

function rateLimitView(requests: number | null, windowSeconds: number | null): ApiKeyView["rateLimit"] {
  const limit = rateLimitFromColumns(requests, windowSeconds);
  return limit && { requests: limit.requests, per: perOf(limit) };
}

export const keyViewSelect = {
  id: true,
  clientId: true,
  userId: true,
  name: true,
  description: true,
  secretHint: true,
  apiSets: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedReason: true,
  replacedById: true,
  lastUsedAt: true,
  lastUsedIp: true,
  deactivatedAt: true,
  ipAllowlist: true,
  rateLimitRequests: true,
  rateLimitWindowSeconds: true,
  leakUrl: true,
} satisfies Prisma.ApiKeySelect;

export type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof keyViewSelect }>;

export type ApiKeyView = {
  id: string;
  clientId: string;
  name: string;
  description: string;
  secretHint: string;
  apiSets: ApiSetCode[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  /** Regenerated: a newer key replaced this one (it may still work until expiresAt). */
  replaced: boolean;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  status: KeyStatus;
  deactivatedAt: string | null;
  /** Canonical CIDR ranges the key may be used from; empty: any address. */
  ipAllowlist: string[];
  /** Requests allowed per second or minute; null: no limit of its own. */
  rateLimit: { requests: number; per: RateLimitPer } | null;
  /** Revoked because a leak report named it: where it was found (may be empty). */
  leakUrl: string | null;
};

export function toKeyView(row: KeyRow, now: Date): ApiKeyView {
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    description: row.description,
    secretHint: row.secretHint,
    apiSets: parseApiSets(row.apiSets),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
    replaced: row.replacedById !== null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
    status: keyStatus(row, now),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    ipAllowlist: allowlistEntries(row.ipAllowlist),
    rateLimit: rateLimitView(row.rateLimitRequests, row.rateLimitWindowSeconds),
    leakUrl: row.leakUrl,
  };
}
