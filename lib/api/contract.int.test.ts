// The API's contract, on both ways it is served: the dedicated process (lib/api/server.ts, here
// behind one trusted proxy) and the console's mount (lib/api/console-mount.ts, the listener the
// console's front server hands /api/v1 to). Every operation and every status the served
// OpenAPI document declares is called with the typed client generated from that document
// (lib/api/contract/scenarios.ts), and every answer is checked against the document: status,
// Content-Type, body schema, headers (lib/api/contract/check-response.ts). Every GET is sent
// again as HEAD, every path is asked OPTIONS, every problem's `type` link is followed. The
// committed generated types must match the served document.
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import type { ApiSetCode } from "../keys/api-sets";
import { issueApiKey } from "../keys/issue-api-key";
import { createTestUser, keyInput } from "../testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver";
import { WebhookWorker } from "../webhooks/worker";
import { openApiDocument } from "./app";
import { publishConsoleApi } from "./console-mount";
import { API_TYPES_FILE, apiTypesSource } from "./contract/api-types";
import { type ContractDocument, contractChecker, type OperationRef, operationsOf, type Received } from "./contract/check-response";
import type { paths } from "./contract/openapi-types";
import { SCENARIOS, type Scenario, type ScenarioContext, webhookFixtures } from "./contract/scenarios";
import { publishedApiListener } from "./front-door";
import { apiRuntime } from "./runtime";
import { type ApiServer, startApiServer } from "./server";

process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS = "1";
// Leak reports are taken signed only, with a key of the suite's own standing in for GitHub's.
const LEAK_KEY_ID = "contract-suite-leak-key";
const leakKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const leakKeyFile = path.join(mkdtempSync(path.join(os.tmpdir(), "keydesk-contract-")), "secret_scanning.json");
writeFileSync(
  leakKeyFile,
  JSON.stringify({
    public_keys: [{ key_identifier: LEAK_KEY_ID, key: leakKeys.publicKey.export({ type: "spki", format: "pem" }), is_current: true }],
  }),
);
process.env.KEYDESK_LEAK_REPORT_KEYS = leakKeyFile;
// A small failed-authentication budget, so the 429 scenarios spend it quickly; every other
// request comes from an address of its own.
process.env.KEYDESK_API_FAILED_AUTH_BURST = "4";

type Mount = { name: string; base: string; document: ContractDocument & { servers: { url: string }[] } };

let dedicated: ApiServer;
let consoleServer: Server;
let receiver: WebhookReceiver;
const mounts: Mount[] = [];

async function documentAt(base: string) {
  const res = await fetch(`${base}/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Mount["document"];
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  dedicated = await startApiServer({ port: 0, hostname: "127.0.0.1", trustedProxies: 1, drainMs: 100 });
  publishConsoleApi();
  const listener = publishedApiListener();
  if (!listener) throw new Error("the console's API was not published");
  consoleServer = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => consoleServer.listen(0, "127.0.0.1", resolve));
  const bases = {
    "dedicated process": `http://127.0.0.1:${dedicated.port}/api/v1`,
    "console mount": `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}/api/v1`,
  };
  for (const [name, base] of Object.entries(bases)) mounts.push({ name, base, document: await documentAt(base) });
});

afterAll(async () => {
  await new Promise((resolve) => consoleServer?.close(resolve));
  await dedicated?.close();
  await receiver?.close();
});

let addresses = 0;
const nextAddress = () => `2001:db8::${(++addresses).toString(16)}`;
const WORKER = new WebhookWorker();

/** What the typed client and raw() sent and received, read once. */
type Exchange = { url: string; method: string; headers: Headers; received: Received };

