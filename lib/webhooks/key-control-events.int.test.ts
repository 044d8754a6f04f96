// The webhook events of the key controls against a real database and a real receiver:
// deactivating, activating and editing a key queue api_key.deactivated, api_key.activated and
// api_key.updated in the change's transaction (a refused or empty change queues nothing), the
// edit names the fields that changed and gives the new allowlist, and no payload holds a secret.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { editApiKey } from "../keys/edit-api-key";
import { issueApiKey } from "../keys/issue-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { activateApiKey, deactivateApiKey } from "../keys/set-key-active";
import { createTestUser, keyInput } from "../testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver";
import { eventLabel, operationsText, type WebhookEventType } from "./events";
import { createWebhook, listDeliveryAttempts } from "./subscriptions";
import { WebhookWorker } from "./worker";

process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function subscribed(events: WebhookEventType[]) {
  const user = await createTestUser();
  const created = await createWebhook(user, { url: receiver.url, description: "", events, expiringDays: 7 }, NO_REQUEST);
  return { user, ...created };
}

async function queued(subscriptionId: string) {
  const rows = await db.webhookEvent.findMany({ where: { subscriptionId }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ seq: r.seq, type: r.type, body: JSON.parse(r.payload) as { type: string; data: Record<string, unknown> } }));
}

describe("deactivate and activate", () => {
  it("queue api_key.deactivated and api_key.activated with the key and who acted", async () => {
    const { user, webhook } = await subscribed(["api_key.deactivated", "api_key.activated"]);
    const { key, token } = await issueApiKey(user, keyInput({ name: "paused" }), NO_REQUEST);
    await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
    await activateApiKey(user, { keyId: key.id }, NO_REQUEST);
    const rows = await queued(webhook.id);
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, "api_key.deactivated"],
      [2, "api_key.activated"],
    ]);
    expect(rows[0]!.body.data).toEqual({
      key: { clientId: key.clientId, name: "paused", apiSets: ["profile:read"], expiresAt: key.expiresAt, status: "inactive" },
      actor: { type: "user", id: user.id },
    });
    expect(rows[1]!.body.data).toMatchObject({ key: { clientId: key.clientId, status: "active" } });
    for (const r of rows) expect(JSON.stringify(r.body)).not.toContain(token.slice(-12));
  });

  it("queue nothing when refused, and only for subscriptions that want them", async () => {
    const { user, webhook } = await subscribed(["api_key.deactivated", "api_key.activated"]);
    const other = await createWebhook(
      user,
      { url: receiver.url, description: "", events: ["api_key.revoked"], expiringDays: 7 },
      NO_REQUEST,
    );
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    await expect(activateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
    await expect(deactivateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    // Someone else's key is not found, and their webhooks hear nothing of the attempt.
    const stranger = await createTestUser();
    await expect(deactivateApiKey(stranger, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "not_found" });
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    await expect(activateApiKey(user, { keyId: key.id }, NO_REQUEST)).rejects.toMatchObject({ code: "conflict" });
    expect((await queued(webhook.id)).map((r) => r.type)).toEqual(["api_key.deactivated"]);
    expect((await queued(other.webhook.id)).map((r) => r.type)).toEqual(["api_key.revoked"]);
  });
});

describe("edit", () => {
  it("queues api_key.updated naming the changed fields, with the new API sets and allowlist", async () => {
    const { user, webhook } = await subscribed(["api_key.updated"]);
    const { key, token } = await issueApiKey(
      user,
      keyInput({ name: "before", apiSets: ["profile:read", "keys:read"], ipAllowlist: ["203.0.113.7"] }),
      NO_REQUEST,
    );
    await editApiKey(
      user,
      {
        keyId: key.id,
        name: "after",
        description: "moved to the new runner",
        apiSets: ["keys:read"],
        ipAllowlist: ["198.51.100.0/24", "2001:db8::1"],
      },
      NO_REQUEST,
    );
    const earlier = new Date(Date.parse(key.expiresAt) - 24 * 60 * 60 * 1000);
    await editApiKey(user, { keyId: key.id, expiresAt: earlier }, NO_REQUEST);
    const rows = await queued(webhook.id);
    expect(rows.map((r) => r.type)).toEqual(["api_key.updated", "api_key.updated"]);
    expect(rows[0]!.body.data).toEqual({
      key: { clientId: key.clientId, name: "after", apiSets: ["keys:read"], expiresAt: key.expiresAt, status: "active" },
      changed: ["name", "description", "apiSets", "ipAllowlist"],
      ipAllowlist: ["198.51.100.0/24", "2001:db8::1/128"],
      actor: { type: "user", id: user.id },
    });
    // An allowlist that did not change is not repeated; the new expiry is in the key.
    expect(rows[1]!.body.data).toEqual({
      key: expect.objectContaining({ clientId: key.clientId, expiresAt: earlier.toISOString() }),
      changed: ["expiresAt"],
      actor: { type: "user", id: user.id },
    });
    // The description's text is the owner's note, not an event's business: only its name is sent.
    for (const r of rows) {
      expect(JSON.stringify(r.body)).not.toContain("moved to the new runner");
      expect(JSON.stringify(r.body)).not.toContain(token.slice(-12));
    }
  });

  it("queues nothing for an edit that changes nothing or is refused", async () => {
    const { user, webhook } = await subscribed(["api_key.updated"]);
    const { key } = await issueApiKey(user, keyInput({ name: "same", apiSets: ["profile:read"] }), NO_REQUEST);
    await issueApiKey(user, keyInput({ name: "taken" }), NO_REQUEST);
    await editApiKey(user, { keyId: key.id, name: "same", apiSets: ["profile:read"], ipAllowlist: [] }, NO_REQUEST);
    await expect(editApiKey(user, { keyId: key.id, apiSets: ["profile:read", "keys:write"] }, NO_REQUEST)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(editApiKey(user, { keyId: key.id, name: "taken", description: "half" }, NO_REQUEST)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      editApiKey(user, { keyId: key.id, expiresAt: new Date(Date.parse(key.expiresAt) + 60_000) }, NO_REQUEST),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await queued(webhook.id)).toEqual([]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).description).toBe("");
  });

  it("is delivered signed, and labelled for people", async () => {
    const own = await startWebhookReceiver();
    try {
      const user = await createTestUser();
      const { webhook, secret } = await createWebhook(
        user,
        { url: own.url, description: "", events: ["api_key.updated", "api_key.deactivated"], expiringDays: 7 },
        NO_REQUEST,
      );
      expect(webhook.events).toEqual(["api_key.deactivated", "api_key.updated"]);
      expect(operationsText(webhook.events)).toBe("Deactivated, Edited");
      const { key } = await issueApiKey(user, keyInput({ name: "wire" }), NO_REQUEST);
      await editApiKey(user, { keyId: key.id, name: "wired" }, NO_REQUEST);
      await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
      const worker = new WebhookWorker();
      for (let i = 0; i < 10; i++) if ((await worker.runOnce()) === 0) break;
      const types = own.received.map(
        (got) => (new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { type: string }).type,
      );
      expect(types).toEqual(["api_key.updated", "api_key.deactivated"]);
      const log = await listDeliveryAttempts(user.id, webhook.id);
      expect(log?.map((a) => [a.eventType, a.status])).toEqual([
        ["api_key.deactivated", 200],
        ["api_key.updated", 200],
      ]);
      expect([eventLabel("api_key.deactivated"), eventLabel("api_key.activated"), eventLabel("api_key.updated")]).toEqual([
        "API key deactivated",
        "API key activated",
        "API key edited",
      ]);
    } finally {
      await own.close();
    }
  });
});
