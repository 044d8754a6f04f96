// A user's webhook subscriptions: create (the signing secret is returned once), change, switch
// On/Off, rotate the secret, delete, send a test event, redeliver, and the delivery log. Owners
// act on their own subscriptions only (another user's id is simply not found); holders of
// "Manage user API keys" may see any user's and switch one Off. Every change writes its audit
// row in its own transaction; audit rows and errors never carry the secret or the URL's query.
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Tx, transaction } from "../db/client";
import { KeydeskError, notFound } from "../errors";
import { DEFAULT_MAX_WEBHOOKS } from "../keys/policy";
import { appendEvent, RETRY_WINDOW_MS } from "./enqueue";
import { entitiesOf, parseEvents, serializeEvents, TEST_EVENT_TYPE, type WebhookEntity, type WebhookEventType } from "./events";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";
import { encryptSecret, generateWebhookSecret, ROTATION_OVERLAP_MS } from "./secrets";
import { auditableUrl, checkWebhookUrl, type UrlPolicy } from "./url-policy";

const DELIVERY_LOG_SIZE = 50;

type WebhookDisabledReason = "user" | "administrator" | "failing";

export type WebhookView = {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  entities: WebhookEntity[];
  enabled: boolean;
  disabledReason: WebhookDisabledReason | null;
  /** Who switched it Off, in words the owner reads. */
  disabledBy: string | null;
  disabledAt: string | null;
  expiringDays: number;
  createdAt: string;
  /** The previous secret still signs until then (after a rotation). */
  previousSecretUntil: string | null;
  lastDelivery: { at: string; status: number | null } | null;
  /** Events waiting to be delivered. */
  pending: number;
};

export type DeliveryAttemptView = {
  id: string;
  at: string;
  eventId: string;
  eventType: string;
  sequence: number;
  status: number | null;
  durationMs: number;
  error: string | null;
  response: string;
  /** The event's own state: delivered, failed (given up), or still being retried. */
  eventState: "delivered" | "failed" | "pending";
};

const viewSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  disabledById: true,
  disabledAt: true,
  expiringDays: true,
  createdAt: true,
  previousSecretUntil: true,
  lastDeliveryAt: true,
  lastDeliveryStatus: true,
} as const;

type ViewRow = {
  id: string;
  url: string;
  description: string;
  events: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledById: string | null;
  disabledAt: Date | null;
  expiringDays: number;
  createdAt: Date;
  previousSecretUntil: Date | null;
  lastDeliveryAt: Date | null;
  lastDeliveryStatus: number | null;
};

function disabledByText(row: ViewRow, names: Map<string, string>): string | null {
  if (row.enabled) return null;
  if (row.disabledReason === "failing") return "Keydesk, after 24 hours of failed deliveries";
  if (row.disabledReason === "administrator") {
    const name = row.disabledById ? names.get(row.disabledById) : undefined;
    return name ? `an administrator (${name})` : "an administrator";
  }
  return "you";
}

