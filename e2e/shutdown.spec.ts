// SIGTERM is a clean stop for both kinds of Keydesk process (what a load balancer or an
// orchestrator relies on when it replaces an instance): the listening socket closes at once, a
// request already in flight is still answered, the usage counted in memory is written, the
// pools are closed and the process exits 0. Each test starts its own process on the engine's
// database, with usage flushed only on stop.
import http from "node:http";
import { type E2eDb, e2eSparePorts } from "./e2e-env";
import { expect, test } from "./fixtures";
import { type ServerProcess, startApiProcess, startConsoleProcess } from "./server-process";

const NO_REQUEST = { ip: null, userAgent: null };

/** Sends the request head and the first half of a JSON body now; the rest when asked. */
function startSlowPost(url: string, token: string, body: string) {
  const bytes = Buffer.from(body);
  const half = bytes.subarray(0, bytes.length >> 1);
  const { hostname, port, pathname } = new URL(url);
  const request = http.request({
    hostname,
    port,
    path: pathname,
    method: "POST",
    agent: false,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": bytes.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    request.on("error", reject);
  });
  request.flushHeaders();
  request.write(half);
  return {
    finish() {
      request.end(bytes.subarray(half.length));
      return response;
    },
  };
}

for (const kind of ["dedicated API process", "console"] as const) {
  test(`the ${kind} stops cleanly on SIGTERM: in-flight request answered, usage written, exit 0`, async ({ lib, makeUser }, testInfo) => {
    const db = (testInfo.project.metadata as { db: E2eDb }).db;
    const port = e2eSparePorts(db)[kind === "console" ? 3 : 2];
    const env = { KEYDESK_API_USAGE_FLUSH_MS: "600000" };
    let server: ServerProcess | null = null;
    try {
      server = kind === "console" ? await startConsoleProcess(db, kind, port, env) : await startApiProcess(db, kind, port, env);
      const owner = await makeUser({ apiAccess: true });
      const actor = (await lib.loadActor(owner.id))!;
      const { token, key } = await lib.issueApiKey(actor, lib.fixtures.keyInput({ apiSets: ["profile:read", "keys:verify"] }), NO_REQUEST);

      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.base}/me`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
      }
      const slow = startSlowPost(`${server.base}/verify`, token, JSON.stringify({ key: token }));
      await new Promise((r) => setTimeout(r, 500)); // the server has the request's head by now
      process.kill(server.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 500));

      // No new connections once stopping (a load balancer sees the instance gone)…
      const refused = await fetch(`${server.base}/health`).then(
        (res) => `answered ${res.status}`,
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      expect(refused).toBe("ECONNREFUSED");
      // …but the request in flight is answered.
      const answer = await slow.finish();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ valid: true, code: null });

      expect(await server.exited).toBe(0);
      // 5 × /me, the /verify caller, and the key it checked (the same key): all written on stop.
      const rows = await lib.db.apiKeyUsage.findMany({ where: { keyId: key.id } });
      expect(rows.reduce((sum, r) => sum + (r.outcome === "ok" ? r.count : 0), 0)).toBe(7);
      expect(rows.every((r) => r.outcome === "ok")).toBe(true);
      const row = await lib.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
      expect(Date.now() - (row.lastUsedAt?.getTime() ?? 0)).toBeLessThan(120_000);
    } catch (error) {
      if (server) await testInfo.attach(`${kind} output`, { body: server.output(), contentType: "text/plain" });
      throw error;
    } finally {
      await server?.stop();
    }
  });
}
