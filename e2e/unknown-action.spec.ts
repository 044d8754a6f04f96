// Server-action posts naming an action the build does not have: the console's front server
// answers them itself (lib/http/request-guard.ts, with the build's ids from
// lib/http/action-ids.ts): 409 and Next.js's not-found header for a well-formed unknown id, 400
// for a malformed one, 431 from Node.js for an id too big for the headers, and the same for forms
// posted without JavaScript that name no action or an unknown one; each with at most one short
// log line, rate-limited, and no stack trace (Next.js logs a warning with a stack for each). Runs its own console so the test can read everything that process logs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { HOSTILE_LINES_PER_MINUTE } from "../lib/log";
import { type E2eDb, e2eSparePorts } from "./e2e-env";
import { expect, test } from "./fixtures";
import { type ServerProcess, startConsoleProcess } from "./server-process";

function manifestIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName ?? "", id]));
}

/** An id of the right shape that no action of this build has. */
function unknownId(known: Set<string>): string {
  for (let n = 0; ; n++) {
    const id = `40${n.toString(16).padStart(40, "0")}`;
    if (!known.has(id)) return id;
  }
}

test("posts naming an unknown, malformed or huge action id, or forms naming none, get a 4xx and at most one short log line each", async ({}, testInfo) => {
  test.setTimeout(90_000);
  const db = (testInfo.project.metadata as { db: E2eDb }).db;
  const ids = manifestIds();
  const signIn = ids.get("signInWithPassword");
  if (!signIn) throw new Error("no signInWithPassword action in the build");
  const unknown = unknownId(new Set(ids.values()));
  let server: ServerProcess | null = null;
  try {
    server = await startConsoleProcess(db, "console", e2eSparePorts(db)[7]);
    const origin = new URL(server.base).origin;
    const post = (id: string, page = "/login") =>
      fetch(`${origin}${page}`, {
        method: "POST",
        headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8" },
        body: "[]",
        redirect: "manual",
      });
    const settle = () => new Promise((r) => setTimeout(r, 250));
    // [id, page, status]
    const cases: [string, string, number][] = [
      [unknown, "/login", 409],
      [unknown, "/profile/api-keys", 409],
      [unknown.toUpperCase().replace(/^40/, "7F"), "/", 409],
      ["abc", "/login", 400],
      ["z".repeat(42), "/login", 400],
      [`${signIn}0`, "/login", 400],
      ["0".repeat(4_000), "/login", 400],
      ["f".repeat(20_000), "/login", 431], // over Node.js's header limit: refused before any code of ours
    ];
    for (const [id, page, status] of cases) {
      const label = `${id.slice(0, 50)}${id.length > 50 ? `… (${id.length})` : ""} on ${page}`;
      const before = server.output().length;
      const res = await post(id, page);
      expect(res.status, label).toBe(status);
      const body = await res.text();
      expect(body, label).not.toMatch(/\bat\s+\S+\s+\(|node_modules|Failed to find/);
      if (status === 409) expect(res.headers.get("x-nextjs-action-not-found"), label).toBe("1");
      await settle();
      const lines = server
        .output()
        .slice(before)
        .split("\n")
        .filter((l) => l.trim());
      expect(lines.length, `${label}: ${lines.join(" | ")}`).toBeLessThanOrEqual(1);
      for (const line of lines) {
        expect(line.length, label).toBeLessThan(200);
        expect(line, label).not.toMatch(/Error|Failed to find|^\s+at\s/);
      }
    }

    // Forms posted without JavaScript (multipart, no Next-Action header) name their action in a
    // field; Next.js logged a stack trace for a form naming no action or an unknown one too.
    const signOut = ids.get("signOutAction");
    const formCases: [[string, string][], number][] = [
      [[["email", "a@b.c"]], 400],
      [[[`$ACTION_ID_${unknown}`, ""]], 409],
      [
        [
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", '{"id":"zz"}'],
        ],
        400,
      ],
      [
        [
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", `{"id":"${unknown}","bound":"$@1"}`],
        ],
        409,
      ],
    ];
    for (const [fields, status] of formCases) {
      const label = `form ${JSON.stringify(fields)}`;
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      const before = server.output().length;
      const res = await fetch(`${origin}/login`, { method: "POST", headers: { origin }, body: form, redirect: "manual" });
      expect(res.status, label).toBe(status);
      await settle();
      const lines = server
        .output()
        .slice(before)
        .split("\n")
        .filter((l) => l.trim());
      expect(lines.length, `${label}: ${lines.join(" | ")}`).toBeLessThanOrEqual(1);
      for (const line of lines) expect(line, label).not.toMatch(/Error|Failed to find|^\s+at\s/);
    }
    // A form naming a real action still reaches it (sign-out without a session: back to the sign-in page).
    if (!signOut) throw new Error("no signOutAction in the build");
    const signOutForm = new FormData();
    signOutForm.append(`$ACTION_ID_${signOut}`, "");
    const signedOut = await fetch(`${origin}/profile/api-keys`, {
      method: "POST",
      headers: { origin },
      body: signOutForm,
      redirect: "manual",
    });
    expect(signedOut.status).toBeLessThan(400);

    // A flood is cut short: at most HOSTILE_LINES_PER_MINUTE lines a minute in all.
    const floodStart = server.output().length;
    const flood = await Promise.all(Array.from({ length: 60 }, () => post(unknown).then((r) => r.status)));
    expect(new Set(flood)).toEqual(new Set([409]));
    await settle();
    const flooded = server
      .output()
      .slice(floodStart)
      .split("\n")
      .filter((l) => l.trim());
    expect(flooded.length).toBeLessThanOrEqual(HOSTILE_LINES_PER_MINUTE);

    // The real action still runs: wrong credentials, not a refusal.
    const good = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { "next-action": signIn, origin, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([{ email: "nobody@e2e.keydesk.test", password: "wrong-password-0001", callbackUrl: "/profile" }]),
      redirect: "manual",
    });
    expect(good.status).toBe(200);
    expect(good.headers.get("x-nextjs-action-not-found")).toBeNull();
    await settle();
    expect(server.output()).not.toMatch(/\n\s+at\s|Failed to find Server Action/);
  } catch (error) {
    if (server) await testInfo.attach("console output", { body: server.output(), contentType: "text/plain" });
    throw error;
  } finally {
    await server?.stop();
  }
});
