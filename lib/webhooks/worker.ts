// The delivery worker. It claims due outbox rows atomically, so any number of workers (in any
// number of processes, on one PostgreSQL or one SQLite file) never send one attempt twice:
//   - PostgreSQL: one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING;
//   - SQLite: the claim runs in a transaction that holds the database's write lock from BEGIN.
// Only the head of each subscription's sequence (its oldest event not yet delivered or given up)
// can be claimed, so a receiver gets a subscription's events in order, and after an outage gets
// every missed one, in order, once it answers again. A claim is a lease: a worker that dies
// mid-delivery leaves the row to be claimed again when the lease ends.
// Failed attempts are retried with exponential backoff and jitter for 24 hours; a subscription
// whose deliveries have failed without a break for 24 hours is switched Off (audited). The
// worker also queues the expiry notices (api_key.expiring / api_key.expired), once per key and
// subscription: a unique (subscription, dedupeKey) row guards it on both engines.
// New rows wake a worker at once: a commit in the same process through an in-process signal, a
// commit anywhere on PostgreSQL through LISTEN (the enqueuing transaction sends NOTIFY, which
// the server delivers on commit only). The poll stays as the fallback (a lost LISTEN
// connection, retries coming due). SQLite has no NOTIFY: between polls the worker looks, by a
// cheap read, whether another process committed to the file, and if so claims at once.
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { NO_REQUEST, writeAudit } from "../audit/write-audit";
import { db, dbProvider, type Tx, transaction } from "../db/client";
import { databaseUrl } from "../db/database-url";
import { isUniqueViolation } from "../db/errors";
import { postgresClientConfig } from "../db/pool";
import { keyViewSelect, toKeyView } from "../keys/key-view";
import { getKeyPolicy } from "../keys/policy";
import { idleSinceWhere, revokeUnusedKeys, UNUSED_WARNING_DAYS, unusedDeadline } from "../keys/unused-keys";
import { logError } from "../log";
import { backoffMs } from "./backoff";
import { DELIVERY_TIMEOUT_MS, type DeliveryResult, postWebhook } from "./deliver";
import { appendEvent, keyPayload, onWebhookQueued, WEBHOOK_CHANNEL } from "./enqueue";
import { parseEvents } from "./events";
import { signingSecrets } from "./secrets";
import { signDelivery } from "./sign";
import { auditableUrl, type Resolver } from "./url-policy";

const DAY_MS = 24 * 60 * 60 * 1000;
const AUTO_OFF_AFTER_MS = DAY_MS;

export type WorkerOptions = {
  id?: string;
  now?: () => Date;
  random?: () => number;
  batchSize?: number;
  /** SQLite: how many consecutive events of one subscription one round may send. */
  runLength?: number;
  pollMs?: number;
  /** SQLite: how often, between polls, to look whether another process committed. */
  probeMs?: number;
  /** How often expiry notices are looked for. */
  expiryScanMs?: number;
  leaseMs?: number;
  timeoutMs?: number;
  allowLocal?: boolean;
  resolve?: Resolver;
};

type Claimed = { id: string };

const SUBSCRIPTION_SELECT = {
  id: true,
  userId: true,
  url: true,
  enabled: true,
  secretCipher: true,
  previousSecretCipher: true,
  previousSecretUntil: true,
} as const;

type ClaimedEvent = {
  id: string;
  payload: string;
  attempts: number;
  retryUntil: Date;
  subscription: {
    id: string;
    userId: string;
    url: string;
    enabled: boolean;
    secretCipher: string;
    previousSecretCipher: string | null;
    previousSecretUntil: Date | null;
  };
};
type Outcome = { event: ClaimedEvent; result: DeliveryResult };

export class WebhookWorker {
  readonly id: string;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly runLength: number;
  private readonly pollMs: number;
  private readonly probeMs: number;
  private readonly expiryScanMs: number;
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly allowLocal?: boolean;
  private readonly resolve?: Resolver;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  /** A wake-up arrived while a round ran: start the next round without waiting. */
  private woken = false;
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | null = null;
  private lastExpiryScan = 0;

