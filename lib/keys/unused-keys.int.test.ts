// The inactive keys policy: off by default; when set, keys unused for N days (since last use,
// or since issue) are revoked with the reason "unused" and an audit row, keys within 7 days of
// that are warned once per deadline through api_key.expiring, and keys in use are left alone.
import { afterEach, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { createTestUser, keyInput } from "../testing/fixtures";
import { createWebhook } from "../webhooks/subscriptions";
import { WebhookWorker } from "../webhooks/worker";
import { DAY_MS } from "./expiry";
import { issueApiKey } from "./issue-api-key";
import { revokeUnusedKeys } from "./unused-keys";

process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";

const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);

async function keyUsed(owner: Awaited<ReturnType<typeof createTestUser>>, name: string, created: number, lastUsed: number | null) {
  const { key } = await issueApiKey(owner, keyInput({ name, expiresIn: "1y" }), NO_REQUEST);
  await db.apiKey.update({
    where: { id: key.id },
    data: { createdAt: daysAgo(created), lastUsedAt: lastUsed === null ? null : daysAgo(lastUsed) },
  });
  return key.id;
}

afterEach(async () => {
  await db.policy.update({ where: { id: 1 }, data: { revokeUnusedAfterDays: null } });
});

describe("revokeUnusedKeys", () => {
  it("does nothing while the policy is off", async () => {
    const owner = await createTestUser();
    const id = await keyUsed(owner, "old", 200, null);
    expect(await revokeUnusedKeys(now)).toBe(0);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    await db.apiKey.delete({ where: { id } }); // the next test counts what it revokes
  });

  it("revokes keys unused for N days, counting from last use or from issue", async () => {
    await db.policy.update({ where: { id: 1 }, data: { revokeUnusedAfterDays: 30 } });
    const owner = await createTestUser();
    const neverUsed = await keyUsed(owner, "never used", 31, null);
    const idle = await keyUsed(owner, "idle", 90, 31);
    const recent = await keyUsed(owner, "recent", 90, 1);
    // The policy allows three active keys: the fourth goes to a second owner.
    const young = await keyUsed(await createTestUser(), "young", 29, null);
    expect(await revokeUnusedKeys(now)).toBe(2);
    const rows = await db.apiKey.findMany({ where: { id: { in: [neverUsed, idle, recent, young] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [neverUsed, idle]) expect(byId.get(id)).toMatchObject({ revokedReason: "unused", revokedById: null });
    for (const id of [recent, young]) expect(byId.get(id)?.revokedAt).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { action: "key.revoked_unused", targetUserId: owner.id } });
    expect(audit.map((a) => JSON.parse(a.details).name).sort()).toEqual(["idle", "never used"]);
    // Run again (another worker, the next scan): nothing more.
    expect(await revokeUnusedKeys(now)).toBe(0);
  });

  it("warns through api_key.expiring within 7 days of the deadline, once per deadline", async () => {
    await db.policy.update({ where: { id: 1 }, data: { revokeUnusedAfterDays: 30 } });
    const owner = await createTestUser();
    const { webhook } = await createWebhook(
      owner,
      { url: "http://127.0.0.1:9/keydesk", description: "", events: ["api_key.expiring"], expiringDays: 7 },
      NO_REQUEST,
    );
    const soon = await keyUsed(owner, "soon", 60, 25); // revoked in 5 days
    await keyUsed(owner, "fine", 60, 10); // in 20 days
    const worker = new WebhookWorker({ now: () => now });
    await worker.scanExpiry();
    await worker.scanExpiry();
    const events = await db.webhookEvent.findMany({ where: { subscriptionId: webhook.id, type: "api_key.expiring" } });
    expect(events).toHaveLength(1);
    const data = JSON.parse(events[0].payload).data;
    expect(data).toMatchObject({ reason: "unused", daysLeft: 5, key: { name: "soon", status: "active" } });
    expect(data.revokesAt).toBe(new Date(daysAgo(25).getTime() + 30 * DAY_MS).toISOString());
    // Used again, then idle again: a new deadline warns again.
    await db.apiKey.update({ where: { id: soon }, data: { lastUsedAt: daysAgo(24) } });
    await worker.scanExpiry();
    expect(await db.webhookEvent.count({ where: { subscriptionId: webhook.id, type: "api_key.expiring" } })).toBe(2);
  });
});
