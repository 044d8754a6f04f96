import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function freshSecrets(dir: string, env: Record<string, string> = {}) {
  vi.resetModules();
  delete process.env.AUTH_SECRET;
  delete process.env.KEYDESK_KEY_PEPPER;
  Object.assign(process.env, { KEYDESK_DATA_DIR: dir }, env);
  return (await import("./server-secrets")).serverSecrets();
}

describe("serverSecrets", () => {
  it("generates the secrets once into a private file and reuses them", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keydesk-secrets-"));
    const first = await freshSecrets(dir);
    expect(first.authSecret).toMatch(/^[\w-]{43}$/);
    expect(first.keyPepper).toMatch(/^[\w-]{43}$/);
    expect(first.authSecret).not.toBe(first.keyPepper);
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(await freshSecrets(dir)).toEqual(first);
  });

  it("prefers the environment, which several instances share", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keydesk-secrets-"));
    const secrets = await freshSecrets(dir, { AUTH_SECRET: "a", KEYDESK_KEY_PEPPER: "p" });
    expect(secrets).toEqual({ authSecret: "a", keyPepper: "p" });
  });
});
