// The users list of /admin/users: newest first, searchable by name or email, numbered pages.
// The page's ids come from an index-only query; the rest is read for those 25 ids alone.

import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db } from "../db/client";
import { activeKeyWhere } from "../keys/status";
import { type Page, pageWindow, toPage } from "../pagination";
import { countUserSearch, normalizeSearch, searchUserIds } from "./search-users";

export const USERS_PAGE_SIZE = 25;

export type UserListRow = {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  apiAccess: boolean;
  roles: { id: string; name: string }[];
  activeKeys: number;
  lastSignInAt: string | null;
};

export async function listUsers(
  actor: Actor,
  query: { q?: string; page: number },
  now = new Date(),
): Promise<Page<UserListRow> & { q: string }> {
  requireAuthority(actor, "users:manage");
  const q = normalizeSearch(query.q);
  const { skip, take } = pageWindow(query.page, USERS_PAGE_SIZE);
  const [ids, total] = q
    ? await Promise.all([searchUserIds(q, skip, take), countUserSearch(q)])
    : await Promise.all([
        db.user
          .findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take, select: { id: true } })
          .then((rows) => rows.map((r) => r.id)),
        db.user.count(),
      ]);
  return { ...toPage(await userRows(ids, now), total, query.page, USERS_PAGE_SIZE), q };
}

async function userRows(ids: string[], now: Date): Promise<UserListRow[]> {
  if (ids.length === 0) return [];
  const [users, counts] = await Promise.all([
    db.user.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        name: true,
        email: true,
        disabled: true,
        apiAccess: true,
        lastSignInAt: true,
        roles: { select: { role: { select: { id: true, name: true } } } },
      },
    }),
    db.apiKey.groupBy({ by: ["userId"], where: { userId: { in: ids }, ...activeKeyWhere(now) }, _count: { _all: true } }),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const active = new Map(counts.map((c) => [c.userId, c._count._all]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    if (!u) return []; // deleted between the two queries
    return [
      {
        id: u.id,
        name: u.name,
        email: u.email,
        disabled: u.disabled,
        apiAccess: u.apiAccess,
        roles: u.roles.map((r) => r.role).sort((a, b) => a.name.localeCompare(b.name)),
        activeKeys: active.get(u.id) ?? 0,
        lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      },
    ];
  });
}
