// Writing events to the outbox, inside the transaction of the change they report: the rows
// commit with the change or not at all, so a receiver never hears of a change that did not
// happen and never misses one that did. Each subscription of the user that wants the event type
// gets its own row with the next number of its sequence. Payloads name keys and people, never a
// secret.

import { randomBytes } from "node:crypto";
import type { Actor } from "../auth/actor";
import { afterCommit, beforeCommit, dbProvider, Prisma, type Tx } from "../db/client";
import type { ApiKeyView } from "../keys/key-view";
import type { TEST_EVENT_TYPE, WebhookEventType } from "./events";

/** How long an event is retried before Keydesk gives up on it. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WebhookActor = { type: "user"; id: string } | { type: "administrator" };

/** Who acted, as a receiver is told: the user themselves, or (unnamed) an administrator. */
export function webhookActor(actor: Pick<Actor, "id"> | null, ownerId: string): WebhookActor {
  return actor && actor.id === ownerId ? { type: "user", id: ownerId } : { type: "administrator" };
}

export function keyPayload(key: Pick<ApiKeyView, "clientId" | "name" | "apiSets" | "expiresAt" | "status">) {
  return { clientId: key.clientId, name: key.name, apiSets: [...key.apiSets], expiresAt: key.expiresAt, status: key.status };
}

export type EventData = Record<string, unknown>;

type Queued = () => void;
const registry = globalThis as unknown as { keydeskWebhookWakers?: Set<Queued> };
if (!registry.keydeskWebhookWakers) registry.keydeskWebhookWakers = new Set();
const wakers = registry.keydeskWebhookWakers;

/** PostgreSQL channel a NOTIFY is sent on when new rows commit: workers in other processes LISTEN. */
export const WEBHOOK_CHANNEL = "keydesk_webhook_queued";

/** Lets an in-process worker start on new rows at once instead of at its next poll. */
export function onWebhookQueued(listener: () => void): () => void {
  wakers.add(listener);
  return () => wakers.delete(listener);
}

/**
 * Wakes the workers once `tx` commits (never when it rolls back): those of this process by a
 * hook after the commit, those of other processes on PostgreSQL by a NOTIFY sent inside the
 * transaction, which the server delivers only on commit. Once per transaction.
 */
async function wake(tx: Tx): Promise<void> {
  afterCommit(tx, () => {
    for (const listener of wakers) listener();
  });
  if (dbProvider !== "postgresql") return;
  const notify = async () => {
    await tx.$executeRaw`SELECT pg_notify(${WEBHOOK_CHANNEL}, '')`;
  };
  if (!beforeCommit(tx, "webhook-notify", notify)) await notify();
}

type EventType = WebhookEventType | typeof TEST_EVENT_TYPE;

const timestamp = (iso: string) => (dbProvider === "postgresql" ? Prisma.sql`CAST(${iso} AS TIMESTAMP(3))` : Prisma.sql`${iso}`);

/**
 * One INSERT … SELECT for every subscription `where` picks: each row gets the next number of its
 * subscription's sequence (MAX + 1, computed in the statement) and the exact body that will be
 * delivered. Numbers cannot collide: every writer first holds the owner's row lock (key changes
 * through lockKeyOwner, the rest through lockOwnerOf), and a unique index on (subscription,
 * sequence) would refuse a duplicate rather than let it through.
 */
function insertEvents(type: EventType, data: EventData, now: Date, where: Prisma.Sql, dedupeKey: string | null) {
  const at = now.toISOString();
  const retryUntil = new Date(now.getTime() + RETRY_WINDOW_MS).toISOString();
  const head = `{"type":${JSON.stringify(type)},"timestamp":${JSON.stringify(at)},"sequence":`;
  const tail = `,"data":${JSON.stringify(data)}}`;
  const idPrefix = `${randomBytes(6).toString("hex")}_`;
  return Prisma.sql`
    INSERT INTO "WebhookEvent"
      ("id", "subscriptionId", "seq", "type", "payload", "createdAt", "nextAttemptAt", "retryUntil", "attempts", "dedupeKey")
    SELECT ${idPrefix} || x."sid", x."sid", x."seq", ${type}, ${head} || CAST(x."seq" AS TEXT) || ${tail},
      ${timestamp(at)}, ${timestamp(at)}, ${timestamp(retryUntil)}, 0, ${dedupeKey}
    FROM (
      SELECT s."id" AS "sid",
        (SELECT COALESCE(MAX(e."seq"), 0) + 1 FROM "WebhookEvent" e WHERE e."subscriptionId" = s."id") AS "seq"
      FROM "WebhookSubscription" s
      WHERE ${where}
    ) x`;
}

/** Takes the row lock of a subscription's owner, which orders every writer of its sequence. */
async function lockOwnerOf(tx: Tx, subscriptionId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "User" SET "keysVersion" = "keysVersion" + 1
    WHERE "id" = (SELECT "userId" FROM "WebhookSubscription" WHERE "id" = ${subscriptionId})`;
}

/** Appends one event to one subscription's sequence (test events, expiry notices). */
export async function appendEvent(
  tx: Tx,
  subscriptionId: string,
  type: EventType,
  data: EventData,
  options: { now?: Date; dedupeKey?: string } = {},
): Promise<{ id: string; seq: number }> {
  await lockOwnerOf(tx, subscriptionId);
  const rows = await tx.$queryRaw<{ id: string; seq: number | bigint }[]>`${insertEvents(
    type,
    data,
    options.now ?? new Date(),
    Prisma.sql`s."id" = ${subscriptionId}`,
    options.dedupeKey ?? null,
  )} RETURNING "id", "seq"`;
  const row = rows[0];
  if (!row) throw new Error("webhook subscription not found");
  await wake(tx);
  return { id: row.id, seq: Number(row.seq) };
}

/**
 * The one entry point for key and access changes: queues `type` for every enabled subscription
 * of `userId` that wants it, in one statement. Call inside the change's transaction, after
 * lockKeyOwner and the change itself.
 */
export async function enqueueWebhookEvents(
  tx: Tx,
  userId: string,
  type: WebhookEventType,
  data: EventData,
  options: { now?: Date } = {},
): Promise<number> {
  const wanted = ` ${type} `;
  const matches =
    dbProvider === "postgresql"
      ? Prisma.sql`strpos(' ' || s."events" || ' ', ${wanted}) > 0`
      : Prisma.sql`instr(' ' || s."events" || ' ', ${wanted}) > 0`;
  const queued = await tx.$executeRaw`${insertEvents(
    type,
    data,
    options.now ?? new Date(),
    Prisma.sql`s."userId" = ${userId} AND s."enabled" = true AND ${matches}`,
    null,
  )}`;
  if (queued > 0) await wake(tx);
  return queued;
}
