// GET /api/v1/audit against a real database: only the owner's events, newest first, pages that
// neither repeat nor skip when events arrive meanwhile, the action and day filters, bad queries
// as 400 invalid_query, and no secret in any event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST, writeAudit } from "../../audit/write-audit";
import { db, transaction } from "../../db/client";
import type { ApiSetCode } from "../../keys/api-sets";
import { issueApiKey } from "../../keys/issue-api-key";
import { parseToken } from "../../keys/token";
import { encodeCursor } from "../../pagination";
import { startTestApi, TEST_ENDPOINT, type TestApi } from "../../testing/api-app";
import { createTestUser, keyInput } from "../../testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../../testing/webhook-receiver";

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

type Event = { id: number; at: string; action: string; actor: { id: string; name: string } | null; ip: string | null; summary: string };

async function ownerWithKey(apiSets: ApiSetCode[] = ["audit:read", "keys:write", "webhooks:write"]) {
  const user = await createTestUser();
  const issued = await issueApiKey(user, keyInput({ apiSets }), NO_REQUEST);
  return { user, token: issued.token, key: issued.key };
}

async function recordAt(targetUserId: string, at: string, action: "user.updated" | "key.revoked" = "user.updated", actorId = targetUserId) {
  const row = await db.auditEvent.create({ data: { at: new Date(at), actorId, targetUserId, action, details: "{}" } });
  return row.id;
}

