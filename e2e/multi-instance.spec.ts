// Several Keydesk instances on one database, nothing correct depending on one process's memory:
// two dedicated API processes (scripts/start-api.ts) started here beside the engine's console
// test server (which serves the same API at /api/v1), all on that engine's database. Proves that
//   - the active-key limit holds under concurrent issue requests spread over all three;
//   - a key revoked through any one is refused by the others within 1 second (measured);
//   - usage counters and last use from all three add up exactly after a clean stop.
// No browser: plain HTTP. Runs on SQLite and on PostgreSQL like every other browser test.
import { type E2eDb, e2eSparePorts } from "./e2e-env";
import { expect, test } from "./fixtures";
import { type ServerProcess, startApiProcess } from "./server-process";

const BOUND_MS = 1000;
const NO_REQUEST = { ip: null, userAgent: null };

type Instance = { name: string; base: string };

test.describe.configure({ mode: "serial" });

let apis: ServerProcess[] = [];
let instances: Instance[] = [];

test.beforeAll(async ({}, testInfo) => {
  const db = (testInfo.project.metadata as { db: E2eDb }).db;
  const [first, second] = e2eSparePorts(db);
  const env = {
    // Repeated refusals from this test's address must not turn into rate_limited answers.
    KEYDESK_API_FAILED_AUTH_BURST: "0",
    // Only a clean stop writes usage: the last test checks that nothing counted is lost.
    KEYDESK_API_USAGE_FLUSH_MS: "600000",
  };
  apis = await Promise.all([startApiProcess(db, "api-1", first, env), startApiProcess(db, "api-2", second, env)]);
  instances = [...apis.map((a) => ({ name: a.name, base: a.base })), { name: "console", base: `${testInfo.project.use.baseURL}/api/v1` }];
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const a of apis) await testInfo.attach(`${a.name} output`, { body: a.output(), contentType: "text/plain" });
});

test.afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
});

