// Reading the audit log: every event for holders of "View audit log" (/admin/audit), and each
// user's own events - those about their account - on their profile. Newest first from the
// (at, id) indexes, one of which matches each filter; details are read for the page's rows only.
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Prisma } from "../db/client";
import { type ListPosition, type Page, pageWindow, toPage } from "../pagination";
import { emailSchema } from "../users/normalize";
import { describeAuditDetails } from "./describe";
import { auditActionLabel } from "./labels";
import type { AuditFilters } from "./schemas";

export const AUDIT_PAGE_SIZE = 50;
/** The log only grows: past this many matching events the page says "10,000+" instead of counting them all. */
const AUDIT_COUNT_CAP = 10_000;

type Person = { id: string; name: string; email: string };

export type AuditRow = {
  id: number;
  at: string;
  action: string;
  actionLabel: string;
  actorId: string | null;
  actor: Person | null;
  targetUserId: string | null;
  target: Person | null;
  clientId: string | null;
  ip: string | null;
  userAgent: string | null;
  summary: string;
};

export type AuditPage = Page<AuditRow> & { fieldErrors: Partial<Record<"actor" | "target", string>> };

/** A filter naming a person: an email address, or a user id as the links from user pages use. */
async function resolvePerson(value: string | undefined): Promise<{ id?: string; error?: string }> {
  if (!value) return {};
  if (value.includes("@")) {
    const email = emailSchema.safeParse(value);
    if (!email.success) return { error: email.error.issues[0].message };
    const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true } });
    return user ? { id: user.id } : { error: "No user has this email." };
  }
  if (value.length > 64) return { error: "Enter an email address." };
  const user = await db.user.findUnique({ where: { id: value }, select: { id: true } });
  return user ? { id: user.id } : { error: "No user has this email or id." };
}

export async function listAuditEvents(actor: Actor, filters: AuditFilters, page: number): Promise<AuditPage> {
  requireAuthority(actor, "audit:view");
  const [actorRef, targetRef] = await Promise.all([resolvePerson(filters.actor), resolvePerson(filters.target)]);
  const fieldErrors = { ...(actorRef.error ? { actor: actorRef.error } : {}), ...(targetRef.error ? { target: targetRef.error } : {}) };
  if (actorRef.error || targetRef.error) return { ...toPage([], 0, page, AUDIT_PAGE_SIZE), fieldErrors };

  const where: Prisma.AuditEventWhereInput = {};
  if (actorRef.id) where.actorId = actorRef.id;
  if (targetRef.id) where.targetUserId = targetRef.id;
  if (filters.action) where.action = filters.action;
  if (filters.from || filters.to) where.at = dayRange(filters.from, filters.to);
  return { ...(await auditPage(where, page)), fieldErrors };
}

/** From the start of UTC day `from` to the end of UTC day `to` (YYYY-MM-DD, both included). */
function dayRange(from: string | undefined, to: string | undefined): Prisma.DateTimeFilter {
  return {
    ...(from ? { gte: new Date(`${from}T00:00:00.000Z`) } : {}),
    ...(to ? { lt: new Date(new Date(`${to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
  };
}

/**
 * The signed-in user's own events: everything recorded about their account. Where someone
 * else acted (an administrator), the user sees who by name, but not that person's email, IP
 * address or browser.
 */
export async function listOwnAuditEvents(actor: Actor, page: number): Promise<Page<AuditRow>> {
  const result = await auditPage({ targetUserId: actor.id }, page);
  return { ...result, rows: result.rows.map((row) => asSeenByOwner(row, actor.id)) };
}

/** What the owner of the account sees of a row: of someone else who acted, only their name. */
function asSeenByOwner(row: AuditRow, ownerId: string): AuditRow {
  return row.actorId && row.actorId !== ownerId
    ? { ...row, actor: row.actor ? { ...row.actor, email: "" } : null, ip: null, userAgent: null }
    : row;
}

export type OwnAuditQuery = {
  action?: string;
  /** UTC days, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  /** Continue after this row (the last one of the previous page). */
  after?: ListPosition;
  limit: number;
};

/**
 * The owner's own events (as on Profile → Activity) for the API: newest first, `limit` at a
 * time, each page continuing strictly after the previous one's last row by (at, id), so events
 * recorded meanwhile neither shift nor repeat a page. `next` is the position to continue after,
 * or null on the last page.
 */
export async function listOwnAuditEventsAfter(
  ownerId: string,
  query: OwnAuditQuery,
): Promise<{ rows: AuditRow[]; next: ListPosition | null }> {
  const conditions: Prisma.AuditEventWhereInput[] = [{ targetUserId: ownerId }];
  if (query.action) conditions.push({ action: query.action });
  if (query.from || query.to) conditions.push({ at: dayRange(query.from, query.to) });
  if (query.after) {
    const { at, id } = query.after;
    conditions.push({ OR: [{ at: { lt: at } }, { at, id: { lt: id } }] });
  }
  const ids = await db.auditEvent
    .findMany({ where: { AND: conditions }, orderBy: [{ at: "desc" }, { id: "desc" }], take: query.limit + 1, select: { id: true } })
    .then((found) => found.map((r) => r.id));
  const rows = (await auditRows(ids.slice(0, query.limit))).map((row) => asSeenByOwner(row, ownerId));
  const last = rows.at(-1);
  return { rows, next: ids.length > query.limit && last ? { at: new Date(last.at), id: last.id } : null };
}

async function auditPage(where: Prisma.AuditEventWhereInput, page: number): Promise<Page<AuditRow>> {
  const { skip, take } = pageWindow(page, AUDIT_PAGE_SIZE);
  const [ids, total] = await Promise.all([
    db.auditEvent
      .findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take, select: { id: true } })
      .then((rows) => rows.map((r) => r.id)),
    // In the index's own order, so the capped count reads the first 10,000 entries and sorts nothing.
    db.auditEvent.count({ where, take: AUDIT_COUNT_CAP, orderBy: [{ at: "desc" }, { id: "desc" }] }),
  ]);
  return toPage(await auditRows(ids), total, page, AUDIT_PAGE_SIZE, AUDIT_COUNT_CAP);
}

/** The rows of events `ids`, newest first, with the people they name. */
async function auditRows(ids: number[]): Promise<AuditRow[]> {
  if (ids.length === 0) return [];
  const events = await db.auditEvent.findMany({ where: { id: { in: ids } }, orderBy: [{ at: "desc" }, { id: "desc" }] });
  const personIds = [...new Set(events.flatMap((e) => [e.actorId, e.targetUserId]).filter((v): v is string => v !== null))];
  const people = await db.user.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true, email: true } });
  const person = new Map(people.map((p) => [p.id, p]));
  return events.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actionLabel: auditActionLabel(e.action),
    actorId: e.actorId,
    actor: e.actorId ? (person.get(e.actorId) ?? null) : null,
    targetUserId: e.targetUserId,
    target: e.targetUserId ? (person.get(e.targetUserId) ?? null) : null,
    clientId: e.clientId,
    ip: e.ip,
    userAgent: e.userAgent,
    summary: describeAuditDetails(e.action, e.details),
  }));
}
