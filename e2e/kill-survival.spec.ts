// Failure survival: a Keydesk process killed with SIGKILL in the middle of a burst of key issues
// and revokes loses nothing it answered and breaks no rule. After a restart on the same database
// no user holds more active keys than the policy allows, and every issue or revoke that was
// answered 2xx is in the database with its audit row. Both kinds of process that change keys
// (the dedicated API process, and the console through its /api/v1 mount), on each engine.
import { type E2eDb, e2eSparePorts } from "./e2e-env";
import { expect, test } from "./fixtures";
import { type ServerProcess, startApiProcess, startConsoleProcess } from "./server-process";

const NO_REQUEST = { ip: null, userAgent: null };
const USERS = 8;
/** Issue-then-revoke loops per user, at once: more than the limit lets through together. */
const LOOPS_PER_USER = 3;
/** The process is killed once this many changes were answered 2xx (or after KILL_AFTER_MS). */
const KILL_AFTER_ANSWERS = 60;
const KILL_AFTER_MS = 4_000;

type Answered = { issued: Set<string>; revoked: Set<string> };

for (const kind of ["dedicated API process", "console"] as const) {
  test(`the ${kind} killed with SIGKILL mid-burst: after restart every 2xx change is there with its audit row, no user over the limit`, async ({
    lib,
    makeUser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const db = (testInfo.project.metadata as { db: E2eDb }).db;
    const port = e2eSparePorts(db)[kind === "console" ? 5 : 4];
    const start = () => (kind === "console" ? startConsoleProcess(db, kind, port) : startApiProcess(db, kind, port));
    const maxActiveKeys = (await lib.db.policy.findUnique({ where: { id: 1 } }))?.maxActiveKeys ?? 3;
    let server: ServerProcess | null = null;
    try {
      server = await start();
      const users = await Promise.all(
        Array.from({ length: USERS }, async () => {
          const account = await makeUser({ apiAccess: true });
          const actor = (await lib.loadActor(account.id))!;
          const { token } = await lib.issueApiKey(
            actor,
            lib.fixtures.keyInput({ name: "burst manager", apiSets: ["keys:read", "keys:write"] }),
            NO_REQUEST,
          );
          return { id: account.id, token };
        }),
      );

      const answered: Answered = { issued: new Set(), revoked: new Set() };
      const statuses: Record<string, number> = {};
      let cut = 0;
      let counter = 0;
      const base = server.base;
      const call = async (token: string, method: string, path: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const loop = async (token: string) => {
        // Until the process dies under it: the first request that gets no answer ends the loop.
        try {
          for (;;) {
            const issue = await call(token, "POST", "/keys", { name: `burst ${++counter}`, apiSets: ["keys:read"], expiresIn: "7d" });
            if (issue.status !== 201) {
              expect(issue.json.code, JSON.stringify(issue.json)).toBe("key_limit_reached");
              continue;
            }
            const clientId = (issue.json.key as { clientId: string }).clientId;
            answered.issued.add(clientId);
            const revoke = await call(token, "DELETE", `/keys/${clientId}`);
            expect(revoke.status, JSON.stringify(revoke.json)).toBe(200);
            answered.revoked.add(clientId);
          }
        } catch (error) {
          // fetch's TypeError: no answer (refused, reset, cut mid-body). Anything else is a failure.
          if (!(error instanceof TypeError)) throw error;
          cut += 1;
        }
      };
      const loops = users.flatMap((u) => Array.from({ length: LOOPS_PER_USER }, () => loop(u.token)));
      const burstStart = Date.now();
      while (answered.issued.size + answered.revoked.size < KILL_AFTER_ANSWERS && Date.now() - burstStart < KILL_AFTER_MS) {
        await new Promise((r) => setTimeout(r, 10));
      }
      process.kill(server.pid, "SIGKILL");
      await Promise.all(loops);
      expect(await server.exited).toBeNull(); // killed by the signal, not exited
      console.info(
        `[kill-survival ${db} ${kind}] answered before the kill: ${answered.issued.size} issued, ${answered.revoked.size} revoked; ` +
          `statuses ${JSON.stringify(statuses)}; ${cut} requests cut off by the kill`,
      );
      expect(answered.issued.size).toBeGreaterThan(0);
      expect(cut).toBe(USERS * LOOPS_PER_USER); // every loop was still running when the process died

      server = await start();
      const now = new Date();
      for (const user of users) {
        const active = await lib.db.apiKey.count({
          where: { userId: user.id, revokedAt: null, replacedById: null, expiresAt: { gt: now } },
        });
        expect(active, `active keys of ${user.id}`).toBeLessThanOrEqual(maxActiveKeys);
        // The restarted process serves the same state.
        const listed = await fetch(`${server.base}/keys`, { headers: { authorization: `Bearer ${user.token}` } });
        expect(listed.status).toBe(200);
      }
      // Every key row of these users (answered or not: a change may commit and lose its answer to
      // the kill) has its issue audited, every revoked one its revoke: row iff audit.
      const keys = await lib.db.apiKey.findMany({
        where: { userId: { in: users.map((u) => u.id) }, name: { startsWith: "burst " }, NOT: { name: "burst manager" } },
        select: { clientId: true, revokedAt: true },
      });
      const audits = await lib.db.auditEvent.findMany({
        where: { clientId: { in: keys.map((k) => k.clientId) }, action: { in: ["key.issued", "key.revoked"] } },
        select: { clientId: true, action: true },
      });
      const audited = (action: string) => new Set(audits.filter((a) => a.action === action).map((a) => a.clientId));
      for (const key of keys) {
        expect(audited("key.issued").has(key.clientId), `issue of ${key.clientId} audited`).toBe(true);
        expect(audited("key.revoked").has(key.clientId), `revoke of ${key.clientId} audited`).toBe(Boolean(key.revokedAt));
      }
      // Every change answered 2xx is there.
      const byClientId = new Map(keys.map((k) => [k.clientId, k]));
      for (const clientId of answered.issued) expect(byClientId.has(clientId), `issued ${clientId} stored`).toBe(true);
      for (const clientId of answered.revoked) expect(byClientId.get(clientId)?.revokedAt, `${clientId} revoked`).toBeTruthy();
      console.info(`[kill-survival ${db} ${kind}] stored after restart: ${keys.length} keys, ${audits.length} audit rows`);
    } catch (error) {
      if (server) await testInfo.attach(`${kind} output`, { body: server.output(), contentType: "text/plain" });
      throw error;
    } finally {
      await server?.stop();
    }
  });
}
