// /api/v1/webhooks against a real database and a real receiver: the API sets, the owner scope,
// the secret shown once, validation and SSRF refusals as problem+json, and the log and
// redelivery of a delivered event.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../../audit/write-audit";
import type { ApiSetCode } from "../../keys/api-sets";
import { issueApiKey } from "../../keys/issue-api-key";
import { startTestApi, TEST_ENDPOINT, type TestApi } from "../../testing/api-app";
import { jsonBody } from "../../testing/api-requests";
import { createTestUser, keyInput } from "../../testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../../testing/webhook-receiver";
import { WebhookWorker } from "../../webhooks/worker";

process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";

let api: TestApi;
let receiver: WebhookReceiver;
beforeAll(async () => {
  api = await startTestApi();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.stop();
});

async function keyFor(apiSets: ApiSetCode[] = ["webhooks:read", "webhooks:write", "keys:write"]) {
  const user = await createTestUser();
  const { token } = await issueApiKey(user, keyInput({ apiSets }), NO_REQUEST);
  return { user, token };
}

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, code });
  return body as { detail: string; errors?: { field: string; message: string }[] };
}

const create = (token: string, body: unknown) => api.call("/webhooks", { method: "POST", token, ...jsonBody(body) });

describe("/api/v1/webhooks", () => {
  it("creates a webhook (201, secret once, no-store), lists, gets, changes and deletes it", async () => {
    const { token } = await keyFor();
    const res = await create(token, { url: receiver.url, events: ["api_key.revoked", "api_key.created"], description: "bot" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = await res.json();
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({
      url: receiver.url,
      events: ["api_key.created", "api_key.revoked"],
      enabled: true,
      expiringDays: 7,
    });
    expect(res.headers.get("location")).toBe(`${TEST_ENDPOINT}/webhooks/${created.webhook.id}`);

    const list = await (await api.call("/webhooks", { token })).json();
    expect(list.webhooks).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const one = await api.call(`/webhooks/${created.webhook.id}`, { token });
    expect(one.status).toBe(200);
    expect(JSON.stringify(await one.json())).not.toContain(created.secret);

    const off = await api.call(`/webhooks/${created.webhook.id}`, { method: "PATCH", token, ...jsonBody({ enabled: false }) });
    expect(await off.json()).toMatchObject({ enabled: false, disabledReason: "user" });
    await problem(await api.call(`/webhooks/${created.webhook.id}`, { method: "PATCH", token, ...jsonBody({}) }), 422, "validation_failed");

    const rotated = await (await api.call(`/webhooks/${created.webhook.id}/rotate-secret`, { method: "POST", token })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.webhook.previousSecretUntil).not.toBeNull();

    expect((await api.call(`/webhooks/${created.webhook.id}`, { method: "DELETE", token })).status).toBe(204);
    await problem(await api.call(`/webhooks/${created.webhook.id}`, { token }), 404, "not_found");
  });

  it("refuses ids that are not letters, digits and underscores before any lookup (a NUL once reached PostgreSQL)", async () => {
    const { token } = await keyFor(["webhooks:read", "webhooks:write"]);
    for (const id of ["%00", "a%0Ab", "%F0%9F%94%91", "x".repeat(65)]) {
      await problem(await api.call(`/webhooks/${id}`, { token }), 422, "validation_failed");
      await problem(await api.call(`/webhooks/${id}/deliveries/%00/redeliver`, { method: "POST", token }), 422, "validation_failed");
    }
  });

  it("needs webhooks:read to read and webhooks:write to change", async () => {
    const { token: readOnly } = await keyFor(["webhooks:read"]);
    expect((await api.call("/webhooks", { token: readOnly })).status).toBe(200);
    const refused = await problem(await create(readOnly, { url: receiver.url, events: ["api_key.revoked"] }), 403, "insufficient_scope");
    expect(refused.detail).toMatch(/webhooks:write/);
    const { token: none } = await keyFor(["profile:read"]);
    await problem(await api.call("/webhooks", { token: none }), 403, "insufficient_scope");
    await problem(await api.call("/webhooks"), 401, "invalid_key");
  });

  it("scopes everything to the key's owner", async () => {
    const a = await keyFor();
    const b = await keyFor();
    const { webhook } = await (await create(a.token, { url: receiver.url, events: ["api_key.revoked"] })).json();
    expect((await (await api.call("/webhooks", { token: b.token })).json()).webhooks).toEqual([]);
    for (const [path, method] of [
      [`/webhooks/${webhook.id}`, "GET"],
      [`/webhooks/${webhook.id}`, "DELETE"],
      [`/webhooks/${webhook.id}/rotate-secret`, "POST"],
      [`/webhooks/${webhook.id}/deliveries`, "GET"],
      [`/webhooks/${webhook.id}/test`, "POST"],
    ] as const) {
      await problem(await api.call(path, { method, token: b.token }), 404, "not_found");
    }
    await problem(
      await api.call(`/webhooks/${webhook.id}`, { method: "PATCH", token: b.token, ...jsonBody({ enabled: false }) }),
      404,
      "not_found",
    );
    expect((await api.call(`/webhooks/${webhook.id}`, { token: a.token })).status).toBe(200);
  });

  it("refuses bad input with field errors and changes nothing", async () => {
    const { token } = await keyFor();
    const cases: [unknown, RegExp][] = [
      [{ url: receiver.url, events: [] }, /operation type/],
      [{ url: receiver.url, events: ["api_key.stolen"] }, /Unknown event type/],
      [{ url: "https://10.0.0.8/hook", events: ["api_key.revoked"] }, /private/],
      [{ url: "https://[fe80::1]/hook", events: ["api_key.revoked"] }, /link-local/],
      [{ url: "https://169.254.169.254/latest", events: ["api_key.revoked"] }, /link-local/],
      [{ url: "ftp://example.com/", events: ["api_key.revoked"] }, /https/],
      [{ url: receiver.url, events: ["api_key.expiring"], expiringDays: 0 }, /at least 1/],
    ];
    for (const [body, message] of cases) {
      const refused = await problem(await create(token, body), 422, "validation_failed");
      expect(JSON.stringify(refused)).toMatch(message);
    }
    await problem(
      await api.call("/webhooks", { method: "POST", token, body: "{", headers: { "content-type": "application/json" } }),
      400,
      "malformed_request",
    );
    expect((await (await api.call("/webhooks", { token })).json()).webhooks).toEqual([]);
  });

  it("holds the policy's limit of 10 webhooks", async () => {
    const { token } = await keyFor();
    const results = await Promise.all(Array.from({ length: 12 }, () => create(token, { url: receiver.url, events: ["api_key.revoked"] })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 201)) await problem(r, 409, "conflict");
  });

  it("sends a test event, lists the delivery, and redelivers it with the same webhook-id", async () => {
    const { token } = await keyFor();
    const own = await startWebhookReceiver();
    try {
      const { webhook, secret } = await (await create(token, { url: own.url, events: ["api_access.enabled"] })).json();
      const queued = await api.call(`/webhooks/${webhook.id}/test`, { method: "POST", token });
      expect(queued.status).toBe(202);
      const { eventId } = await queued.json();
      const worker = new WebhookWorker();
      await worker.runOnce();
      expect(own.received).toHaveLength(1);
      const first = own.received[0];
      expect(new Webhook(secret).verify(first?.body ?? "", (first?.headers ?? {}) as Record<string, string>)).toMatchObject({
        type: "webhook.test",
      });
      const log = await (await api.call(`/webhooks/${webhook.id}/deliveries`, { token })).json();
      expect(log.deliveries).toHaveLength(1);
      expect(log.deliveries[0]).toMatchObject({ eventId, status: 200, eventType: "webhook.test", eventState: "delivered" });
      const again = await api.call(`/webhooks/${webhook.id}/deliveries/${eventId}/redeliver`, { method: "POST", token });
      expect(again.status).toBe(202);
      await problem(await api.call(`/webhooks/${webhook.id}/deliveries/${eventId}/redeliver`, { method: "POST", token }), 409, "conflict");
      await worker.runOnce();
      expect(own.received).toHaveLength(2);
      expect(own.received[1]?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
      expect((await (await api.call(`/webhooks/${webhook.id}/deliveries`, { token })).json()).deliveries).toHaveLength(2);
    } finally {
      await own.close();
    }
  });
});
