// Per-key rate limits end to end: issued with a key (or from the policy), answered with 429
// rate_limited and the RateLimit headers once spent, reported and consumed by /verify; counted
// in memory without Redis, shared by two real API processes through one Redis, and still
// served and limited per process when Redis is unreachable. Redis tests run against
// KEYDESK_TEST_REDIS (scripts/test.sh sets it when one answers) with a key prefix of their own.
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { issueApiKey } from "../keys/issue-api-key";
import { startTestApi, type TestApi } from "../testing/api-app";
import { startApiProcess } from "../testing/api-process";
import { createTestUser, keyInput } from "../testing/fixtures";
import { RateLimits, SharedFailedAuthLimiter } from "./rate-limits";

const REDIS = process.env.KEYDESK_TEST_REDIS;
if (!REDIS && process.env.KEYDESK_TEST_REDIS_REQUIRED === "1")
  throw new Error("KEYDESK_TEST_REDIS_REQUIRED=1 but KEYDESK_TEST_REDIS is unset");
/** Never shared with another run or another test file. */
const testPrefix = () => `keydesk-test:${process.env.KEYDESK_TEST_DB}:${process.pid}:${randomUUID().slice(0, 8)}`;

const RATE_LIMIT_POLICY = /^"key";q=(\d+);w=(\d+)$/;
const RATE_LIMIT = /^"key";r=(\d+);t=(\d+)$/;

async function keyWithLimit(requests: number, per: "second" | "minute" = "minute", apiSets = ["profile:read"] as const) {
  const user = await createTestUser();
  return issueApiKey(user, keyInput({ rateLimitRequests: requests, rateLimitPer: per, apiSets: [...apiSets] }), NO_REQUEST);
}

