// Reading the audit log: every event for holders of "View audit log" (/admin/audit), and each
// user's own events - those about their account - on their profile. Newest first from the
// (at, id) indexes, one of which matches each filter; details are read for the page's rows only.
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Prisma } from "../db/client";
import { type Page, pageWindow, toPage } from "../pagination";
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
  if (filters.from || filters.to) {
    where.at = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00.000Z`) } : {}),
      ...(filters.to ? { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
    };
  }
  return { ...(await auditPage(where, page)), fieldErrors };
}

/**
 * The signed-in user's own events: everything recorded about their account. Where someone
 * else acted (an administrator), the user sees who by name, but not that person's email, IP
 * address or browser.
 */
export async function listOwnAuditEvents(actor: Actor, page: number): Promise<Page<AuditRow>> {
  const result = await auditPage({ targetUserId: actor.id }, page);
  return {
    ...result,
    rows: result.rows.map((row) =>
      row.actorId && row.actorId !== actor.id
        ? { ...row, actor: row.actor ? { ...row.actor, email: "" } : null, ip: null, userAgent: null }
        : row,
    ),
  };
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
  if (ids.length === 0) return toPage([], total, page, AUDIT_PAGE_SIZE, AUDIT_COUNT_CAP);
  const events = await db.auditEvent.findMany({ where: { id: { in: ids } }, orderBy: [{ at: "desc" }, { id: "desc" }] });
  const personIds = [...new Set(events.flatMap((e) => [e.actorId, e.targetUserId]).filter((v): v is string => v !== null))];
  const people = await db.user.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true, email: true } });
  const person = new Map(people.map((p) => [p.id, p]));
  const rows = events.map((e) => ({
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
  return toPage(rows, total, page, AUDIT_PAGE_SIZE, AUDIT_COUNT_CAP);
}
