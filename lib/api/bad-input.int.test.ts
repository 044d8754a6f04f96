// Property-based bad input against every /api/v1 operation on both mounts (the application the
// dedicated process serves and the console's mount, lib/api/console-mount.ts): near-miss and
// random tokens as Bearer or Basic, bodies of every shape (all of Unicode, lone surrogates,
// wrong types, prototype-polluting, truncated JSON, huge), odd content types and path ids.
// Properties: never a 5xx; a refusal is problem+json with a documented code and its status, and
// leaves the database as it was; the caller's secret, the pepper and AUTH_SECRET appear in no
// response; nothing is logged as an error; Object.prototype stays clean. Prints the case count.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// databaseState() lives beside the action harness, which names the session module: not loaded here.
vi.mock("../auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));

import { NO_REQUEST } from "../audit/write-audit";
import { issueApiKey } from "../keys/issue-api-key";
import { parseToken } from "../keys/token";
import { databaseState } from "../testing/action-harness";
import { startTestApi, type TestApi } from "../testing/api-app";
import { basicAuth } from "../testing/api-requests";
import { createTestUser, keyInput } from "../testing/fixtures";
import { FORM_KEYS, hostileObject, prototypePolluted } from "../testing/hostile";
import { handleApiRequest } from "./console-mount";
import { PROBLEM_CODES, PROBLEMS, type ProblemCode } from "./problem";

const RUNS = Number(process.env.KEYDESK_BAD_INPUT_RUNS ?? 300);
let api: TestApi;
let token = "";
let clientId = "";
/** Another user's key: the path ids aim at it, so a hostile DELETE never revokes the caller's own. */
let otherClientId = "";
let secrets: string[] = [];
let errorLog: ReturnType<typeof vi.spyOn>;
const counts: Record<string, number> = {};
const statuses: Record<number, number> = {};

beforeAll(async () => {
  api = await startTestApi();
  const user = await createTestUser({ admin: true });
  const issued = await issueApiKey(
    user,
    keyInput({ apiSets: ["profile:read", "keys:read", "keys:write", "keys:verify", "audit:read", "webhooks:read", "webhooks:write"] }),
    NO_REQUEST,
  );
  token = issued.token;
  clientId = issued.key.clientId;
  const secret = parseToken(token)?.secret ?? token;
  secrets = [token, secret, process.env.AUTH_SECRET ?? "", process.env.KEYDESK_KEY_PEPPER ?? ""];
  const other = await createTestUser();
  otherClientId = (await issueApiKey(other, keyInput(), NO_REQUEST)).key.clientId;
  errorLog = vi.spyOn(console, "error");
});

afterAll(async () => {
  await api.stop();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(
    `/api/v1 bad-input suite: ${total} cases; ${Object.entries(counts)
      .map(([m, n]) => `${m} ${n}`)
      .join(", ")}; statuses ${JSON.stringify(statuses)}`,
  );
});

const OPERATIONS = [
  ["GET", "/me"],
  ["GET", "/keys"],
  ["POST", "/keys"],
  ["GET", "/keys/{id}"],
  ["DELETE", "/keys/{id}"],
  ["GET", "/keys/{id}/usage"],
  ["GET", "/audit?cursor={id}"],
  ["GET", "/audit?action={id}&from=2026-11-01"],
  ["GET", "/webhooks/{id}"],
  ["PATCH", "/webhooks/{id}"],
  ["DELETE", "/webhooks/{id}"],
  ["POST", "/verify"],
  ["POST", "/leaks"],
  ["GET", "/openapi.json"],
  ["PUT", "/keys"],
  ["PATCH", "/me"],
] as const;

const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, "");

const caseArb = fc.record({
  operation: fc.constantFrom(...OPERATIONS),
  auth: fc.oneof(
    { arbitrary: fc.constant<"valid" | null>("valid"), weight: 4 },
    fc.constant(null),
    fc.string({ unit: "binary", maxLength: 120 }).map((s) => ({ bearer: printable(s) })),
    fc.nat(90).map((n) => ({ bearer: `kdk_${"A".repeat(n)}` })),
    fc.record({ user: fc.string({ maxLength: 30 }), password: fc.string({ unit: "binary", maxLength: 60 }) }),
  ),
  id: fc.oneof(fc.constant("real"), fc.string({ unit: "binary", maxLength: 60 })),
  body: fc.oneof(
    hostileObject(FORM_KEYS, ["Report job", ["keys:read"], "7d", "30d", "", clientId]).map((v) => JSON.stringify(v) ?? "null"),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.constant('{"name":"x","apiSets":["keys:read"],"expiresIn":"7d"'),
    fc.constant(`{"token":${JSON.stringify("x".repeat(20_000))}}`),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
    "application/json; charset=utf-16",
  ),
  mount: fc.constantFrom("api" as const, "console" as const),
});

describe("every /api/v1 operation under hostile input, on both mounts", () => {
  it("answers 2xx or a documented 4xx, changes nothing when it refuses, and leaks nothing", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [method, template] = c.operation;
        const id = c.id === "real" ? otherClientId : encodeURIComponent(c.id);
        const headers = new Headers({ "x-forwarded-for": "198.51.100.9", "x-test-ip": "198.51.100.9" });
        if (c.auth === "valid") headers.set("authorization", `Bearer ${token}`);
        else if (c.auth && "bearer" in c.auth) headers.set("authorization", `Bearer ${c.auth.bearer}`);
        else if (c.auth) headers.set("authorization", basicAuth(c.auth.user, c.auth.password));
        if (c.contentType) headers.set("content-type", c.contentType);
        const path = `/api/v1${template.replace("{id}", id)}`;
        const init: RequestInit = { method, headers, body: method === "GET" ? undefined : c.body };
        counts[`${c.mount} ${method} ${template}`] = (counts[`${c.mount} ${method} ${template}`] ?? 0) + 1;
        const before = await databaseState();
        const res =
          c.mount === "api" ? await api.app.request(path, init) : await handleApiRequest(new Request(`http://localhost:3000${path}`, init));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const text = await res.text();
        expect(res.status, `${method} ${path} ${c.body.slice(0, 80)}`).toBeLessThan(500);
        for (const secret of secrets) if (secret) expect(text.includes(secret)).toBe(false);
        expect(text).not.toMatch(/at \w+ \(|node_modules|Prisma/);
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toBe("application/problem+json");
          const code = (JSON.parse(text) as { code: ProblemCode }).code;
          expect(PROBLEM_CODES).toContain(code);
          expect(PROBLEMS[code].status).toBe(res.status);
          expect(await databaseState()).toEqual(before);
        }
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(prototypePolluted()).toBe(false);
      }),
      { numRuns: RUNS },
    );
    expect(errorLog).not.toHaveBeenCalled();
  });
});
