// The freshness bound across processes: this test process changes keys through lib/ (as the
// console does) while a separate dedicated API process (`npm run start:api`) on the same
// database serves them. Every change must be refused there within 1 second, and a key issued
// here must work there on its very first request. Then the other way round, and finally a clean
// stop of that process must write the usage it had counted.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { db, transaction } from "../db/client";
import { editApiKey } from "../keys/edit-api-key";
import { issueApiKey } from "../keys/issue-api-key";
import { lockKeyOwner, noteAllKeysChanged } from "../keys/lock-owner";
import { regenerateApiKey } from "../keys/regenerate-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { setApiAccess } from "../keys/set-api-access";
import { activateApiKey, deactivateApiKey } from "../keys/set-key-active";
import { startTestApi, type TestApi } from "../testing/api-app";
import { startApiProcess } from "../testing/api-process";
import { createTestUser, keyInput } from "../testing/fixtures";

const BOUND_MS = 1000;
let child: ChildProcess;
let base: string;
const observed: Record<string, number[]> = {};

beforeAll(async () => {
  ({ child, base } = await startApiProcess({
    KEYDESK_API_FAILED_AUTH_BURST: "0",
    // Nothing is flushed on a timer during the test: the last test checks the flush on stop.
    KEYDESK_API_USAGE_FLUSH_MS: "600000",
  }));
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  console.info(
    `[cross-process ${process.env.KEYDESK_TEST_DB}] refusal delays (ms): ` +
      Object.entries(observed)
        .map(([what, ms]) => `${what} ${ms.map((m) => Math.round(m)).join("/")}`)
        .join(", "),
  );
});

function me(token: string, url = base): Promise<Response> {
  return fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
}

