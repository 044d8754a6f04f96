// GET /api/v1/keys/{clientId}/usage against a real database: the owner's key's days by
// outcome as the console counts them (lib/keys/key-usage.ts), requests made through the API
// counted once written, someone else's key not found, and bad `days` as 400 invalid_query.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../../audit/write-audit";
import { db } from "../../db/client";
import { addDays, utcDate } from "../../keys/expiry";
import { issueApiKey } from "../../keys/issue-api-key";
import { startTestApi, type TestApi } from "../../testing/api-app";
import { createTestUser, keyInput } from "../../testing/fixtures";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

type Usage = { clientId: string; days: { day: string; total: number; outcomes: Record<string, number> }[]; totals: Record<string, number> };

async function owner() {
  const user = await createTestUser();
  const { token, key } = await issueApiKey(user, keyInput({ apiSets: ["keys:read"] }), NO_REQUEST);
  return { user, token, key };
}

async function usage(token: string, clientId: string, query = ""): Promise<Usage> {
  const res = await api.call(`/keys/${clientId}/usage${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.json();
}

describe("GET /api/v1/keys/{clientId}/usage", () => {
  it("gives the key's last days, oldest first, each with its count of every outcome", async () => {
    const { user, token, key: caller } = await owner();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const row = await db.apiKey.findUniqueOrThrow({ where: { clientId: key.clientId }, select: { id: true } });
    const today = utcDate(new Date());
    const daysAgo = (n: number) => utcDate(addDays(new Date(), -n));
    await db.apiKeyUsage.createMany({
      data: [
        { keyId: row.id, day: today, outcome: "ok", count: 5 },
        { keyId: row.id, day: today, outcome: "insufficient_scope", count: 2 },
        { keyId: row.id, day: daysAgo(6), outcome: "key_expired", count: 4 },
        { keyId: row.id, day: daysAgo(7), outcome: "ok", count: 100 }, // outside a 7-day window
        { keyId: row.id, day: daysAgo(89), outcome: "ok", count: 9 },
      ],
    });

    const week = await usage(token, key.clientId, "?days=7");
    expect(week.clientId).toBe(key.clientId);
    expect(week.days.map((d) => d.day)).toEqual([6, 5, 4, 3, 2, 1, 0].map(daysAgo));
    expect(week.days[6]).toEqual({ day: today, total: 7, outcomes: { ok: 5, insufficient_scope: 2 } });
    expect(week.days[0]).toEqual({ day: daysAgo(6), total: 4, outcomes: { key_expired: 4 } });
    expect(week.days[3]).toEqual({ day: daysAgo(3), total: 0, outcomes: {} });
    expect(week.totals).toEqual({ ok: 5, key_expired: 4, insufficient_scope: 2 });

    const defaultWindow = await usage(token, key.clientId);
    expect(defaultWindow.days).toHaveLength(30);
    expect(defaultWindow.totals.ok).toBe(105);
    const longest = await usage(token, key.clientId, "?days=90");
    expect(longest.days).toHaveLength(90);
    expect(longest.totals.ok).toBe(114);
    // The calling key's own usage is its own.
    expect((await usage(token, caller.clientId, "?days=1")).days[0].day).toBe(today);
  });

  it("counts the requests made with the key once they are written", async () => {
    const { token, key } = await owner();
    for (let i = 0; i < 3; i++) expect((await api.call("/keys", { token })).status).toBe(200);
    expect((await api.call("/me", { token })).status).toBe(403);
    await api.runtime.usage.flush({ all: true });
    const today = await usage(token, key.clientId, "?days=1");
    // The usage request itself was counted before it was answered, but written only now or later.
    expect(today.days[0].outcomes.insufficient_scope).toBe(1);
    expect(today.days[0].outcomes.ok).toBeGreaterThanOrEqual(3);
  });

  it("does not find someone else's key, and refuses a bad window or client id", async () => {
    const { token } = await owner();
    const { key: foreign } = await owner();
    const notFound = await api.call(`/keys/${foreign.clientId}/usage`, { token });
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).code).toBe("not_found");

    const { token: own, key: ownKey } = await owner();
    for (const days of ["0", "91", "abc", "-1", "7.5", "", "1e1"]) {
      const res = await api.call(`/keys/${ownKey.clientId}/usage?days=${days}`, { token: own });
      expect(res.status, days).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ code: "invalid_query", status: 400 });
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual(["days"]);
    }
    expect((await api.call("/keys/not-a-client-id/usage", { token: own })).status).toBe(422);
    // keys:read is required.
    const user = await createTestUser();
    const { token: profileOnly, key: itsKey } = await issueApiKey(user, keyInput({ apiSets: ["profile:read"] }), NO_REQUEST);
    const refused = await api.call(`/keys/${itsKey.clientId}/usage`, { token: profileOnly });
    expect(refused.status).toBe(403);
    expect((await refused.json()).requiredApiSet).toBe("keys:read");
  });
});