  constructor(options: WorkerOptions = {}) {
    this.id = options.id ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? 20;
    // PostgreSQL claims heads only (SKIP LOCKED cannot take a run safely); SQLite, whose claim
    // holds the write lock, takes runs so a backlog drains in few write transactions.
    this.runLength = dbProvider === "postgresql" ? 1 : (options.runLength ?? 10);
    this.pollMs = options.pollMs ?? 250;
    this.probeMs = options.probeMs ?? 20;
    this.expiryScanMs = options.expiryScanMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 20_000;
    this.allowLocal = options.allowLocal;
    this.resolve = options.resolve;
  }

  /** Claims the due heads of every subscription's sequence (at most batchSize). */
  async claim(): Promise<Claimed[]> {
    const now = this.now();
    const leaseEnd = new Date(now.getTime() + this.leaseMs);
    if (dbProvider === "postgresql") {
      return db.$queryRaw<Claimed[]>`
        UPDATE "WebhookEvent" SET "claimedBy" = ${this.id}, "claimedUntil" = ${leaseEnd}
        WHERE "id" IN (
          SELECT e."id" FROM "WebhookEvent" e
          JOIN "WebhookSubscription" s ON s."id" = e."subscriptionId"
          WHERE e."deliveredAt" IS NULL AND e."failedAt" IS NULL AND e."nextAttemptAt" <= ${now}
            AND (e."claimedUntil" IS NULL OR e."claimedUntil" <= ${now})
            AND s."enabled" = true
            AND NOT EXISTS (
              SELECT 1 FROM "WebhookEvent" p
              WHERE p."subscriptionId" = e."subscriptionId" AND p."seq" < e."seq"
                AND p."deliveredAt" IS NULL AND p."failedAt" IS NULL)
          ORDER BY e."nextAttemptAt"
          LIMIT ${this.batchSize}
          FOR UPDATE OF e SKIP LOCKED)
        RETURNING "id"`;
    }
    return transaction(async (tx) => {
      const heads = await tx.webhookEvent.groupBy({
        by: ["subscriptionId"],
        where: { deliveredAt: null, failedAt: null, subscription: { enabled: true } },
        _min: { seq: true },
      });
      if (heads.length === 0) return [];
      const due = await tx.webhookEvent.findMany({
        where: {
          AND: [
            { OR: heads.map((h) => ({ subscriptionId: h.subscriptionId, seq: h._min.seq ?? -1 })) },
            { nextAttemptAt: { lte: now } },
            { OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
          ],
        },
        orderBy: { nextAttemptAt: "asc" },
        take: this.batchSize,
        select: { id: true, subscriptionId: true },
      });
      // Behind each due head, the events that follow it in its sequence and are due too (a
      // run: they go out one after another in this round). Nobody else can claim them, since
      // an earlier event of theirs is pending.
      const claimed: Claimed[] = [];
      for (const head of due) {
        claimed.push({ id: head.id });
        if (this.runLength <= 1) continue;
        const next = await tx.webhookEvent.findMany({
          where: { subscriptionId: head.subscriptionId, deliveredAt: null, failedAt: null, id: { not: head.id } },
          orderBy: { seq: "asc" },
          take: this.runLength - 1,
          select: { id: true, nextAttemptAt: true, claimedUntil: true },
        });
        for (const e of next) {
          if (e.nextAttemptAt > now || (e.claimedUntil && e.claimedUntil > now)) break;
          claimed.push({ id: e.id });
        }
      }
      if (claimed.length > 0) {
        await tx.webhookEvent.updateMany({
          where: { id: { in: claimed.map((d) => d.id) } },
          data: { claimedBy: this.id, claimedUntil: leaseEnd },
        });
      }
      return claimed;
    });
  }

  /** One round: claim what is due, deliver it, record every outcome. Returns the attempts made. */
  async runOnce(): Promise<number> {
    await this.maybeScanExpiry();
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const events = await db.webhookEvent.findMany({
      where: { id: { in: claimed.map((c) => c.id) }, claimedBy: this.id },
      select: { id: true, payload: true, attempts: true, retryUntil: true, subscription: { select: SUBSCRIPTION_SELECT } },
      orderBy: { seq: "asc" },
    });
    // Switched Off since the claim: hand the rows back untouched.
    const off = events.filter((e) => !e.subscription.enabled).map((e) => e.id);
    if (off.length > 0) {
      await db.webhookEvent.updateMany({ where: { id: { in: off }, claimedBy: this.id }, data: { claimedBy: null, claimedUntil: null } });
    }
    // Per subscription, in sequence order; a failure ends its run (the rest wait their turn).
    const runs = new Map<string, ClaimedEvent[]>();
    for (const e of events) {
      if (e.subscription.enabled) runs.set(e.subscription.id, [...(runs.get(e.subscription.id) ?? []), e]);
    }
    const outcomes: Outcome[] = [];
    const unsent: string[] = [];
    await Promise.all(
      [...runs.values()].map(async (run) => {
        for (const [i, event] of run.entries()) {
          const outcome = await this.send(event);
          outcomes.push(outcome);
          if (!outcome.result.ok) {
            unsent.push(...run.slice(i + 1).map((e) => e.id));
            return;
          }
        }
      }),
    );
    try {
      await this.record(outcomes, unsent);
    } catch (error) {
      // The claims lapse and the events are tried again: at least once, never lost.
      logError("webhook delivery record", error);
    }
    return claimed.length;
  }

  private async send(event: ClaimedEvent): Promise<Outcome> {
    const sub = event.subscription;
    try {
      const sentAt = this.now();
      const headers = signDelivery(`msg_${event.id}`, event.payload, signingSecrets(sub, sentAt), sentAt);
      const result = await postWebhook(sub.url, event.payload, headers, {
        timeoutMs: this.timeoutMs,
        allowLocal: this.allowLocal,
        resolve: this.resolve,
      });
      return { event, result };
    } catch (error) {
      logError("webhook delivery", error);
      return { event, result: { ok: false, status: null, durationMs: 0, error: "Keydesk could not send this event.", response: "" } };
    }
  }

  /** Every outcome of a round in one transaction: the log, the events, the subscriptions. */
  private async record(outcomes: Outcome[], unsent: string[]): Promise<void> {
    if (outcomes.length === 0 && unsent.length === 0) return;
    const now = this.now();
    await transaction(async (tx) => {
      if (unsent.length > 0) {
        await tx.webhookEvent.updateMany({
          where: { id: { in: unsent }, claimedBy: this.id },
          data: { claimedBy: null, claimedUntil: null },
        });
      }
      await tx.webhookAttempt.createMany({
        data: outcomes.map(({ event, result }) => ({
          subscriptionId: event.subscription.id,
          eventId: event.id,
          at: now,
          status: result.status,
          durationMs: result.durationMs,
          error: result.error,
          response: result.response,
        })),
      });
      const delivered = outcomes.filter((o) => o.result.ok);
      if (delivered.length > 0) {
        await tx.webhookEvent.updateMany({
          where: { id: { in: delivered.map((o) => o.event.id) }, claimedBy: this.id },
          data: { attempts: { increment: 1 }, deliveredAt: now, claimedBy: null, claimedUntil: null },
        });
        const byStatus = new Map<number | null, string[]>();
        for (const o of delivered) byStatus.set(o.result.status, [...(byStatus.get(o.result.status) ?? []), o.event.subscription.id]);
        for (const [status, ids] of byStatus) {
          await tx.webhookSubscription.updateMany({
            where: { id: { in: ids } },
            data: { lastDeliveryAt: now, lastDeliveryStatus: status, failingSince: null },
          });
        }
      }
      for (const o of outcomes.filter((o) => !o.result.ok)) await this.recordFailure(tx, o, now);
    });
  }

  private async recordFailure(tx: Tx, { event, result }: Outcome, now: Date): Promise<void> {
    const sub = event.subscription;
    const attempts = event.attempts + 1;
    const giveUp = now >= event.retryUntil;
    const next = new Date(Math.min(now.getTime() + backoffMs(attempts, this.random), event.retryUntil.getTime()));
    await tx.webhookEvent.updateMany({
      where: { id: event.id, claimedBy: this.id },
      data: giveUp
        ? { attempts, failedAt: now, claimedBy: null, claimedUntil: null }
        : { attempts, nextAttemptAt: next, claimedBy: null, claimedUntil: null },
    });
    // Re-read: another worker may have recorded a success for this subscription meanwhile.
    const current = await tx.webhookSubscription.findUniqueOrThrow({
      where: { id: sub.id },
      select: { failingSince: true, enabled: true },
    });
    const failingSince = current.failingSince ?? now;
    const switchOff = current.enabled && now.getTime() - failingSince.getTime() >= AUTO_OFF_AFTER_MS;
    await tx.webhookSubscription.update({
      where: { id: sub.id },
      data: {
        lastDeliveryAt: now,
        lastDeliveryStatus: result.status,
        failingSince,
        ...(switchOff ? { enabled: false, disabledReason: "failing", disabledAt: now, disabledById: null } : {}),
      },
    });
    if (switchOff) {
      await writeAudit(
        tx,
        {
          actorId: null,
          action: "webhook.disabled",
          targetUserId: sub.userId,
          details: { webhookId: sub.id, url: auditableUrl(sub.url), reason: "failing", failingSince: failingSince.toISOString() },
        },
        NO_REQUEST,
      );
    }
  }

  private async maybeScanExpiry(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastExpiryScan < this.expiryScanMs) return;
    this.lastExpiryScan = now;
    await this.scanExpiry();
    await revokeUnusedKeys(this.now());
  }

