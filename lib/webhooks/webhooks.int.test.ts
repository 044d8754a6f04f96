// Webhooks end to end against a real database and a real local HTTP receiver: the outbox is
// written iff the change commits, deliveries verify with the standardwebhooks package, failures
// are retried and logged, order survives an outage, two workers never deliver twice, expiry
// notices fire once, and a subscription failing for 24 hours switches itself Off.
import Database from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearApiKeys } from "../admin/clear-api-keys";
import { NO_REQUEST } from "../audit/write-audit";
import { db, dbProvider, transaction } from "../db/client";
import { sqliteFile } from "../db/database-url";
import { issueApiKey } from "../keys/issue-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { setApiAccess } from "../keys/set-api-access";
import { createTestUser, keyInput } from "../testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver";
import { enqueueWebhookEvents } from "./enqueue";
import type { WebhookEventType } from "./events";
import { createWebhook, listDeliveryAttempts, listWebhooks, rotateWebhookSecret, sendTestEvent } from "./subscriptions";
import { WebhookWorker } from "./worker";

process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

function clock(start = Date.now()) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

async function subscribed(events: WebhookEventType[], options: { url?: string; expiringDays?: number; now?: Date } = {}) {
  const user = await createTestUser();
  const created = await createWebhook(
    user,
    { url: options.url ?? receiver.url, description: "", events, expiringDays: options.expiringDays ?? 7 },
    NO_REQUEST,
    { now: options.now },
  );
  return { user, ...created };
}

/** Runs rounds until nothing is due (or `rounds` are spent). */
async function drain(worker: WebhookWorker, rounds = 20) {
  for (let i = 0; i < rounds; i++) if ((await worker.runOnce()) === 0) return;
}

