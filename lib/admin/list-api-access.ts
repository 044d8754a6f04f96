// API management (/admin/api-access): the users whose API access is on - who holds working keys,
// since when, and when and from where they were last used - filterable by role, key age, last
// use and coming expiry. Users are listed newest first from the (apiAccess, createdAt, id)
// index; the filters are per-user probes of ApiKey indexes; key details are read for the page's
// users only.
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Prisma } from "../db/client";
import { DAY_MS } from "../keys/expiry";
import { activeKeyWhere } from "../keys/status";
import { type Page, pageWindow, toPage } from "../pagination";
import type { ApiAccessFilters } from "./schemas";

const API_ACCESS_PAGE_SIZE = 25;

export type ApiAccessRow = {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  roles: { id: string; name: string }[];
  activeKeys: number;
  oldestKeyCreatedAt: string | null;
  nextExpiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
};

function apiAccessWhere(filters: ApiAccessFilters, now: Date): Prisma.UserWhereInput {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const and: Prisma.UserWhereInput[] = [];
  if (filters.role) and.push({ roles: { some: { roleId: filters.role } } });
  if (filters.keyAge) {
    and.push({ apiKeys: { some: { ...activeKeyWhere(now), createdAt: { lte: daysAgo(Number(filters.keyAge)) } } } });
  }
  if (filters.expiring !== undefined) {
    and.push({
      apiKeys: { some: { ...activeKeyWhere(now), expiresAt: { gt: now, lte: new Date(now.getTime() + filters.expiring * DAY_MS) } } },
    });
  }
  switch (filters.lastUse) {
    case "1d":
    case "7d":
    case "30d":
      and.push({ apiKeys: { some: { lastUsedAt: { gte: daysAgo(Number.parseInt(filters.lastUse, 10)) } } } });
      break;
    case "idle30":
    case "idle90":
      and.push({ apiKeys: { none: { lastUsedAt: { gte: daysAgo(Number(filters.lastUse.slice(4))) } } } });
      break;
    case "never":
      and.push({ apiKeys: { none: { lastUsedAt: { not: null } } } });
      break;
  }
  return and.length > 0 ? { apiAccess: true, AND: and } : { apiAccess: true };
}

export async function listApiAccess(actor: Actor, filters: ApiAccessFilters, page: number, now = new Date()): Promise<Page<ApiAccessRow>> {
  requireAuthority(actor, "keys:manage");
  const where = apiAccessWhere(filters, now);
  const { skip, take } = pageWindow(page, API_ACCESS_PAGE_SIZE);
  const [ids, total] = await Promise.all([
    db.user
      .findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take, select: { id: true } })
      .then((rows) => rows.map((r) => r.id)),
    db.user.count({ where }),
  ]);
  return toPage(await accessRows(ids, now), total, page, API_ACCESS_PAGE_SIZE);
}

async function accessRows(ids: string[], now: Date): Promise<ApiAccessRow[]> {
  if (ids.length === 0) return [];
  const [users, working, used] = await Promise.all([
    db.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, email: true, disabled: true, roles: { select: { role: { select: { id: true, name: true } } } } },
    }),
    db.apiKey.findMany({
      where: { userId: { in: ids }, ...activeKeyWhere(now) },
      select: { userId: true, createdAt: true, expiresAt: true },
    }),
    // Every key of these users that was ever used (any status): the latest use, and where from.
    db.apiKey.findMany({
      where: { userId: { in: ids }, lastUsedAt: { not: null } },
      select: { userId: true, lastUsedAt: true, lastUsedIp: true },
    }),
  ]);
  const lastUse = new Map<string, (typeof used)[number]>();
  for (const k of used) {
    const seen = lastUse.get(k.userId);
    if (!seen || (k.lastUsedAt?.getTime() ?? 0) > (seen.lastUsedAt?.getTime() ?? 0)) lastUse.set(k.userId, k);
  }
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    if (!u) return [];
    const keys = working.filter((k) => k.userId === id);
    const min = (dates: Date[]) => (dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))).toISOString() : null);
    const last = lastUse.get(id);
    return [
      {
        id,
        name: u.name,
        email: u.email,
        disabled: u.disabled,
        roles: u.roles.map((r) => r.role).sort((a, b) => a.name.localeCompare(b.name)),
        activeKeys: keys.length,
        oldestKeyCreatedAt: min(keys.map((k) => k.createdAt)),
        nextExpiresAt: min(keys.map((k) => k.expiresAt)),
        lastUsedAt: last?.lastUsedAt?.toISOString() ?? null,
        lastUsedIp: last?.lastUsedIp ?? null,
      },
    ];
  });
}