  /** Queues api_key.expiring and api_key.expired notices that are due. Returns how many. */
  async scanExpiry(): Promise<number> {
    const now = this.now();
    const subs = await db.webhookSubscription.findMany({
      where: { enabled: true, OR: [{ events: { contains: "api_key.expiring" } }, { events: { contains: "api_key.expired" } }] },
      select: { id: true, userId: true, events: true, expiringDays: true, createdAt: true },
    });
    // The inactive keys policy warns through api_key.expiring too, UNUSED_WARNING_DAYS before.
    const { revokeUnusedAfterDays: unusedDays } = await getKeyPolicy(db);
    let queued = 0;
    for (const sub of subs) {
      const wanted = parseEvents(sub.events);
      const candidates: {
        type: "api_key.expiring" | "api_key.expired";
        key: Parameters<typeof toKeyView>[0];
        /** Revoked for going unused at this moment unless used first. */
        unusedUntil?: Date;
      }[] = [];
      if (wanted.includes("api_key.expiring")) {
        const keys = await db.apiKey.findMany({
          where: {
            userId: sub.userId,
            revokedAt: null,
            replacedById: null,
            expiresAt: { gt: now, lte: new Date(now.getTime() + sub.expiringDays * DAY_MS) },
          },
          select: keyViewSelect,
        });
        for (const key of keys) candidates.push({ type: "api_key.expiring", key });
        if (unusedDays !== null) {
          const warnFrom = new Date(now.getTime() - (unusedDays - UNUSED_WARNING_DAYS) * DAY_MS);
          const idle = await db.apiKey.findMany({ where: idleSinceWhere(warnFrom, now, { userId: sub.userId }), select: keyViewSelect });
          for (const key of idle) candidates.push({ type: "api_key.expiring", key, unusedUntil: unusedDeadline(key, unusedDays) });
        }
      }
      if (wanted.includes("api_key.expired")) {
        // Keys that expired while the subscription existed; older expiries are not news.
        const keys = await db.apiKey.findMany({
          where: { userId: sub.userId, revokedAt: null, replacedById: null, expiresAt: { lte: now, gt: sub.createdAt } },
          select: keyViewSelect,
        });
        for (const key of keys) candidates.push({ type: "api_key.expired", key });
      }
      if (candidates.length === 0) continue;
      // An unused-key warning is per deadline: using the key moves it, and a later one warns again.
      const dedupeOf = (c: (typeof candidates)[number]) =>
        c.unusedUntil ? `${c.type}:unused:${c.key.id}:${c.unusedUntil.toISOString().slice(0, 10)}` : `${c.type}:${c.key.id}`;
      const dedupeKeys = candidates.map(dedupeOf);
      const existing = new Set(
        (
          await db.webhookEvent.findMany({
            where: { subscriptionId: sub.id, dedupeKey: { in: dedupeKeys } },
            select: { dedupeKey: true },
          })
        ).map((e) => e.dedupeKey),
      );
      for (const candidate of candidates) {
        const dedupeKey = dedupeOf(candidate);
        if (existing.has(dedupeKey)) continue;
        const view = toKeyView(candidate.key, now);
        const until = candidate.unusedUntil ?? candidate.key.expiresAt;
        const daysLeft = Math.max(0, Math.ceil((until.getTime() - now.getTime()) / DAY_MS));
        const data =
          candidate.type === "api_key.expired"
            ? { key: keyPayload(view) }
            : candidate.unusedUntil
              ? { key: keyPayload(view), daysLeft, reason: "unused", revokesAt: candidate.unusedUntil.toISOString() }
              : { key: keyPayload(view), daysLeft };
        try {
          await transaction(async (tx) => {
            const current = await tx.webhookSubscription.findUnique({ where: { id: sub.id }, select: { enabled: true } });
            if (!current?.enabled) return;
            await appendEvent(tx, sub.id, candidate.type, data, { now, dedupeKey });
            queued += 1;
          });
        } catch (error) {
          // Another worker queued the same notice first: the unique row did its job.
          if (!isUniqueViolation(error)) throw error;
        }
      }
    }
    return queued;
  }