function call(instance: Instance, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${instance.base}${path}`, { ...init, headers });
}

async function status(instance: Instance, path: string, token: string): Promise<number> {
  const res = await call(instance, path, token);
  await res.arrayBuffer();
  return res.status;
}

/** Answered from each instance's cache afterwards: the first request loads the key there. */
async function warm(token: string) {
  for (const instance of instances) {
    for (let i = 0; i < 2; i++) expect(await status(instance, "/me", token), instance.name).toBe(200);
  }
}

test("the active-key limit holds under concurrent issue requests spread over two API processes and the console", async ({
  lib,
  makeUser,
}) => {
  const policy = await lib.db.policy.findUnique({ where: { id: 1 } });
  const limit = policy?.maxActiveKeys ?? 3;
  const owner = await makeUser({ apiAccess: true });
  const actor = (await lib.loadActor(owner.id))!;
  const caller = await lib.issueApiKey(
    actor,
    lib.fixtures.keyInput({ name: "Issuer", apiSets: ["keys:write", "profile:read"] }),
    NO_REQUEST,
  );
  await warm(caller.token);

  const activeKeys = () =>
    lib.db.apiKey.findMany({ where: { userId: owner.id, revokedAt: null, expiresAt: { gt: new Date() } }, select: { clientId: true } });

  for (let round = 1; round <= 2; round++) {
    const before = (await activeKeys()).length;
    const perInstance = 8;
    const attempts = Array.from({ length: perInstance * instances.length }, (_, i) => {
      // Round 2 shifts the spread so each instance's requests start in another order.
      const instance = instances[(i + round) % instances.length];
      const body = JSON.stringify({ name: `Race ${round}-${i}`, apiSets: ["profile:read"], expiresIn: "7d" });
      return call(instance, "/keys", caller.token, { method: "POST", body }).then(async (res) => ({
        instance: instance.name,
        status: res.status,
        body: (await res.json()) as { code?: string; secretKey?: string; key?: { clientId: string } },
      }));
    });
    const results = await Promise.all(attempts);
    const issued = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(issued.length, JSON.stringify(results.map((r) => [r.instance, r.status, r.body.code]))).toBe(limit - before);
    for (const r of refused) {
      expect(r.status, `${r.instance}: ${JSON.stringify(r.body)}`).toBe(409);
      expect(r.body.code, r.instance).toBe("key_limit_reached");
    }
    expect((await activeKeys()).length).toBe(limit);

    // Each key issued anywhere works everywhere on its first request.
    for (const r of issued) {
      for (const instance of instances)
        expect(await status(instance, "/me", r.body.secretKey!), `${r.instance} → ${instance.name}`).toBe(200);
    }
    // Revoke the new keys through different instances, to race again from one active key.
    for (const [i, r] of issued.entries()) {
      const res = await call(instances[i % instances.length], `/keys/${r.body.key!.clientId}`, caller.token, { method: "DELETE" });
      expect(res.status).toBe(200);
    }
    expect((await activeKeys()).length).toBe(1);
  }
});

test("a key revoked through one instance is refused by the others within 1 second", async ({ lib, makeUser }, testInfo) => {
  const owner = await makeUser({ apiAccess: true });
  const actor = (await lib.loadActor(owner.id))!;
  const manager = await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Manager", apiSets: ["keys:write"] }), NO_REQUEST);
  const lines: string[] = [];
  const delays: number[] = [];

  for (let repeat = 0; repeat < 2; repeat++) {
    for (const revoker of instances) {
      const target = await lib.issueApiKey(actor, lib.fixtures.keyInput({ apiSets: ["profile:read"] }), NO_REQUEST);
      await warm(target.token);
      const others = instances.filter((i) => i !== revoker);

      // Every other instance is asked continuously from just before the revocation is sent.
      // The revocation commits before its answer leaves the revoking instance, so the bound is
      // measured from that answer: a refusal seen earlier counts as 0 ms.
      const start = performance.now();
      const watchers = others.map(async (instance) => {
        for (;;) {
          const res = await call(instance, "/me", target.token);
          const at = performance.now() - start;
          if (res.status !== 200) {
            const body = await res.json();
            return { instance: instance.name, at, status: res.status, code: body.code as string };
          }
          await res.arrayBuffer();
          if (at > 10_000) return { instance: instance.name, at, status: 200, code: "still accepted after 10 s" };
          await new Promise((r) => setTimeout(r, 2));
        }
      });
      const revoked = await call(revoker, `/keys/${target.key.clientId}`, manager.token, { method: "DELETE" });
      const answeredAt = performance.now() - start;
      expect(revoked.status).toBe(200);
      // The instance that revoked it refuses it as soon as it has answered.
      const own = await call(revoker, "/me", target.token);
      expect([own.status, (await own.json()).code]).toEqual([401, "key_revoked"]);

      const refusals = await Promise.all(watchers);
      for (const r of refusals) {
        expect([r.instance, r.status, r.code]).toEqual([r.instance, 401, "key_revoked"]);
        delays.push(Math.max(0, r.at - answeredAt));
      }
      lines.push(
        `via ${revoker.name} (DELETE took ${Math.round(answeredAt)} ms): ` +
          refusals.map((r) => `${r.instance} +${Math.round(Math.max(0, r.at - answeredAt))} ms`).join(", "),
      );
      // Still refused afterwards on the API processes (no stale entry coming back).
      for (const api of others.filter((i) => i.name !== "console")) {
        expect(await status(api, "/me", target.token)).toBe(401);
      }
    }
  }
  const summary = `${testInfo.project.name}, refused after the revocation's answer: ${lines.join("; ")}`;
  console.log(`[multi-instance] ${summary}`);
  testInfo.annotations.push({ type: "revocation delays", description: summary });
  for (const d of delays) expect(d).toBeLessThan(BOUND_MS);
});

