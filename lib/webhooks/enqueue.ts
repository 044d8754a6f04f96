// Writing events to the outbox, inside the transaction of the change they report: the rows
// commit with the change or not at all, so a receiver never hears of a change that did not
// happen and never misses one that did. Each subscription of the user that wants the event type
// gets its own row with the next number of its sequence (the UPDATE that takes the number also
// orders concurrent writers). Payloads name keys and people, never a secret.
import type { Actor } from "../auth/actor";
import { afterCommit, type Tx } from "../db/client";
import type { ApiKeyView } from "../keys/key-view";
import { parseEvents, type TEST_EVENT_TYPE, type WebhookEventType } from "./events";

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

function webhookBody(type: string, sequence: number, at: Date, data: EventData): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), sequence, data });
}

type Queued = () => void;
const registry = globalThis as unknown as { keydeskWebhookWakers?: Set<Queued> };
if (!registry.keydeskWebhookWakers) registry.keydeskWebhookWakers = new Set();
const wakers = registry.keydeskWebhookWakers;

/** Lets an in-process worker start on new rows at once instead of at its next poll. */
export function onWebhookQueued(listener: () => void): () => void {
  wakers.add(listener);
  return () => wakers.delete(listener);
}

function wake(tx: Tx) {
  afterCommit(tx, () => {
    for (const listener of wakers) listener();
  });
}

/** Appends one event to a subscription's sequence. */
export async function appendEvent(
  tx: Tx,
  subscriptionId: string,
  type: WebhookEventType | typeof TEST_EVENT_TYPE,
  data: EventData,
  options: { now?: Date; dedupeKey?: string } = {},
): Promise<{ id: string; seq: number }> {
  const now = options.now ?? new Date();
  const { nextSeq } = await tx.webhookSubscription.update({
    where: { id: subscriptionId },
    data: { nextSeq: { increment: 1 } },
    select: { nextSeq: true },
  });
  const seq = nextSeq - 1;
  const row = await tx.webhookEvent.create({
    data: {
      subscriptionId,
      seq,
      type,
      payload: webhookBody(type, seq, now, data),
      createdAt: now,
      nextAttemptAt: now,
      retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
      dedupeKey: options.dedupeKey ?? null,
    },
    select: { id: true, seq: true },
  });
  wake(tx);
  return row;
}

/**
 * The one entry point for key and access changes: queues `type` for every enabled subscription
 * of `userId` that wants it. Call inside the change's transaction, after the change is written.
 */
export async function enqueueWebhookEvents(
  tx: Tx,
  userId: string,
  type: WebhookEventType,
  data: EventData,
  options: { now?: Date } = {},
): Promise<number> {
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { userId, enabled: true },
    select: { id: true, events: true },
    orderBy: { createdAt: "asc" },
  });
  let queued = 0;
  for (const subscription of subscriptions) {
    if (!parseEvents(subscription.events).includes(type)) continue;
    await appendEvent(tx, subscription.id, type, data, options);
    queued += 1;
  }
  return queued;
}