  /** Runs until stop(): rounds back to back while there is work, a short poll when idle. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    const unsubscribe = onWebhookQueued(() => this.signal());
    if (dbProvider === "postgresql") void this.listen();
    this.running = (async () => {
      while (!this.stopped) {
        this.woken = false;
        let attempted = 0;
        try {
          attempted = await this.runOnce();
        } catch (error) {
          logError("webhook worker", error);
        }
        if (this.stopped) break;
        if (attempted < this.batchSize && !this.woken) await this.idle();
      }
      unsubscribe();
    })();
  }

  /**
   * Waits for a wake-up or the poll. On SQLite, which has no NOTIFY, it also looks every
   * probeMs whether another connection (another process) committed to the file since the last
   * look (PRAGMA data_version: a read, without the write lock a claim takes).
   */
  private async idle(): Promise<void> {
    const until = Date.now() + this.pollMs;
    let version = dbProvider === "sqlite" ? await this.dataVersion() : null;
    while (!this.stopped && !this.woken && Date.now() < until) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, version === null ? until - Date.now() : Math.min(this.probeMs, until - Date.now()));
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
      if (version === null || this.woken || this.stopped) continue;
      const now = await this.dataVersion();
      if (now !== version) return;
      version = now;
    }
  }

  private async dataVersion(): Promise<number | null> {
    try {
      const rows = await db.$queryRawUnsafe<{ data_version: number | bigint }[]>("PRAGMA data_version");
      return rows[0] ? Number(rows[0].data_version) : null;
    } catch (error) {
      logError("webhook worker probe", error);
      return null;
    }
  }

  private signal(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** PostgreSQL: hears the NOTIFY of rows committed by any process; reconnects after 1 s. */
  private async listen(): Promise<void> {
    if (this.stopped || this.listener) return;
    // Idle for hours between events: TCP keep-alive notices a connection that silently died.
    const client = new pg.Client({ ...postgresClientConfig(databaseUrl(), { applicationName: "keydesk-webhooks" }), keepAlive: true });
    this.listener = client;
    const lost = (error: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      if (this.stopped) return;
      logError("webhook listener", error);
      this.relisten = setTimeout(() => {
        this.relisten = null;
        void this.listen();
      }, 1000);
      this.relisten.unref();
    };
    client.on("notification", (message) => {
      if (message.channel === WEBHOOK_CHANNEL) this.signal();
    });
    client.on("error", lost);
    client.on("end", () => lost(new Error("the LISTEN connection closed")));
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
      // Rows committed while no connection listened are picked up by the next round.
      this.signal();
    } catch (error) {
      lost(error);
    }
  }

  /** Stops after the deliveries in flight (each at most the 10 s timeout) are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    if (this.relisten) clearTimeout(this.relisten);
    this.relisten = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.running;
    this.running = null;
  }
}
