// A server-action post with a real action id and a body React's decoder cannot read gets a 400
// from the console's front server (lib/http/action-body.ts), with one short log line and no
// stack trace; Next.js would answer 500 and log the decoder's stack. Runs its own console so the
// test can read everything that process logs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type E2eDb, e2eSparePorts } from "./e2e-env";
import { expect, test } from "./fixtures";
import { type ServerProcess, startConsoleProcess } from "./server-process";

/** The id the production build gave an action, read from its manifest. */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no action ${exportedName} in the build`);
  return id;
}

const GARBLED: [string, string][] = [
  ["text/plain;charset=UTF-8", '[{"email":"a@b.c","password":'],
  ["text/plain;charset=UTF-8", "{"],
  ["text/plain;charset=UTF-8", "not json at all"],
  ["text/plain;charset=UTF-8", '"\\ud800'],
  ["text/plain;charset=UTF-8", "\u0000\u0001\u0002"],
  ["application/json", "[1,2"],
  ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{"a":\r\n--xyz--\r\n'],
  ["multipart/form-data; boundary=xyz", "garbage without any boundary"],
  ["multipart/form-data", "--\r\n"],
];

test("server-action posts with a real action id and a garbled body get 400, one short log line each, no stack trace", async ({}, testInfo) => {
  test.setTimeout(90_000);
  const db = (testInfo.project.metadata as { db: E2eDb }).db;
  let server: ServerProcess | null = null;
  try {
    server = await startConsoleProcess(db, "console", e2eSparePorts(db)[6]);
    const origin = new URL(server.base).origin;
    const id = actionId("signInWithPassword");
    const before = server.output().length;
    for (const [contentType, body] of GARBLED) {
      const res = await fetch(`${origin}/login`, {
        method: "POST",
        headers: { "next-action": id, origin, "content-type": contentType },
        body,
        redirect: "manual",
      });
      expect(res.status, `${contentType} ${JSON.stringify(body)}`).toBe(400);
      expect(await res.text()).not.toMatch(/\bat\s+\S+\s+\(|node_modules/);
    }
    // A well-formed post of the same action still reaches it: wrong credentials, not a 400.
    const good = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([{ email: "nobody@e2e.keydesk.test", password: "wrong-password-0001", callbackUrl: "/profile" }]),
      redirect: "manual",
    });
    expect(good.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const logged = server.output().slice(before);
    expect(logged).not.toMatch(/\n\s+at\s/); // no stack frame
    expect(logged).not.toMatch(/Error:/);
    const lines = logged.split("\n").filter((l) => l.trim());
    expect(lines.length).toBeLessThanOrEqual(GARBLED.length);
    for (const line of lines) expect(line.length).toBeLessThan(200);
  } catch (error) {
    if (server) await testInfo.attach("console output", { body: server.output(), contentType: "text/plain" });
    throw error;
  } finally {
    await server?.stop();
  }
});