describe("the outbox", () => {
  it("gets a row for each subscription that wants the event, in the change's transaction", async () => {
    const { user, webhook } = await subscribed(["api_key.created", "api_key.revoked"]);
    const other = await createWebhook(
      user,
      { url: receiver.url, description: "", events: ["api_access.enabled"], expiringDays: 7 },
      NO_REQUEST,
    );
    const { key } = await issueApiKey(user, keyInput({ name: "outbox" }), NO_REQUEST);
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    const rows = await db.webhookEvent.findMany({ where: { subscriptionId: webhook.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, "api_key.created"],
      [2, "api_key.revoked"],
    ]);
    expect(await db.webhookEvent.count({ where: { subscriptionId: other.webhook.id } })).toBe(0);
    const body = JSON.parse(rows[1]!.payload);
    expect(body).toMatchObject({
      type: "api_key.revoked",
      sequence: 2,
      data: {
        key: { clientId: key.clientId, name: "outbox", apiSets: ["profile:read"], status: "revoked" },
        actor: { type: "user", id: user.id },
      },
    });
  });

  it("has no row when the change does not commit", async () => {
    const { user, webhook } = await subscribed(["api_key.created", "api_key.revoked", "api_access.enabled"]);
    const { key } = await issueApiKey(user, keyInput({ name: "once" }), NO_REQUEST);
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    const before = await db.webhookEvent.count({ where: { subscriptionId: webhook.id } });
    // Refused half-way: revoking twice, a duplicate name, switching on what is on.
    await expect(revokeApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toThrow(/already revoked/);
    await issueApiKey(user, keyInput({ name: "dup" }), NO_REQUEST);
    await expect(issueApiKey(user, keyInput({ name: "dup" }), NO_REQUEST)).rejects.toThrow(/name/);
    await setApiAccess(user, true, NO_REQUEST);
    expect(await db.webhookEvent.count({ where: { subscriptionId: webhook.id } })).toBe(before + 1); // the second issue only
    // Rolled back after the rows were written: they go with it, and the sequence has no gap.
    await expect(
      transaction(async (tx) => {
        await enqueueWebhookEvents(tx, user.id, "api_key.created", { note: "rolled back" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.webhookEvent.count({ where: { subscriptionId: webhook.id } })).toBe(before + 1);
    await setApiAccess(user, false, NO_REQUEST);
    await setApiAccess(user, true, NO_REQUEST);
    const last = await db.webhookEvent.findFirstOrThrow({ where: { subscriptionId: webhook.id }, orderBy: { seq: "desc" } });
    expect(last.seq).toBe(before + 2);
  });

  it("reports an administrator's clear without naming the administrator", async () => {
    const { user, webhook } = await subscribed(["api_access.cleared", "api_key.revoked"]);
    await issueApiKey(user, keyInput(), NO_REQUEST);
    const admin = await createTestUser({ admin: true });
    await clearApiKeys(admin, { userId: user.id }, NO_REQUEST);
    const rows = await db.webhookEvent.findMany({ where: { subscriptionId: webhook.id } });
    expect(rows.map((r) => r.type)).toEqual(["api_access.cleared"]);
    const body = JSON.parse(rows[0]!.payload);
    expect(body.data).toMatchObject({ user: { id: user.id }, revokedKeys: 1, actor: { type: "administrator" } });
    expect(rows[0]!.payload).not.toContain(admin.id);
  });
});

describe("delivery", () => {
  it("signs with Standard Webhooks: the standardwebhooks package verifies it, and never sees a secret in the body", async () => {
    const own = await startWebhookReceiver();
    const { user, webhook, secret } = await subscribed(["api_key.created"], { url: own.url });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    const { key, token } = await issueApiKey(user, keyInput({ name: "signed" }), NO_REQUEST);
    await drain(new WebhookWorker());
    await own.close();
    expect(own.received).toHaveLength(1);
    const got = own.received[0]!;
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { key: { clientId: string } };
    };
    expect(verified.type).toBe("api_key.created");
    expect(verified.data.key.clientId).toBe(key.clientId);
    expect(got.headers["webhook-id"]).toMatch(/^msg_/);
    expect(got.body).not.toContain(token);
    expect(got.body).not.toContain(secret);
    // A wrong secret does not verify.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(got.body, got.headers as Record<string, string>),
    ).toThrow();
    const log = await listDeliveryAttempts(user.id, webhook.id);
    expect(log).toHaveLength(1);
    expect(log![0]).toMatchObject({ status: 200, eventType: "api_key.created", sequence: 1, eventState: "delivered", response: "ok" });
    // The secret is stored encrypted, not in clear.
    const row = await db.webhookSubscription.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
  });

  it("signs with both secrets for 24 hours after a rotation", async () => {
    const own = await startWebhookReceiver();
    const { user, webhook, secret: oldSecret } = await subscribed(["api_access.enabled"], { url: own.url });
    const { secret: newSecret } = await rotateWebhookSecret(user, webhook.id, NO_REQUEST);
    expect(newSecret).not.toBe(oldSecret);
    await sendTestEvent(user, webhook.id);
    await drain(new WebhookWorker());
    const got = own.received[0]!;
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const s of [oldSecret, newSecret])
      expect(() => new Webhook(s).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    // A day later only the new secret signs.
    const later = new WebhookWorker({ now: () => new Date(Date.now() + DAY + 1000) });
    await sendTestEvent(user, webhook.id);
    own.received.length = 0;
    await drain(later);
    await own.close();
    expect(String(own.received[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
  });

  it("retries after a 500, a timeout and a refused connection, logging each attempt", async () => {
    const flaky = await startWebhookReceiver();
    try {
      const { user, webhook } = await subscribed(["api_access.disabled"], { url: flaky.url });
      await setApiAccess(user, false, NO_REQUEST);
      const c = clock(Date.now() + 1000);
      const worker = new WebhookWorker({ now: c.now, timeoutMs: 300, random: () => 1 });
      flaky.mode = { status: 500 };
      expect(await worker.runOnce()).toBe(1);
      expect(await worker.runOnce()).toBe(0); // backing off
      c.advance(10_000);
      flaky.mode = "hang";
      expect(await worker.runOnce()).toBe(1);
      c.advance(20_000);
      await flaky.stop();
      expect(await worker.runOnce()).toBe(1);
      c.advance(40_000);
      await flaky.start();
      flaky.mode = { status: 204 };
      expect(await worker.runOnce()).toBe(1);
      const log = (await listDeliveryAttempts(user.id, webhook.id))!.reverse();
      expect(log.map((a) => a.status)).toEqual([500, null, null, 204]);
      expect(log[0]!.error).toMatch(/500/);
      expect(log[1]!.error).toMatch(/No response within/);
      expect(log[2]!.error).toMatch(/refused/i);
      expect(log[3]!.eventState).toBe("delivered");
      // The same message each time (receivers deduplicate on webhook-id).
      expect(new Set(flaky.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
      const event = await db.webhookEvent.findFirstOrThrow({ where: { subscriptionId: webhook.id } });
      expect(event.attempts).toBe(4);
    } finally {
      await flaky.close();
    }
  });

  it("delivers every event missed during an hour's outage, in order, once the receiver is back", async () => {
    const down = await startWebhookReceiver();
    try {
      const c = clock();
      const { user, webhook } = await subscribed(["api_key.created", "api_key.revoked"], { url: down.url });
      const worker = new WebhookWorker({ now: c.now, random: () => 0.5 });
      down.mode = { status: 503 };
      const issued: string[] = [];
      for (let minute = 0; minute < 60; minute += 5) {
        if (minute % 10 === 0 && issued.length < 3) {
          const { key } = await issueApiKey(user, keyInput(), NO_REQUEST, { now: c.now() });
          issued.push(key.id);
        } else if (issued.length > 0) {
          await revokeApiKey(user, { keyId: issued.shift()! }, NO_REQUEST, { now: c.now() });
        }
        await worker.runOnce();
        c.advance(5 * 60 * 1000);
      }
      const total = await db.webhookEvent.count({ where: { subscriptionId: webhook.id } });
      expect(total).toBeGreaterThanOrEqual(6);
      // Only the head was ever tried while the receiver was down.
      expect(new Set(down.received.map((r) => JSON.parse(r.body).sequence))).toEqual(new Set([1]));
      down.mode = { status: 200 };
      down.received.length = 0;
      c.advance(BACKOFF_CAP);
      for (let i = 0; i < total + 2; i++) await worker.runOnce();
      const sequences = down.received.map((r) => JSON.parse(r.body).sequence);
      expect(sequences).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(await db.webhookEvent.count({ where: { subscriptionId: webhook.id, deliveredAt: null } })).toBe(0);
    } finally {
      await down.close();
    }
  });

  it("never delivers an attempt twice with two workers racing", async () => {
    const busy = await startWebhookReceiver();
    try {
      const subs = await Promise.all([0, 1, 2, 3].map(() => subscribed(["api_access.enabled", "api_access.disabled"], { url: busy.url })));
      for (let round = 0; round < 5; round++) {
        for (const s of subs) await setApiAccess(s.user, round % 2 === 1, NO_REQUEST);
      }
      // Off, on, off, on, off: five events per user.
      const expected = await db.webhookEvent.count({ where: { subscriptionId: { in: subs.map((s) => s.webhook.id) } } });
      expect(expected).toBe(20);
      const a = new WebhookWorker({ id: "worker-a", batchSize: 3 });
      const b = new WebhookWorker({ id: "worker-b", batchSize: 3 });
      const run = async (w: WebhookWorker) => {
        for (let i = 0; i < 40; i++) await w.runOnce();
      };
      await Promise.all([run(a), run(b)]);
      const ids = busy.received.map((r) => String(r.headers["webhook-id"]));
      expect(ids).toHaveLength(expected);
      expect(new Set(ids).size).toBe(expected);
      const attempts = await db.webhookAttempt.count({ where: { subscriptionId: { in: subs.map((s) => s.webhook.id) } } });
      expect(attempts).toBe(expected);
      // Per subscription, in sequence order.
      for (const s of subs) {
        const seqs = busy.received
          .map((r) => JSON.parse(r.body))
          .filter((b) => b.data.user.id === s.user.id)
          .map((b) => b.sequence);
        expect(seqs).toEqual([1, 2, 3, 4, 5]);
      }
    } finally {
      await busy.close();
    }
  });
});

const BACKOFF_CAP = 30 * 60 * 1000;

describe("expiry notices", () => {
  it("fire expiring N days before and expired at expiry, once per key and subscription, whatever the workers", async () => {
    const c = clock();
    const { user, webhook } = await subscribed(["api_key.expiring", "api_key.expired"], { expiringDays: 10, now: c.now() });
    const { key } = await issueApiKey(user, keyInput({ expiresIn: "30d" }), NO_REQUEST, { now: c.now() });
    const workers = [new WebhookWorker({ now: c.now }), new WebhookWorker({ now: c.now })];
    const scanAll = () => Promise.all(workers.flatMap((w) => [w.scanExpiry(), w.scanExpiry()]));
    await scanAll();
    expect(await db.webhookEvent.count({ where: { subscriptionId: webhook.id } })).toBe(0);
    c.advance(21 * DAY); // 9 days left
    await scanAll();
    await scanAll();
    c.advance(8 * DAY);
    await scanAll();
    c.advance(2 * DAY); // expired
    await scanAll();
    await scanAll();
    const rows = await db.webhookEvent.findMany({ where: { subscriptionId: webhook.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.type)).toEqual(["api_key.expiring", "api_key.expired"]);
    expect(JSON.parse(rows[0]!.payload).data).toMatchObject({ key: { clientId: key.clientId, status: "active" }, daysLeft: 9 });
    expect(JSON.parse(rows[1]!.payload).data).toMatchObject({ key: { clientId: key.clientId, status: "expired" } });
  });
});

describe("switching off", () => {
  it("switches a subscription Off after 24 hours of failed deliveries, audited, with the reason shown", async () => {
    const failing = await startWebhookReceiver();
    try {
      failing.mode = { status: 500 };
      const { user, webhook } = await subscribed(["api_access.disabled"], { url: failing.url });
      await setApiAccess(user, false, NO_REQUEST);
      const c = clock(Date.now() + 1000);
      const worker = new WebhookWorker({ now: c.now, random: () => 1 });
      let rounds = 0;
      while (rounds < 500) {
        rounds += 1;
        await worker.runOnce();
        const sub = await db.webhookSubscription.findUniqueOrThrow({ where: { id: webhook.id } });
        if (!sub.enabled) break;
        c.advance(10 * 60 * 1000);
      }
      const [view] = await listWebhooks(user.id, c.now());
      expect(view).toMatchObject({ enabled: false, disabledReason: "failing" });
      expect(view!.disabledBy).toMatch(/24 hours/);
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "webhook.disabled", targetUserId: user.id } });
      expect(audit.actorId).toBeNull();
      expect(JSON.parse(audit.details)).toMatchObject({ webhookId: webhook.id, reason: "failing" });
      // Off: nothing more is sent.
      const sent = failing.received.length;
      c.advance(DAY);
      await worker.runOnce();
      expect(failing.received.length).toBe(sent);
    } finally {
      await failing.close();
    }
  });
});

describe("waking up", () => {
  /** Milliseconds from `commit` until the receiver has a body containing `marker`. */
  async function untilReceived(receiverOf: WebhookReceiver, marker: string, commit: () => Promise<unknown>) {
    const start = Date.now();
    await commit();
    while (!receiverOf.received.some((r) => r.body.includes(marker))) {
      if (Date.now() - start > 5_000) throw new Error(`${marker}: not delivered within 5 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return Date.now() - start;
  }

  it("delivers at once, not at the next poll: after a commit in this process and after a commit by another connection", async () => {
    const own = await startWebhookReceiver();
    // A poll far longer than the test: only a wake-up can deliver in time.
    const worker = new WebhookWorker({ pollMs: 60_000 });
    try {
      const { user } = await subscribed(["api_access.enabled", "api_access.disabled"], { url: own.url });
      worker.start();
      await new Promise((r) => setTimeout(r, 500)); // idle, and on PostgreSQL listening
      // A change committed through transaction(), as every change in Keydesk: the in-process signal.
      const inProcess = await untilReceived(own, '"api_access.disabled"', () => setApiAccess(user, false, NO_REQUEST));
      expect(inProcess).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 300));
      // Committed without this process's commit hooks, as another process would: PostgreSQL's
      // NOTIFY (sent inside the transaction) or, on SQLite, the change to the file seen by the probe.
      const otherProcess = await untilReceived(own, '"other process"', async () => {
        await db.$transaction((tx) => enqueueWebhookEvents(tx, user.id, "api_access.enabled", { note: "other process" }));
        if (dbProvider === "sqlite") {
          // The same connection's commits do not count as another's: commit once more from one.
          const other = new Database(sqliteFile(process.env.DATABASE_URL ?? ""));
          other.prepare(`UPDATE "User" SET "keysVersion" = "keysVersion" + 1 WHERE "id" = ?`).run(user.id);
          other.close();
        }
      });
      expect(otherProcess).toBeLessThan(1_000);
    } finally {
      await worker.stop();
      await own.close();
    }
  });
});