function contextFor(mount: Mount, exchanges: Map<Response, Exchange>): ScenarioContext {
  const recordingFetch = async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    const response = await fetch(request);
    const text = await response.clone().text();
    exchanges.set(response, {
      url: request.url,
      method: request.method,
      headers,
      received: { status: response.status, headers: response.headers, text },
    });
    return response;
  };
  const client = createClient<paths>({ baseUrl: mount.base, fetch: recordingFetch });
  const from = (token?: string) => ({
    headers: { "x-forwarded-for": nextAddress(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return {
    client,
    from,
    receiverUrl: receiver.url,
    async signedIn(apiSets: ApiSetCode[]) {
      const user = await createTestUser();
      const issued = await issueApiKey(user, keyInput({ apiSets }), NO_REQUEST);
      return { user, token: issued.token, clientId: issued.key.clientId, options: from(issued.token) };
    },
    async rateLimited(token) {
      const address = nextAddress();
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${mount.base}/me`, { headers: { "x-forwarded-for": address } });
        await res.arrayBuffer();
        if (res.status === 429) return { headers: { "x-forwarded-for": address, authorization: `Bearer ${token}` } };
      }
      throw new Error("the failed-authentication limit never answered 429");
    },
    failNextVerification(kind) {
      const error =
        kind === "unavailable"
          ? Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })
          : new Error("contract suite: an unexpected failure");
      vi.spyOn(apiRuntime().verifier, "verify").mockRejectedValueOnce(error);
      // The application logs the failure with its stack, as it should; not in this suite's output.
      vi.spyOn(console, "error").mockImplementation(() => {});
    },
    failNextTransaction(kind) {
      const error =
        kind === "unavailable"
          ? Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })
          : new Error("contract suite: an unexpected failure");
      vi.spyOn(db, "$transaction").mockRejectedValueOnce(error);
      vi.spyOn(console, "error").mockImplementation(() => {});
    },
    signLeakReport(body) {
      return {
        "github-public-key-identifier": LEAK_KEY_ID,
        "github-public-key-signature": sign("sha256", Buffer.from(body), leakKeys.privateKey).toString("base64"),
      };
    },
    raw(method, path) {
      return recordingFetch(new Request(`${mount.base}${path}`, { method, headers: from().headers })).then((response) => ({ response }));
    },
    webhook: (owner) => webhookFixtures.create(owner, receiver.url),
    async testEvent(owner, webhookId, deliver) {
      const eventId = await webhookFixtures.queueTest(owner, webhookId);
      if (deliver) await WORKER.runOnce();
      return eventId;
    },
  };
}

const asList = (s: Scenario | Scenario[]) => (Array.isArray(s) ? s : [s]);
const servedOperations = () => operationsOf(mounts[0]!.document);

describe("the OpenAPI document", () => {
  it("is the same on both mounts, apart from the server each names from its configuration", () => {
    const [a, b] = mounts;
    expect({ ...a!.document, servers: [] }).toEqual({ ...b!.document, servers: [] });
    // The dedicated process trusts one proxy here, so it names the host it was reached at; the
    // console trusts none, so it names only the path.
    expect(a!.document.servers).toEqual([{ url: a!.base, description: "This Keydesk" }]);
    expect(b!.document.servers).toEqual([{ url: "/api/v1", description: "This Keydesk" }]);
    expect(b!.document).toEqual(openApiDocument("/api/v1"));
  });

  it("matches the committed generated types (npm run api:types rewrites them)", async () => {
    expect(await apiTypesSource(mounts[1]!.document)).toBe(readFileSync(API_TYPES_FILE, "utf8"));
  });

  it("has a scenario for every operation and status it declares, and declares every status a scenario is for", () => {
    const declared = servedOperations().flatMap((op) => op.statuses.map((status) => `${op.operationId} ${status}`));
    const covered = Object.entries(SCENARIOS).flatMap(([id, statuses]) => Object.keys(statuses).map((status) => `${id} ${status}`));
    expect(
      declared.filter((d) => !covered.includes(d)),
      "declared without a scenario",
    ).toEqual([]);
    expect(
      covered.filter((c) => !declared.includes(c)),
      "scenarios for what the document does not declare",
    ).toEqual([]);
  });
});

describe.each(["dedicated process", "console mount"])("the API as the %s serves it", (mountName) => {
  const mount = () => mounts.find((m) => m.name === mountName)!;
  const followedTypes = new Map<string, string | null>();

  /** Follows a problem's `type` link (resolved against the request) and checks it explains the code. */
  async function followType(exchange: Exchange): Promise<string | null> {
    if (!exchange.received.headers.get("content-type")?.startsWith("application/problem+json")) return null;
    const { type, code } = JSON.parse(exchange.received.text) as { type: string; code: string };
    const url = new URL(type, exchange.url).href;
    if (!followedTypes.has(url)) {
      const page = await fetch(url);
      const text = await page.text();
      const ok = page.status === 200 && page.headers.get("content-type")?.startsWith("text/html") && text.includes(`<code>${code}</code>`);
      followedTypes.set(url, ok ? null : `type link ${url} answered ${page.status}`);
    }
    return followedTypes.get(url) ?? null;
  }

  it.each(Object.keys(SCENARIOS))("%s answers every declared status as declared, and HEAD like GET", async (operationId) => {
    const op = servedOperations().find((o) => o.operationId === operationId);
    expect(op, `${operationId} is in the document`).toBeDefined();
    const ref: OperationRef = op!;
    const exchanges = new Map<Response, Exchange>();
    const t = contextFor(mount(), exchanges);
    const checker = contractChecker(mount().document);
    const mismatches: string[] = [];
    for (const [status, scenarios] of Object.entries(SCENARIOS[operationId]!)) {
      for (const [i, scenario] of asList(scenarios).entries()) {
        const where = `${operationId} ${status}${Array.isArray(scenarios) ? ` #${i + 1}` : ""}`;
        const { response } = await scenario(t);
        const exchange = exchanges.get(response);
        if (!exchange) throw new Error(`${where}: the scenario did not call through the context's client`);
        const received = exchange.received;
        if (String(received.status) !== status) {
          mismatches.push(`${where}: answered ${received.status}: ${received.text.slice(0, 200)}`);
          continue;
        }
        // A 405 scenario sends another method to the operation's path: judged by this operation's 405.
        mismatches.push(...checker.check(ref, received).map((m) => `${where}: ${m}`));
        const typeProblem = await followType(exchange);
        if (typeProblem) mismatches.push(`${where}: ${typeProblem}`);
        if (exchange.method === "GET") {
          if (status === "500" || status === "503") t.failNextVerification(status === "500" ? "internal" : "unavailable");
          const head = await fetch(exchange.url, { method: "HEAD", headers: exchange.headers });
          const headReceived = { status: head.status, headers: head.headers, text: await head.text() };
          if (head.status !== received.status) mismatches.push(`${where}: HEAD answered ${head.status}`);
          else mismatches.push(...checker.check(ref, headReceived, { head: true }).map((m) => `${where} HEAD: ${m}`));
        }
        vi.restoreAllMocks();
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("answers OPTIONS on every path with 204 and the methods the document lists", async () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(mount().document.paths)) {
      const methods = Object.keys(item).map((m) => m.toUpperCase());
      const expected = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort();
      const res = await fetch(`${mount().base}${path.replace(/\{[^}]+\}/g, "x1")}`, { method: "OPTIONS" });
      const allow = (res.headers.get("allow") ?? "").split(", ").sort();
      if (res.status !== 204 || JSON.stringify(allow) !== JSON.stringify(expected)) {
        wrong.push(`${path}: ${res.status} Allow ${allow.join(", ")} (expected ${expected.join(", ")})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers a path it does not have with a 404 problem whose type link resolves", async () => {
    const res = await fetch(`${mount().base}/no-such-thing`);
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({ status: 404, code: "not_found" });
    const page = await fetch(new URL(problem.type, res.url));
    expect(page.status).toBe(200);
  });
});