test("usage and last use counted by all three add up exactly after a clean stop", async ({ lib, makeUser }) => {
  const [api1, api2, consoleApi] = instances;
  const owner = await makeUser({ apiAccess: true });
  const actor = (await lib.loadActor(owner.id))!;
  // One key used on every instance, and one used on each instance alone.
  const shared = await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Shared", apiSets: ["profile:read"] }), NO_REQUEST);
  const second = await makeUser({ apiAccess: true });
  const secondActor = (await lib.loadActor(second.id))!;
  const own = await Promise.all(
    instances.map((i) =>
      lib.issueApiKey(secondActor, lib.fixtures.keyInput({ name: `Only ${i.name}`, apiSets: ["profile:read"] }), NO_REQUEST),
    ),
  );

  // Requests per instance: [ok, insufficient_scope] for the shared key and for the instance's own.
  const plan = new Map<Instance, { ok: number; scope: number }>([
    [api1, { ok: 120, scope: 15 }],
    [api2, { ok: 90, scope: 25 }],
    [consoleApi, { ok: 30, scope: 6 }],
  ]);
  const lastOwnUse = new Map<string, { from: number; to: number; first: number }>();
  await Promise.all(
    instances.map(async (instance, index) => {
      const { ok, scope } = plan.get(instance)!;
      const ownToken = own[index].token;
      const first = Date.now();
      // A few requests at a time per instance: concurrent with the other instances.
      const jobs: (() => Promise<void>)[] = [];
      for (let i = 0; i < ok; i++) {
        jobs.push(async () => expect(await status(instance, "/me", shared.token)).toBe(200));
        jobs.push(async () => expect(await status(instance, "/me", ownToken)).toBe(200));
      }
      for (let i = 0; i < scope; i++) {
        // The keys carry profile:read only: listing keys is refused with insufficient_scope.
        jobs.push(async () => expect(await status(instance, "/keys", shared.token)).toBe(403));
        jobs.push(async () => expect(await status(instance, "/keys", ownToken)).toBe(403));
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < jobs.length) await jobs[next++]();
        }),
      );
      // The instance's own key: one last request, after all the others.
      const from = Date.now();
      expect(await status(instance, "/me", ownToken)).toBe(200);
      lastOwnUse.set(own[index].key.id, { from, to: Date.now(), first });
    }),
  );
  // The shared key's very last use, on the second API process.
  const lastFrom = Date.now();
  expect(await status(api2, "/me", shared.token)).toBe(200);
  const lastTo = Date.now();

  // Nothing of the API processes' counts is written before they stop (600 s flush interval).
  expect(await lib.db.apiKeyUsage.count({ where: { keyId: { in: [own[0].key.id, own[1].key.id] } } })).toBe(0);
  const codes = await Promise.all(apis.map((a) => a.stop()));
  expect(codes).toEqual([0, 0]);

  const expected = (keyId: string) => {
    if (keyId === shared.key.id) {
      const sum = [...plan.values()].reduce((a, b) => ({ ok: a.ok + b.ok, scope: a.scope + b.scope }));
      return { ok: sum.ok + 1, insufficient_scope: sum.scope };
    }
    const instance = instances[own.findIndex((k) => k.key.id === keyId)];
    const { ok, scope } = plan.get(instance)!;
    return { ok: ok + 1, insufficient_scope: scope };
  };
  const keyIds = [shared.key.id, ...own.map((k) => k.key.id)];
  const counted = async () => {
    const rows = await lib.db.apiKeyUsage.findMany({ where: { keyId: { in: keyIds } } });
    // Summed over days: a run across midnight (UTC) splits the counts, not their total.
    const totals: Record<string, Record<string, number>> = Object.fromEntries(keyIds.map((id) => [id, {}]));
    for (const r of rows) totals[r.keyId][r.outcome] = (totals[r.keyId][r.outcome] ?? 0) + r.count;
    return totals;
  };
  const want = Object.fromEntries(keyIds.map((id) => [id, expected(id)]));
  // The console writes what it counted every second (its test server's KEYDESK_API_USAGE_FLUSH_MS).
  await expect.poll(counted, { timeout: 15_000, intervals: [250] }).toEqual(want);
  // And keeps them exact: nothing counted twice by a later flush.
  await new Promise((r) => setTimeout(r, 2_500));
  expect(await counted()).toEqual(want);

  const keys = await lib.db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, lastUsedAt: true, lastUsedIp: true } });
  const byId = new Map(keys.map((k) => [k.id, k]));
  // The shared key's last use is its latest request of all, whichever process wrote what when.
  const sharedRow = byId.get(shared.key.id)!;
  expect(sharedRow.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(lastFrom);
  expect(sharedRow.lastUsedAt!.getTime()).toBeLessThanOrEqual(lastTo);
  expect(sharedRow.lastUsedIp).toBe("127.0.0.1");
  for (const [index, k] of own.entries()) {
    const row = byId.get(k.key.id)!;
    const window = lastOwnUse.get(k.key.id)!;
    const at = row.lastUsedAt!.getTime();
    if (instances[index] === consoleApi) {
      // The running console writes a key's last use at most once a minute: one of its requests.
      expect(at).toBeGreaterThanOrEqual(window.first);
      expect(at).toBeLessThanOrEqual(window.to);
    } else {
      // A stopping API process writes the very last one.
      expect(at, instances[index].name).toBeGreaterThanOrEqual(window.from);
      expect(at, instances[index].name).toBeLessThanOrEqual(window.to);
    }
    expect(row.lastUsedIp).toMatch(/^(127\.0\.0\.1|::1)$/);
  }
});
