// After a key is issued through the API and used, its secret exists nowhere but in the one
// response: not in any log line, not in any row of any table.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db, dbProvider } from "../db/client";
import { issueApiKey } from "../keys/issue-api-key";
import { parseToken } from "../keys/token";
import { startTestApi, type TestApi } from "../testing/api-app";
import { jsonBody } from "../testing/api-requests";
import { createTestUser, keyInput } from "../testing/fixtures";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function everyRowAsText(): Promise<string> {
  const tables =
    dbProvider === "postgresql"
      ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public'`)
      : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["ApiKey", "AuditEvent", "ApiKeyUsage", "KeyChange", "User"]));
  let text = "";
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name.replace(/"/g, "")}"`);
    text += `${JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))}\n`;
  }
  return text;
}

describe("the secret of a key issued through the API", () => {
  it("appears in no log output and no stored row", async () => {
    const logged: string[] = [];
    const capture = (...args: unknown[]) =>
      void logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "info").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
      vi.spyOn(console, "debug").mockImplementation(capture),
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
        capture(String(chunk));
        return true;
      }),
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        capture(String(chunk));
        return true;
      }),
    ];
    let secretKey: string;
    try {
      const user = await createTestUser();
      const { token: caller } = await issueApiKey(user, keyInput({ apiSets: ["keys:write", "keys:verify", "profile:read"] }), NO_REQUEST);
      const res = await api.call("/keys", {
        method: "POST",
        token: caller,
        ...jsonBody({ name: "Hygiene", apiSets: ["profile:read"], expiresIn: "30d" }),
      });
      expect(res.status).toBe(201);
      secretKey = (await res.json()).secretKey;
      // Use it, verify it, fail with it, revoke it: every path that might log or store something.
      expect((await api.call("/me", { token: secretKey, ip: "203.0.113.9" })).status).toBe(200);
      expect((await api.call("/keys", { token: secretKey })).status).toBe(403);
      await api.call("/verify", { method: "POST", token: caller, ...jsonBody({ key: secretKey, ip: "203.0.113.10" }) });
      await api.call("/keys", { method: "POST", token: secretKey, body: `{"broken": "${secretKey}"` });
      const { clientId } = parseToken(secretKey)!;
      await api.call(`/keys/${clientId}`, { method: "DELETE", token: caller });
      await api.call("/me", { token: secretKey });
      await api.runtime.usage.flush({ all: true });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const { secret } = parseToken(secretKey)!;
    const logs = logged.join("\n");
    expect(logs).not.toContain(secret);
    const stored = await everyRowAsText();
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secretKey);
    // What is stored instead: the hash and the hint, and the usage that was recorded.
    const row = await db.apiKey.findUniqueOrThrow({ where: { clientId: parseToken(secretKey)!.clientId } });
    expect(row.secretHint).toBe(secretKey.slice(-4));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.lastUsedIp).toBe("203.0.113.10");
  });
});