async function toViews(client: Tx | typeof db, rows: ViewRow[], now: Date): Promise<WebhookView[]> {
  const adminIds = [...new Set(rows.map((r) => r.disabledById).filter((id): id is string => !!id))];
  const names = new Map(
    adminIds.length
      ? (await client.user.findMany({ where: { id: { in: adminIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name])
      : [],
  );
  const pending = rows.length
    ? await client.webhookEvent.groupBy({
        by: ["subscriptionId"],
        where: { subscriptionId: { in: rows.map((r) => r.id) }, deliveredAt: null, failedAt: null },
        _count: { _all: true },
      })
    : [];
  const pendingBy = new Map(pending.map((p) => [p.subscriptionId, p._count._all]));
  return rows.map((row) => {
    const events = parseEvents(row.events);
    return {
      id: row.id,
      url: row.url,
      description: row.description,
      events,
      entities: entitiesOf(events),
      enabled: row.enabled,
      disabledReason: row.enabled ? null : ((row.disabledReason as WebhookDisabledReason | null) ?? "user"),
      disabledBy: disabledByText(row, names),
      disabledAt: row.disabledAt?.toISOString() ?? null,
      expiringDays: row.expiringDays,
      createdAt: row.createdAt.toISOString(),
      previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil.toISOString() : null,
      lastDelivery: row.lastDeliveryAt ? { at: row.lastDeliveryAt.toISOString(), status: row.lastDeliveryStatus } : null,
      pending: pendingBy.get(row.id) ?? 0,
    };
  });
}

async function toView(client: Tx | typeof db, row: ViewRow, now: Date): Promise<WebhookView> {
  const [view] = await toViews(client, [row], now);
  if (!view) throw new Error("unreachable: one row, one view");
  return view;
}

/** The user's subscriptions, oldest first. */
export async function listWebhooks(userId: string, now = new Date()): Promise<WebhookView[]> {
  const rows = await db.webhookSubscription.findMany({
    where: { userId },
    select: viewSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return toViews(db, rows, now);
}

export async function getWebhook(userId: string, id: string, now = new Date()): Promise<WebhookView | null> {
  const row = await db.webhookSubscription.findFirst({ where: { id, userId }, select: viewSelect });
  return row ? await toView(db, row, now) : null;
}

async function ownRow(tx: Tx, userId: string, id: string) {
  const row = await tx.webhookSubscription.findFirst({
    where: { id, userId },
    select: { ...viewSelect, userId: true, secretCipher: true },
  });
  if (!row) throw notFound("The webhook");
  return row;
}

/** Serialises one user's webhook writes (the limit holds under concurrency). */
async function lockUser(tx: Tx, userId: string) {
  try {
    await tx.user.update({ where: { id: userId }, data: { keysVersion: { increment: 1 } }, select: { id: true } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2025") throw notFound("The user");
    throw error;
  }
}

export async function webhookQuota(userId: string): Promise<{ count: number; max: number }> {
  const [count, policy] = await Promise.all([
    db.webhookSubscription.count({ where: { userId } }),
    db.policy.findUnique({ where: { id: 1 }, select: { maxWebhooks: true } }),
  ]);
  return { count, max: policy?.maxWebhooks ?? DEFAULT_MAX_WEBHOOKS };
}

export type CreatedWebhook = { webhook: WebhookView; secret: string };

export async function createWebhook(
  actor: Actor,
  input: CreateWebhookInput,
  meta: RequestMeta,
  options: { now?: Date; urlPolicy?: UrlPolicy } = {},
): Promise<CreatedWebhook> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  const url = await checkWebhookUrl(input.url, options.urlPolicy);
  const secret = generateWebhookSecret();
  return transaction(async (tx) => {
    await lockUser(tx, actor.id);
    const policy = await tx.policy.findUnique({ where: { id: 1 }, select: { maxWebhooks: true } });
    const max = policy?.maxWebhooks ?? DEFAULT_MAX_WEBHOOKS;
    if ((await tx.webhookSubscription.count({ where: { userId: actor.id } })) >= max) {
      throw new KeydeskError("conflict", `You already have ${max} webhooks, the most allowed. Delete one to add another.`);
    }
    const row = await tx.webhookSubscription.create({
      data: {
        userId: actor.id,
        url,
        description: input.description,
        events: serializeEvents(input.events),
        expiringDays: input.expiringDays,
        secretCipher: encryptSecret(secret),
        createdAt: now,
      },
      select: viewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.created",
        targetUserId: actor.id,
        details: { webhookId: row.id, url: auditableUrl(url), events: row.events },
      },
      meta,
    );
    return { webhook: await toView(tx, row, now), secret };
  });
}

export async function updateWebhook(
  actor: Actor,
  id: string,
  input: UpdateWebhookInput,
  meta: RequestMeta,
  options: { now?: Date; urlPolicy?: UrlPolicy } = {},
): Promise<WebhookView> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  const url = input.url !== undefined ? await checkWebhookUrl(input.url, options.urlPolicy) : undefined;
  return transaction(async (tx) => {
    const before = await ownRow(tx, actor.id, id);
    const data: Record<string, unknown> = {};
    if (url !== undefined) data.url = url;
    if (input.description !== undefined) data.description = input.description;
    if (input.events !== undefined) data.events = serializeEvents(input.events);
    if (input.expiringDays !== undefined) data.expiringDays = input.expiringDays;
    const enabled = input.enabled;
    const switching = enabled !== undefined && enabled !== before.enabled;
    if (switching) Object.assign(data, enabledChange(enabled, actor.id, now));
    const row = await tx.webhookSubscription.update({ where: { id }, data, select: viewSelect });
    const changedFields = Object.keys(data).filter((k) => !["disabledReason", "disabledById", "disabledAt", "failingSince"].includes(k));
    if (changedFields.some((k) => k !== "enabled")) {
      await writeAudit(
        tx,
        {
          actorId: actor.id,
          action: "webhook.updated",
          targetUserId: actor.id,
          details: { webhookId: id, url: auditableUrl(row.url), fields: changedFields.filter((k) => k !== "enabled") },
        },
        meta,
      );
    }
    if (switching) {
      await writeAudit(
        tx,
        {
          actorId: actor.id,
          action: input.enabled ? "webhook.enabled" : "webhook.disabled",
          targetUserId: actor.id,
          details: { webhookId: id, url: auditableUrl(row.url), reason: input.enabled ? undefined : "user" },
        },
        meta,
      );
    }
    return await toView(tx, row, now);
  });
}

function enabledChange(enabled: boolean, actorId: string, now: Date) {
  return enabled
    ? { enabled: true, disabledReason: null, disabledById: null, disabledAt: null, failingSince: null }
    : { enabled: false, disabledReason: "user", disabledById: actorId, disabledAt: now };
}

export async function setWebhookEnabled(actor: Actor, id: string, enabled: boolean, meta: RequestMeta): Promise<WebhookView> {
  return updateWebhook(actor, id, { enabled }, meta);
}

export async function deleteWebhook(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
  requireAuthority(actor, "keys:use");
  await transaction(async (tx) => {
    const row = await ownRow(tx, actor.id, id);
    await tx.webhookSubscription.delete({ where: { id: row.id } });
    await writeAudit(
      tx,
      { actorId: actor.id, action: "webhook.deleted", targetUserId: actor.id, details: { webhookId: id, url: auditableUrl(row.url) } },
      meta,
    );
  });
}

/** A new secret, returned once; the old one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(
  actor: Actor,
  id: string,
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<CreatedWebhook> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  const secret = generateWebhookSecret();
  return transaction(async (tx) => {
    const before = await ownRow(tx, actor.id, id);
    const row = await tx.webhookSubscription.update({
      where: { id },
      data: {
        secretCipher: encryptSecret(secret),
        previousSecretCipher: before.secretCipher,
        previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS),
      },
      select: viewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.secret_rotated",
        targetUserId: actor.id,
        details: { webhookId: id, url: auditableUrl(row.url) },
      },
      meta,
    );
    return { webhook: await toView(tx, row, now), secret };
  });
}

/** Queues a webhook.test event for this one subscription (signed and logged like any other). */
export async function sendTestEvent(actor: Actor, id: string, options: { now?: Date } = {}) {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    const row = await ownRow(tx, actor.id, id);
    if (!row.enabled) throw new KeydeskError("conflict", "This webhook is off. Switch it on to send a test event.");
    const event = await appendEvent(
      tx,
      row.id,
      TEST_EVENT_TYPE,
      { webhook: { id: row.id }, message: "A test event sent from Keydesk.", actor: { type: "user", id: actor.id } },
      { now },
    );
    return { eventId: event.id, sequence: event.seq };
  });
}

/** Sends an event again: it goes back to the queue, in its place in the sequence. */
export async function redeliverEvent(actor: Actor, id: string, eventId: string, options: { now?: Date } = {}) {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    const row = await ownRow(tx, actor.id, id);
    const event = await tx.webhookEvent.findFirst({ where: { id: eventId, subscriptionId: row.id } });
    if (!event) throw notFound("The delivery");
    if (!event.deliveredAt && !event.failedAt) {
      throw new KeydeskError("conflict", "This event is still queued; Keydesk is already delivering it.");
    }
    await tx.webhookEvent.update({
      where: { id: event.id },
      data: {
        deliveredAt: null,
        failedAt: null,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
        claimedBy: null,
        claimedUntil: null,
      },
    });
    return { eventId: event.id, sequence: event.seq };
  });
}

/** The last attempts of one of the user's subscriptions, newest first. */
export async function listDeliveryAttempts(userId: string, id: string, limit = DELIVERY_LOG_SIZE): Promise<DeliveryAttemptView[] | null> {
  const sub = await db.webhookSubscription.findFirst({ where: { id, userId }, select: { id: true } });
  if (!sub) return null;
  const rows = await db.webhookAttempt.findMany({
    where: { subscriptionId: sub.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), DELIVERY_LOG_SIZE),
    include: { event: { select: { type: true, seq: true, deliveredAt: true, failedAt: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    eventId: r.eventId,
    eventType: r.event.type,
    sequence: r.event.seq,
    status: r.status,
    durationMs: r.durationMs,
    error: r.error,
    response: r.response,
    eventState: r.event.deliveredAt ? "delivered" : r.event.failedAt ? "failed" : "pending",
  }));
}

/** An administrator (Manage user API keys) switching one of a user's webhooks Off. */
export async function adminDisableWebhook(
  actor: Actor,
  input: { userId: string; id: string },
  meta: RequestMeta,
  options: { now?: Date } = {},
): Promise<WebhookView> {
  requireAuthority(actor, "keys:manage");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    const before = await ownRow(tx, input.userId, input.id);
    if (!before.enabled) return await toView(tx, before, now);
    const row = await tx.webhookSubscription.update({
      where: { id: before.id },
      data: { enabled: false, disabledReason: "administrator", disabledById: actor.id, disabledAt: now },
      select: viewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.disabled",
        targetUserId: input.userId,
        details: { webhookId: row.id, url: auditableUrl(row.url), reason: "administrator" },
      },
      meta,
    );
    return await toView(tx, row, now);
  });
}