async function page(token: string, query = "") {
  const res = await api.call(`/audit${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return (await res.json()) as { events: Event[]; nextCursor: string | null };
}

async function everyPage(token: string, query: string, between?: () => Promise<void>) {
  const events: Event[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = query ? "&" : "?";
    const body = await page(token, cursor ? `${query}${sep}cursor=${encodeURIComponent(cursor)}` : query);
    events.push(...body.events);
    cursor = body.nextCursor;
    if (!cursor) return events;
    await between?.();
  }
  throw new Error("the pages never ended");
}

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, code, type: `${TEST_ENDPOINT}/problems/${code}` });
  return body as { errors?: { field: string; message: string }[] };
}

describe("GET /api/v1/audit", () => {
  it("pages through the owner's own events only, newest first, without repeats when events arrive meanwhile", async () => {
    const { user, token } = await ownerWithKey();
    const other = await createTestUser();
    // Same timestamps on purpose: the id orders events of the same millisecond.
    for (const at of [
      "2026-11-01T08:00:00Z",
      "2026-11-02T08:00:00Z",
      "2026-11-02T08:00:00Z",
      "2026-11-03T08:00:00Z",
      "2026-11-04T08:00:00Z",
    ])
      await recordAt(user.id, at);
    await recordAt(other.id, "2026-11-03T09:00:00Z");
    // Another user's action whose target is someone else is not the owner's either.
    await recordAt(other.id, "2026-11-03T09:00:00Z", "user.updated", user.id);

    const expected = await db.auditEvent.findMany({
      where: { targetUserId: user.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    let added = 0;
    const events = await everyPage(token, "?limit=2", async () => {
      // Newer events recorded between pages go to the top, not into the next page.
      added += 1;
      await recordAt(user.id, new Date().toISOString());
    });
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(added).toBeGreaterThan(1);
    const ats = events.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const first = await page(token, "?limit=1");
    expect(first.events).toHaveLength(1);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // The default page holds up to 50.
    expect((await page(token)).events.length).toBe(expected.length + added);
  });

  it("filters by action and by UTC days, both ends included", async () => {
    const { user, token } = await ownerWithKey();
    const ids = {
      before: await recordAt(user.id, "2026-10-31T23:59:59.999Z"),
      start: await recordAt(user.id, "2026-11-01T00:00:00.000Z", "key.revoked"),
      middle: await recordAt(user.id, "2026-11-15T12:00:00.000Z"),
      end: await recordAt(user.id, "2026-11-30T23:59:59.999Z", "key.revoked"),
      after: await recordAt(user.id, "2026-12-01T00:00:00.000Z", "key.revoked"),
    };
    const inNovember = await everyPage(token, "?from=2026-11-01&to=2026-11-30&limit=1");
    expect(inNovember.map((e) => e.id)).toEqual([ids.end, ids.middle, ids.start]);
    const revoked = await everyPage(token, "?action=key.revoked");
    expect(revoked.map((e) => e.id)).toEqual([ids.after, ids.end, ids.start]);
    expect(revoked.every((e) => e.action === "key.revoked")).toBe(true);
    expect((await everyPage(token, "?action=key.revoked&to=2026-11-30")).map((e) => e.id)).toEqual([ids.end, ids.start]);
    expect((await everyPage(token, "?from=2026-12-01")).map((e) => e.id)).toContain(ids.after);
    expect((await everyPage(token, "?from=2026-12-01")).map((e) => e.id)).not.toContain(ids.end);
    expect((await page(token, "?from=2026-11-16&to=2026-11-16")).events).toEqual([]);
    expect((await page(token, "?from=2026-11-16&to=2026-11-16")).nextCursor).toBeNull();
  });

  it("answers a bad filter, limit or cursor with 400 invalid_query naming the parameter", async () => {
    const { token } = await ownerWithKey();
    const forged = (text: string) => Buffer.from(text).toString("base64url");
    const cases: [string, string][] = [
      ["?action=key.stolen", "action"],
      ["?from=2026-13-01", "from"],
      ["?from=2026-02-30", "from"],
      ["?to=01.12.2026", "to"],
      ["?from=2026-11-02&to=2026-11-01", "to"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=abc", "limit"],
      ["?limit=-5", "limit"],
      ["?limit=1e2", "limit"],
      ["?cursor=garbage!", "cursor"],
      [`?cursor=${forged("1.2.3")}`, "cursor"],
      [`?cursor=${forged("hello")}`, "cursor"],
      [`?cursor=${"A".repeat(300)}`, "cursor"],
    ];
    for (const [query, field] of cases) {
      const body = await problem(await api.call(`/audit${query}`, { token }), 400, "invalid_query");
      expect(
        body.errors?.map((e) => e.field),
        query,
      ).toContain(field);
    }
    // A well-formed cursor past the oldest event is simply the end.
    const end = await page(token, `?cursor=${encodeCursor({ at: new Date(0), id: 1 })}`);
    expect(end).toEqual({ events: [], nextCursor: null });
  });

  it("needs the audit:read API set", async () => {
    const { token } = await ownerWithKey(["keys:read"]);
    const res = await api.call("/audit", { token });
    expect(res.status).toBe(403);
    expect((await res.json()).requiredApiSet).toBe("audit:read");
    await problem(await api.call("/audit"), 401, "invalid_key");
  });

  it("shows who else acted by name only, and never a secret", async () => {
    const { user, token } = await ownerWithKey();
    const admin = await createTestUser({ admin: true, name: "Grace Admin" });
    await transaction((tx) =>
      writeAudit(
        tx,
        { actorId: admin.id, action: "user.updated", targetUserId: user.id },
        { ip: "198.51.100.77", userAgent: "AdminBrowser/1" },
      ),
    );

    // A key issued through the API, from a client whose user agent carries a key.
    const leakyAgent = `deploy-bot ${token}`;
    const issued = await api.call("/keys", {
      method: "POST",
      token,
      headers: { "content-type": "application/json", "user-agent": leakyAgent },
      body: JSON.stringify({ name: "Audit check", apiSets: ["audit:read"], expiresIn: "30d" }),
    });
    expect(issued.status).toBe(201);
    const newSecretKey: string = (await issued.json()).secretKey;
    // A webhook created and its secret rotated.
    const created = await api.call("/webhooks", {
      method: "POST",
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["api_key.revoked"] }),
    });
    expect(created.status).toBe(201);
    const { webhook, secret: firstSecret } = await created.json();
    const rotated = await api.call(`/webhooks/${webhook.id}/rotate-secret`, { method: "POST", token });
    const { secret: secondSecret } = await rotated.json();

    const res = await api.call("/audit", { token });
    const text = await res.text();
    for (const secret of [token, newSecretKey, parseToken(newSecretKey)?.secret, parseToken(token)?.secret, firstSecret, secondSecret]) {
      expect(secret).toBeTruthy();
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("secretHash");
    const events = (JSON.parse(text) as { events: (Event & { userAgent: string | null })[] }).events;
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["key.issued", "webhook.created", "webhook.secret_rotated", "user.updated"]),
    );
    const issuedEvent = events.find((e) => e.action === "key.issued");
    expect(issuedEvent?.userAgent).toBe("deploy-bot kdk_[redacted]");
    expect(issuedEvent?.actor).toEqual({ id: user.id, name: user.name });
    expect(issuedEvent?.ip).toBe("192.0.2.1");
    const byAdmin = events.find((e) => e.action === "user.updated");
    expect(byAdmin).toMatchObject({ actor: { id: admin.id, name: "Grace Admin" }, ip: null, userAgent: null });
    expect(text).not.toContain(admin.email);
    expect(text).not.toContain("AdminBrowser");
  });
});