/** Milliseconds from now until the other process refuses `token` with `code`. */
async function timeUntilRefused(token: string, code: string, what: string): Promise<number> {
  const start = performance.now();
  for (;;) {
    const res = await me(token);
    const elapsed = performance.now() - start;
    if (res.status !== 200) {
      expect((await res.json()).code).toBe(code);
      observed[what] = [...(observed[what] ?? []), elapsed];
      return elapsed;
    }
    await res.arrayBuffer();
    if (elapsed > 5_000) throw new Error(`${what}: still accepted after 5 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function warm(token: string) {
  // Twice: the second answer comes from the other process's cache.
  expect((await me(token)).status).toBe(200);
  expect((await me(token)).status).toBe(200);
}

/** After a change that restores access: wait (within the same bound) until it is accepted again. */
async function untilAccepted(token: string) {
  const start = performance.now();
  while ((await me(token)).status !== 200) {
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("a dedicated API process sharing the database", () => {
  it("accepts a key issued by another process on its very first request", async () => {
    for (let i = 0; i < 5; i++) {
      const user = await createTestUser();
      const { token } = await issueApiKey(user, keyInput(), NO_REQUEST);
      expect((await me(token)).status).toBe(200);
    }
  });

  it("refuses a revoked key within 1 second", async () => {
    for (let i = 0; i < 5; i++) {
      const user = await createTestUser();
      const { token, key } = await issueApiKey(user, keyInput(), NO_REQUEST);
      await warm(token);
      await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
      expect(await timeUntilRefused(token, "key_revoked", "revoked")).toBeLessThan(BOUND_MS);
    }
  });

  it("refuses a key regenerated without grace within 1 second, and its successor works at once", async () => {
    const user = await createTestUser();
    const { token, key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    await warm(token);
    const fresh = await regenerateApiKey(user, { keyId: key.id, grace: "none" }, NO_REQUEST);
    expect((await me(fresh.token)).status).toBe(200);
    expect(await timeUntilRefused(token, "key_revoked", "regenerated")).toBeLessThan(BOUND_MS);
  });

  it("refuses keys within 1 second when API access is switched off, the user is disabled or loses the authority", async () => {
    const user = await createTestUser();
    const { token } = await issueApiKey(user, keyInput(), NO_REQUEST);
    await warm(token);
    await setApiAccess(user, false, NO_REQUEST);
    expect(await timeUntilRefused(token, "api_access_disabled", "access off")).toBeLessThan(BOUND_MS);
    await setApiAccess(user, true, NO_REQUEST);

    await untilAccepted(token);
    await warm(token);
    await setUser(user, { disabled: true });
    expect(await timeUntilRefused(token, "user_disabled", "disabled")).toBeLessThan(BOUND_MS);
    await setUser(user, { disabled: false });

    const role = await db.role.create({ data: { name: `Scripts ${Date.now()}`, authorities: "keys:use" } });
    const other = await createTestUser({ roleIds: [role.id] });
    const second = await issueApiKey(other, keyInput(), NO_REQUEST);
    await warm(second.token);
    await transaction(async (tx) => {
      await tx.role.update({ where: { id: role.id }, data: { authorities: "" } });
      await noteAllKeysChanged(tx);
    });
    expect(await timeUntilRefused(second.token, "forbidden", "role changed")).toBeLessThan(BOUND_MS);
  });

  it("and the other way round: a revocation through the API process is refused here within 1 second", async () => {
    const here: TestApi = await startTestApi();
    try {
      const user = await createTestUser();
      const manager = await issueApiKey(user, keyInput({ apiSets: ["keys:write"] }), NO_REQUEST);
      const target = await issueApiKey(user, keyInput({ apiSets: ["profile:read"] }), NO_REQUEST);
      expect((await here.call("/me", { token: target.token })).status).toBe(200);
      const res = await fetch(`${base}/keys/${target.key.clientId}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${manager.token}` },
      });
      expect(res.status).toBe(200);
      const start = performance.now();
      for (;;) {
        const answer = await here.call("/me", { token: target.token });
        if (answer.status !== 200) {
          expect((await answer.json()).code).toBe("key_revoked");
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const elapsed = performance.now() - start;
      observed["revoked there"] = [...(observed["revoked there"] ?? []), elapsed];
      expect(elapsed).toBeLessThan(BOUND_MS);
    } finally {
      await here.stop();
    }
  });

  it("refuses a deactivated key within 1 second and accepts it again within 1 second of activation", async () => {
    for (let i = 0; i < 3; i++) {
      const user = await createTestUser();
      const { token, key } = await issueApiKey(user, keyInput(), NO_REQUEST);
      await warm(token);
      await deactivateApiKey(user, { keyId: key.id }, NO_REQUEST);
      expect(await timeUntilRefused(token, "key_inactive", "deactivated")).toBeLessThan(BOUND_MS);
      await activateApiKey(user, { keyId: key.id }, NO_REQUEST);
      await untilAccepted(token);
    }
  });

  it("applies edits within 1 second: an allowlist without this address, narrowed API sets", async () => {
    const user = await createTestUser();
    const fenced = await issueApiKey(user, keyInput(), NO_REQUEST);
    await warm(fenced.token);
    await editApiKey(user, { keyId: fenced.key.id, ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] }, NO_REQUEST);
    expect(await timeUntilRefused(fenced.token, "ip_not_allowed", "allowlist edited")).toBeLessThan(BOUND_MS);
    await editApiKey(user, { keyId: fenced.key.id, ipAllowlist: ["127.0.0.1", "::1"] }, NO_REQUEST);
    await untilAccepted(fenced.token);

    const narrowed = await issueApiKey(user, keyInput({ apiSets: ["profile:read", "keys:read"] }), NO_REQUEST);
    await warm(narrowed.token);
    await editApiKey(user, { keyId: narrowed.key.id, apiSets: ["keys:read"] }, NO_REQUEST);
    expect(await timeUntilRefused(narrowed.token, "insufficient_scope", "sets narrowed")).toBeLessThan(BOUND_MS);
  });

  it("answers raw HTTP oddities with their status, never a 500", async () => {
    const { port } = new URL(base);
    const raw = (request: string | Buffer) =>
      new Promise<string>((resolve, reject) => {
        // Written without half-closing: every request says Connection: close, so the server ends it.
        const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(request));
        socket.setTimeout(10_000, () => socket.destroy(new Error("no answer")));
        let response = "";
        socket.on("data", (d) => (response += d.toString("latin1")));
        socket.on("end", () => resolve(response));
        // The server may answer and reset before it has read everything we sent (431).
        socket.on("error", (error) => (response ? resolve(response) : reject(error)));
      });
    const user = await createTestUser();
    const { token } = await issueApiKey(user, keyInput({ apiSets: ["keys:verify"] }), NO_REQUEST);
    const head = (lines: string[]) => `${lines.join("\r\n")}\r\n\r\n`;

    // Non-ASCII bytes in the Authorization header.
    const utf8 = await raw(
      Buffer.concat([
        Buffer.from("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "),
        Buffer.from("kdk_ключ_🔑", "utf8"),
        Buffer.from("\r\n\r\n"),
      ]),
    );
    expect(utf8).toMatch(/^HTTP\/1\.1 401 /);
    expect(utf8).toContain('"code":"invalid_key"');

    // Headers larger than the server accepts.
    const huge = await raw(head(["GET /api/v1/me HTTP/1.1", "Host: x", "Connection: close", `X-Padding: ${"a".repeat(64 * 1024)}`]));
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);

    // A body declared too large, and one streamed (chunked) past the limit.
    const declared = await raw(
      head([
        "POST /api/v1/verify HTTP/1.1",
        "Host: x",
        "Connection: close",
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        "Content-Length: 999999",
      ]),
    );
    expect(declared).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared).toContain('"code":"payload_too_large"');
    const chunk = `{"key":"${"x".repeat(20_000)}"}`;
    const chunked = await raw(
      `${head([
        "POST /api/v1/verify HTTP/1.1",
        "Host: x",
        "Connection: close",
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
      ])}${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);

    // Malformed JSON and a wrong content type over the wire.
    const broken = await raw(
      `${head([
        "POST /api/v1/verify HTTP/1.1",
        "Host: x",
        "Connection: close",
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        "Content-Length: 5",
      ])}{oops`,
    );
    expect(broken).toMatch(/^HTTP\/1\.1 400 /);
    const text = await raw(
      `${head([
        "POST /api/v1/verify HTTP/1.1",
        "Host: x",
        "Connection: close",
        `Authorization: Bearer ${token}`,
        "Content-Type: text/plain",
        "Content-Length: 2",
      ])}hi`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 415 /);
  });

  it("writes the usage it counted when it is stopped cleanly (SIGTERM)", async () => {
    const user = await createTestUser();
    const { token, key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    for (let i = 0; i < 7; i++) expect((await me(token)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/keys`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403); // the key has profile:read only
    }
    expect(await db.apiKeyUsage.count({ where: { keyId: key.id } })).toBe(0);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const rows = await db.apiKeyUsage.findMany({ where: { keyId: key.id } });
    const byOutcome = Object.fromEntries(rows.map((r) => [r.outcome, r.count]));
    expect(byOutcome).toEqual({ ok: 7, insufficient_scope: 2 });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedIp).toBe("127.0.0.1");
  });
});

async function setUser(user: Actor, data: { disabled: boolean }) {
  await transaction(async (tx) => {
    await lockKeyOwner(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data });
  });
}