describe("per-key rate limits counted in memory", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  it("a key without a limit gets no RateLimit headers; health says memory", async () => {
    const user = await createTestUser();
    const { token } = await issueApiKey(user, keyInput(), NO_REQUEST);
    for (let i = 0; i < 20; i++) {
      const res = await api.call("/me", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit")).toBeNull();
      expect(res.headers.get("ratelimit-policy")).toBeNull();
    }
    const health = await api.call("/health");
    expect(await health.json()).toEqual({ ok: true, rateLimits: { store: "memory" } });
  });

  it("allows exactly the limit, with the draft's headers, then 429 rate_limited with Retry-After", async () => {
    const { token, key } = await keyWithLimit(3);
    expect(key.rateLimit).toEqual({ requests: 3, per: "minute" });
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.call("/me", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
      const [, r, t] = RATE_LIMIT.exec(res.headers.get("ratelimit") ?? "") ?? [];
      remaining.push(Number(r));
      expect(Number(t)).toBeGreaterThan(0);
      expect(Number(t)).toBeLessThanOrEqual(60);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = await api.call("/me", { token });
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.code).toBe("rate_limited");
    expect(body.detail).toMatch(/^This key allows 3 requests per minute\. Try again in \d+ seconds\.$/);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(RATE_LIMIT_POLICY.exec(refused.headers.get("ratelimit-policy") ?? "")?.slice(1)).toEqual(["3", "60"]);
    // The reset the RateLimit field names is the moment Retry-After names.
    expect(refused.headers.get("ratelimit")).toBe(`"key";r=0;t=${retryAfter}`);
  });

  it("a per-second limit starts again after its second", async () => {
    const { token } = await keyWithLimit(2, "second");
    const statuses = async () => Promise.all([0, 1, 2].map(async () => (await api.call("/me", { token })).status));
    expect((await statuses()).sort()).toEqual([200, 200, 429]);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await api.call("/me", { token })).status).toBe(200);
  });

  it("/verify reports the checked key's limit, and counts against it only when asked", async () => {
    const checker = await issueApiKey(await createTestUser(), keyInput({ apiSets: ["keys:verify"] }), NO_REQUEST);
    const checked = await keyWithLimit(2);
    const verify = async (body: object) =>
      (
        await api.call("/verify", {
          token: checker.token,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json();
    const reported = await verify({ key: checked.token });
    expect(reported).toMatchObject({ valid: true, code: null, rateLimit: { limit: 2, remaining: 2, resetSeconds: 60 } });
    expect(await verify({ key: checked.token })).toMatchObject({ rateLimit: { remaining: 2 } });
    const first = await verify({ key: checked.token, consumeRateLimit: true });
    expect(first).toMatchObject({ valid: true, rateLimit: { limit: 2, remaining: 1 } });
    expect(await verify({ key: checked.token, consumeRateLimit: true })).toMatchObject({ valid: true, rateLimit: { remaining: 0 } });
    const spent = await verify({ key: checked.token, consumeRateLimit: true });
    expect(spent).toMatchObject({ valid: false, code: "rate_limited", clientId: checked.key.clientId, rateLimit: { remaining: 0 } });
    expect(spent.rateLimit.resetSeconds).toBeGreaterThanOrEqual(1);
    // Verified and direct calls draw from the same limit.
    expect((await api.call("/me", { token: checked.token })).status).toBe(429);
    // A key without a limit, and an unknown key, say nothing about limits.
    expect(await verify({ key: checker.token })).not.toHaveProperty("rateLimit");
    const unknown = await verify({ key: `${checked.token.slice(0, -8)}AAAAAAAA`, consumeRateLimit: true });
    expect(unknown).toEqual({ valid: false, code: "invalid_key", clientId: null, owner: null, apiSets: [], expiresAt: null });
  });

  it("issuing applies the policy's default and refuses a limit above its maximum, through the API too", async () => {
    await db.policy.update({
      where: { id: 1 },
      data: { defaultRateLimitRequests: 50, defaultRateLimitWindowSeconds: 60, maxRateLimitPerMinute: 600 },
    });
    try {
      const user = await createTestUser();
      const plain = await issueApiKey(user, keyInput({ apiSets: ["keys:write", "keys:read"] }), NO_REQUEST);
      expect(plain.key.rateLimit).toEqual({ requests: 50, per: "minute" });
      const post = (body: object) =>
        api.call("/keys", {
          token: plain.token,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const over = await post({ name: "fast", apiSets: ["keys:read"], expiresIn: "30d", rateLimitRequests: 11, rateLimitPer: "second" });
      expect(over.status).toBe(422);
      expect((await over.json()).errors).toEqual([
        { field: "rateLimitRequests", message: "The most a key may allow is 600 requests per minute." },
      ]);
      const ok = await post({
        name: "ten a second",
        apiSets: ["keys:read"],
        expiresIn: "30d",
        rateLimitRequests: 10,
        rateLimitPer: "second",
      });
      expect(ok.status).toBe(201);
      expect((await ok.json()).key.rateLimit).toEqual({ requests: 10, per: "second" });
      const bad = await post({ name: "bad", apiSets: ["keys:read"], expiresIn: "30d", rateLimitRequests: "0" });
      expect(bad.status).toBe(422);
      expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(2);
    } finally {
      await db.policy.update({
        where: { id: 1 },
        data: { defaultRateLimitRequests: null, defaultRateLimitWindowSeconds: null, maxRateLimitPerMinute: null },
      });
    }
  });
});

describe("Redis unreachable", () => {
  let api: TestApi;
  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused at once.
    api = await startTestApi({ runtime: { redisUrl: "redis://127.0.0.1:1", redisPrefix: testPrefix() } });
  });
  afterAll(() => api.stop());

  it("still serves and limits each process on its own, and health says so", async () => {
    const health = await (await api.call("/health")).json();
    expect(health).toEqual({ ok: true, rateLimits: { store: "redis", redis: "unreachable" } });
    const { token } = await keyWithLimit(3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.call("/me", { token })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe.skipIf(!REDIS)("shared through Redis", () => {
  const prefix = testPrefix();
  const children: ChildProcess[] = [];
  let bases: string[] = [];

  beforeAll(async () => {
    const env = { KEYDESK_REDIS_URL: REDIS as string, KEYDESK_REDIS_PREFIX: prefix, KEYDESK_API_USAGE_FLUSH_MS: "600000" };
    const started = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    for (const p of started) children.push(p.child);
    bases = started.map((p) => p.base);
  }, 90_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("two API processes allow exactly the limit between them", async () => {
    for (const base of bases) {
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true, rateLimits: { store: "redis", redis: "connected" } });
    }
    const { token } = await keyWithLimit(10);
    // 40 concurrent requests, half to each process: exactly 10 pass, wherever they land.
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await fetch(`${bases[i % 2]}/me`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        return { status: res.status, process: i % 2 };
      }),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 429)).toHaveLength(30);
    // Both processes refused, and both served: neither counted on its own.
    for (const p of [0, 1]) expect(results.some((r) => r.process === p && r.status === 429)).toBe(true);
  });

  it("failed authentications are counted once for every instance", async () => {
    const { connectRateLimitRedis } = await import("./rate-limits");
    const limiterPrefix = testPrefix();
    const clients = [connectRateLimitRedis(REDIS as string), connectRateLimitRedis(REDIS as string)];
    try {
      await Promise.all(
        clients.map((c) => new Promise<void>((resolve) => (c.status === "ready" ? resolve() : c.once("ready", () => resolve())))),
      );
      const [a, b] = clients.map(
        (redis) => new SharedFailedAuthLimiter(new RateLimits({ redis, prefix: limiterPrefix }), { burst: 6, perMinute: 3 }),
      );
      const ip = "198.51.100.77";
      // Three failures on each instance spend the shared allowance of six: both hold the address back.
      for (let i = 0; i < 3; i++) {
        await a.failed(ip);
        await b.failed(ip);
      }
      expect(a.retryAfter(ip) > 0 || b.retryAfter(ip) > 0).toBe(true);
      // The other instance learns at its next failure (at most one more than the allowance each).
      await a.failed(ip);
      await b.failed(ip);
      expect(a.retryAfter(ip)).toBeGreaterThan(0);
      expect(b.retryAfter(ip)).toBeGreaterThan(0);
      expect(a.retryAfter(ip)).toBeLessThanOrEqual(120);
      expect(a.retryAfter("198.51.100.78")).toBe(0);
    } finally {
      for (const c of clients) c.disconnect();
    }
  });
});
