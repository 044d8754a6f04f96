// The contract suite's table: for every operation of the OpenAPI document (by operationId), one
// or more scenarios for every status the document declares for it. Each scenario makes the real
// request with the typed client generated from the document (openapi-fetch over the types in
// openapi-types.ts), so `tsc --noEmit` proves the generated types accept what the scenarios
// read; lib/api/contract.int.test.ts runs the table on both mounts and checks each answer
// against the document. The suite fails when the document declares an operation or status that
// has no scenario here (docs/api.md, "Adding an operation").
import type { Client } from "openapi-fetch";
import { NO_REQUEST } from "../../audit/write-audit";
import type { Actor } from "../../auth/actor";
import type { ApiSetCode } from "../../keys/api-sets";
import { issueApiKey } from "../../keys/issue-api-key";
import { revokeApiKey } from "../../keys/revoke-api-key";
import { deactivateApiKey } from "../../keys/set-key-active";
import { generateToken } from "../../keys/token";
import { keyInput } from "../../testing/fixtures";
import { createWebhook, sendTestEvent, updateWebhook } from "../../webhooks/subscriptions";
import type { components, paths } from "./openapi-types";

type Call = { response: Response };
type RequestOptions = { headers: Record<string, string>; bodySerializer?: (body: unknown) => string };
type Keyed = { user: Actor; token: string; clientId: string; options: RequestOptions };

export type ScenarioContext = {
  client: Client<paths>;
  /** Request options from a client address of its own, with `token` as Bearer (none: no key). */
  from(token?: string): RequestOptions;
  /** A new user with a key carrying `apiSets`, and the options to call with it. */
  signedIn(apiSets: ApiSetCode[]): Promise<Keyed>;
  /** Options for `token` from an address that has spent its failed-authentication budget. */
  rateLimited(token: string): Promise<RequestOptions>;
  /** The next key verification fails as the server or the key store would (fault injection). */
  failNextVerification(kind: "internal" | "unavailable"): void;
  /** The next database transaction fails as the server or the database would (fault injection). */
  failNextTransaction(kind: "internal" | "unavailable"): void;
  /** Headers signing `body` as GitHub's secret scanning does, with the key the suite configured. */
  signLeakReport(body: string): Record<string, string>;
  /** A request the typed client cannot make: a method the path does not take. */
  raw(method: string, path: string): Promise<Call>;
  /** A webhook of `owner`'s pointing at the test receiver. */
  webhook(owner: Actor): Promise<{ id: string }>;
  /** Queues a test event for the webhook; with `deliver`, the worker delivers it at once. */
  testEvent(owner: Actor, webhookId: string, deliver: boolean): Promise<string>;
  receiverUrl: string;
};

export type Scenario = (t: ScenarioContext) => Promise<Call>;
/** operationId → declared status → its scenarios. */
export type ScenarioTable = Record<string, Record<string, Scenario | Scenario[]>>;

type Caller = (t: ScenarioContext, options: RequestOptions) => Promise<Call>;

const OTHER_SET: Partial<Record<ApiSetCode, ApiSetCode>> = { "profile:read": "keys:read" };
const otherSet = (apiSet: ApiSetCode): ApiSetCode => OTHER_SET[apiSet] ?? "profile:read";

/** The answers of the key check, for an operation that needs `apiSet`: 401, 403, 429, 500, 503. */
function keyRefusals(apiSet: ApiSetCode, call: Caller): Record<string, Scenario> {
  const failing =
    (kind: "internal" | "unavailable"): Scenario =>
    async (t) => {
      const { options } = await t.signedIn([apiSet]);
      t.failNextVerification(kind);
      return call(t, options);
    };
  return {
    401: (t) => call(t, t.from()),
    403: async (t) => call(t, (await t.signedIn([otherSet(apiSet)])).options),
    429: async (t) => call(t, await t.rateLimited((await t.signedIn([apiSet])).token)),
    500: failing("internal"),
    503: failing("unavailable"),
  };
}

/** The refusals of a JSON body: 400 (not JSON), 413 (over 16 KiB), 415 (not application/json). */
function bodyRefusals(apiSets: ApiSetCode[], call: Caller): Record<string, Scenario> {
  const signed = async (t: ScenarioContext) => (await t.signedIn(apiSets)).options;
  return {
    400: async (t) => call(t, { ...(await signed(t)), bodySerializer: () => '{"name": ' }),
    413: async (t) => call(t, { ...(await signed(t)), bodySerializer: () => JSON.stringify({ filler: "x".repeat(17 * 1024) }) }),
    415: async (t) => {
      const options = await signed(t);
      return call(t, { headers: { ...options.headers, "content-type": "text/plain" }, bodySerializer: () => "hello" });
    },
  };
}

const notAllowed = (method: string, path: string): Record<string, Scenario> => ({ 405: (t) => t.raw(method, path) });

const unknownClientId = () => generateToken().clientId;
const NO_SUCH_WEBHOOK = "cmnosuchwebhook000000000000";
const TOO_LONG_ID = "x".repeat(65);

// ---- Keys ----------------------------------------------------------------------------------

const getKey =
  (clientId: string): Caller =>
  (t, o) =>
    t.client.GET("/keys/{clientId}", { ...o, params: { path: { clientId } } });
const revokeKey =
  (clientId: string): Caller =>
  (t, o) =>
    t.client.DELETE("/keys/{clientId}", { ...o, params: { path: { clientId } } });
const issue =
  (body: paths["/keys"]["post"]["requestBody"]["content"]["application/json"]): Caller =>
  (t, o) =>
    t.client.POST("/keys", { ...o, body });
const newKeyBody = () => ({
  name: `Contract ${Math.random().toString(36).slice(2, 10)}`,
  apiSets: ["keys:read" as const],
  expiresIn: "30d" as const,
});

const keyUsage =
  (clientId: string, days?: number): Caller =>
  (t, o) =>
    t.client.GET("/keys/{clientId}/usage", { ...o, params: { path: { clientId }, query: days === undefined ? {} : { days } } });

// ---- Audit ---------------------------------------------------------------------------------

const auditEvents =
  (query: NonNullable<paths["/audit"]["get"]["parameters"]["query"]> = {}): Caller =>
  (t, o) =>
    t.client.GET("/audit", { ...o, params: { query } });
// Key controls: edit in place, deactivate, activate.
const editKey =
  (
    clientId: string,
    body: paths["/keys/{clientId}"]["patch"]["requestBody"]["content"]["application/json"] = { description: "Edited" },
  ): Caller =>
  (t, o) =>
    t.client.PATCH("/keys/{clientId}", { ...o, params: { path: { clientId } }, body });
const setActive =
  (verb: "deactivate" | "activate", clientId: string): Caller =>
  (t, o) =>
    verb === "deactivate"
      ? t.client.POST("/keys/{clientId}/deactivate", { ...o, params: { path: { clientId } } })
      : t.client.POST("/keys/{clientId}/activate", { ...o, params: { path: { clientId } } });

/** A key-controls scenario: a caller with keys:write and another key of theirs (inactive, if asked). */
const onOtherKey =
  (call: (clientId: string) => Caller, options: { inactive?: boolean; revoked?: boolean } = {}): Scenario =>
  async (t) => {
    const caller = await t.signedIn(["keys:write"]);
    const other = await issueApiKey(caller.user, keyInput({ apiSets: ["keys:read", "profile:read"] }), NO_REQUEST);
    if (options.inactive) await deactivateApiKey(caller.user, { keyId: other.key.id }, NO_REQUEST);
    if (options.revoked) await revokeApiKey(caller.user, { keyId: other.key.id }, NO_REQUEST);
    return call(other.key.clientId)(t, caller.options);
  };

// ---- Verification --------------------------------------------------------------------------

const verify =
  (key: string): Caller =>
  (t, o) =>
    t.client.POST("/verify", { ...o, body: { key } });

/** The verdict as the generated types describe it: owner may be null. */
async function verdict(t: ScenarioContext, key: string, caller: Keyed): Promise<Call> {
  const result = await t.client.POST("/verify", { ...caller.options, body: { key, requiredApiSets: ["keys:read"] } });
  const owner: components["schemas"]["Owner"] | null | undefined = result.data?.owner;
  void owner;
  return result;
}

// ---- Webhooks ------------------------------------------------------------------------------

const WEBHOOK_SETS: ApiSetCode[] = ["webhooks:read", "webhooks:write"];
const byId = (id: string) => ({ params: { path: { id } } });

async function withWebhook(t: ScenarioContext) {
  const caller = await t.signedIn(WEBHOOK_SETS);
  return { caller, webhook: await t.webhook(caller.user) };
}

function webhookIdScenarios(call: (id: string) => Caller): Record<string, Scenario> {
  return {
    404: async (t) => call(NO_SUCH_WEBHOOK)(t, (await t.signedIn(WEBHOOK_SETS)).options),
    422: async (t) => call(TOO_LONG_ID)(t, (await t.signedIn(WEBHOOK_SETS)).options),
  };
}

const getWebhook =
  (id: string): Caller =>
  (t, o) =>
    t.client.GET("/webhooks/{id}", { ...o, ...byId(id) });
const patchWebhook =
  (id: string, body: paths["/webhooks/{id}"]["patch"]["requestBody"]["content"]["application/json"] = { enabled: false }): Caller =>
  (t, o) =>
    t.client.PATCH("/webhooks/{id}", { ...o, ...byId(id), body });
const deleteWebhook =
  (id: string): Caller =>
  (t, o) =>
    t.client.DELETE("/webhooks/{id}", { ...o, ...byId(id) });
const rotate =
  (id: string): Caller =>
  (t, o) =>
    t.client.POST("/webhooks/{id}/rotate-secret", { ...o, ...byId(id) });
const deliveries =
  (id: string): Caller =>
  (t, o) =>
    t.client.GET("/webhooks/{id}/deliveries", { ...o, ...byId(id) });
const redeliver =
  (id: string, eventId: string): Caller =>
  (t, o) =>
    t.client.POST("/webhooks/{id}/deliveries/{eventId}/redeliver", { ...o, params: { path: { id, eventId } } });
const testEvent =
  (id: string): Caller =>
  (t, o) =>
    t.client.POST("/webhooks/{id}/test", { ...o, ...byId(id) });
// The key-control events too, so the document's event enum is checked against what the API takes and answers.
const createBody = (t: ScenarioContext) => ({
  url: t.receiverUrl,
  events: ["api_key.revoked", "api_key.deactivated", "api_key.activated", "api_key.updated"] as components["schemas"]["WebhookEventType"][],
});

/** Runs `call` with a key carrying `apiSets` and a webhook of its owner's. */
const onOwnWebhook =
  (call: (id: string) => Caller): Scenario =>
  async (t) => {
    const { caller, webhook } = await withWebhook(t);
    return call(webhook.id)(t, caller.options);
  };

// ---- Leak reports ----------------------------------------------------------------------------

type LeakReports = paths["/leaks"]["post"]["requestBody"]["content"]["application/json"];
const leakReport = (token: string) => ({
  token,
  type: "keydesk_api_key",
  url: "https://github.com/octocat/Hello-World/blob/1234567/config.env",
  source: "content",
});
/** Reports `body` from an address of its own, signed unless `signed` is false. */
const reportLeaks =
  (body: LeakReports, init: { signed?: boolean; headers?: Record<string, string> } = {}): Scenario =>
  (t) => {
    const text = JSON.stringify(body);
    const { headers } = t.from();
    return t.client.POST("/leaks", {
      headers: { ...headers, ...(init.signed === false ? {} : t.signLeakReport(text)), ...init.headers },
      body,
      bodySerializer: () => text,
    });
  };
const leakFailing =
  (kind: "internal" | "unavailable"): Scenario =>
  (t) => {
    t.failNextTransaction(kind);
    return reportLeaks([leakReport(generateToken().token)])(t);
  };

export const SCENARIOS: ScenarioTable = {
  reportLeaks: {
    200: async (t) => {
      const leaked = await t.signedIn(["profile:read"]);
      return reportLeaks([leakReport(leaked.token), leakReport(generateToken().token), leakReport("not a key")])(t);
    },
    400: (t) => t.client.POST("/leaks", { ...t.from(), body: [], bodySerializer: () => '[{"token": ' }),
    403: reportLeaks([leakReport(generateToken().token)], { signed: false }),
    413: (t) =>
      t.client.POST("/leaks", { ...t.from(), body: [], bodySerializer: () => JSON.stringify([{ filler: "x".repeat(257 * 1024) }]) }),
    415: (t) => {
      const { headers } = t.from();
      return t.client.POST("/leaks", { headers: { ...headers, "content-type": "text/plain" }, body: [], bodySerializer: () => "hello" });
    },
    422: reportLeaks(Array.from({ length: 101 }, () => leakReport(generateToken().token))),
    429: async (t) => {
      const address = t.from().headers["x-forwarded-for"];
      const body = [leakReport(generateToken().token)];
      for (let i = 0; i < 60; i++) {
        await reportLeaks(body, { signed: false, headers: { "x-forwarded-for": address } })(t);
      }
      return reportLeaks(body, { headers: { "x-forwarded-for": address } })(t);
    },
    500: leakFailing("internal"),
    503: leakFailing("unavailable"),
    ...notAllowed("GET", "/leaks"),
  },
  getMe: {
    200: async (t) => {
      const result = await t.client.GET("/me", (await t.signedIn(["profile:read"])).options);
      const email: string | undefined = result.data?.user.email;
      void email;
      return result;
    },
    ...keyRefusals("profile:read", (t, o) => t.client.GET("/me", o)),
    ...notAllowed("PUT", "/me"),
  },
  listKeys: {
    200: async (t) => t.client.GET("/keys", (await t.signedIn(["keys:read"])).options),
    ...keyRefusals("keys:read", (t, o) => t.client.GET("/keys", o)),
    ...notAllowed("PUT", "/keys"),
  },
  issueKey: {
    201: async (t) => issue(newKeyBody())(t, (await t.signedIn(["keys:read", "keys:write"])).options),
    409: async (t) => {
      const caller = await t.signedIn(["keys:read", "keys:write"]);
      const body = newKeyBody();
      await issueApiKey(caller.user, keyInput({ name: body.name }), NO_REQUEST);
      return issue(body)(t, caller.options);
    },
    422: async (t) => issue({ ...newKeyBody(), name: "" })(t, (await t.signedIn(["keys:read", "keys:write"])).options),
    ...keyRefusals("keys:write", issue(newKeyBody())),
    ...bodyRefusals(["keys:read", "keys:write"], issue(newKeyBody())),
    ...notAllowed("PATCH", "/keys"),
  },
  getKey: {
    200: async (t) => {
      const caller = await t.signedIn(["keys:read"]);
      return getKey(caller.clientId)(t, caller.options);
    },
    404: async (t) => getKey(unknownClientId())(t, (await t.signedIn(["keys:read"])).options),
    422: async (t) => getKey("not-a-client-id")(t, (await t.signedIn(["keys:read"])).options),
    ...keyRefusals("keys:read", getKey(unknownClientId())),
    ...notAllowed("PUT", `/keys/${unknownClientId()}`),
  },
  revokeKey: {
    200: async (t) => {
      const caller = await t.signedIn(["keys:write"]);
      const other = await issueApiKey(caller.user, keyInput(), NO_REQUEST);
      return revokeKey(other.key.clientId)(t, caller.options);
    },
    404: async (t) => revokeKey(unknownClientId())(t, (await t.signedIn(["keys:write"])).options),
    409: async (t) => {
      const caller = await t.signedIn(["keys:write"]);
      const other = await issueApiKey(caller.user, keyInput(), NO_REQUEST);
      await revokeApiKey(caller.user, { keyId: other.key.id }, NO_REQUEST);
      return revokeKey(other.key.clientId)(t, caller.options);
    },
    422: async (t) => revokeKey("not-a-client-id")(t, (await t.signedIn(["keys:write"])).options),
    ...keyRefusals("keys:write", revokeKey(unknownClientId())),
    ...notAllowed("POST", `/keys/${unknownClientId()}`),
  },
  getKeyUsage: {
    200: async (t) => {
      const caller = await t.signedIn(["keys:read"]);
      return keyUsage(caller.clientId, 7)(t, caller.options);
    },
    400: async (t) => {
      const caller = await t.signedIn(["keys:read"]);
      return keyUsage(caller.clientId, 91)(t, caller.options);
    },
    404: async (t) => keyUsage(unknownClientId())(t, (await t.signedIn(["keys:read"])).options),
    422: async (t) => keyUsage("not-a-client-id")(t, (await t.signedIn(["keys:read"])).options),
    ...keyRefusals("keys:read", keyUsage(unknownClientId())),
    ...notAllowed("POST", `/keys/${unknownClientId()}/usage`),
  },
  listAuditEvents: {
    200: [
      async (t) => {
        const caller = await t.signedIn(["audit:read", "keys:write"]);
        await issue(newKeyBody())(t, caller.options);
        const result = await t.client.GET("/audit", { ...caller.options, params: { query: { limit: 1 } } });
        const next: string | null | undefined = result.data?.nextCursor;
        void next;
        return result;
      },
      async (t) =>
        auditEvents({ action: "key.issued", from: "2026-01-01", to: "2026-12-31" })(t, (await t.signedIn(["audit:read"])).options),
    ],
    400: async (t) => auditEvents({ cursor: "not a cursor" })(t, (await t.signedIn(["audit:read"])).options),
    ...keyRefusals("audit:read", auditEvents()),
    ...notAllowed("DELETE", "/audit"),
  },
  editKey: {
    200: onOtherKey((id) => editKey(id, { name: "Edited", ipAllowlist: ["192.0.2.0/24"], apiSets: ["keys:read"] })),
    404: async (t) => editKey(unknownClientId())(t, (await t.signedIn(["keys:write"])).options),
    409: onOtherKey((id) => editKey(id), { revoked: true }),
    422: [
      onOtherKey((id) => editKey(id, { apiSets: ["keys:read", "keys:write"] })), // never wider
      async (t) => editKey("not-a-client-id")(t, (await t.signedIn(["keys:write"])).options),
    ],
    ...keyRefusals("keys:write", editKey(unknownClientId())),
    ...bodyRefusals(["keys:write"], editKey(unknownClientId())),
    ...notAllowed("PUT", `/keys/${unknownClientId()}`),
  },
  deactivateKey: {
    200: onOtherKey((id) => setActive("deactivate", id)),
    404: async (t) => setActive("deactivate", unknownClientId())(t, (await t.signedIn(["keys:write"])).options),
    409: onOtherKey((id) => setActive("deactivate", id), { inactive: true }),
    422: async (t) => setActive("deactivate", "not-a-client-id")(t, (await t.signedIn(["keys:write"])).options),
    ...keyRefusals("keys:write", setActive("deactivate", unknownClientId())),
    ...notAllowed("GET", `/keys/${unknownClientId()}/deactivate`),
  },
  activateKey: {
    200: onOtherKey((id) => setActive("activate", id), { inactive: true }),
    404: async (t) => setActive("activate", unknownClientId())(t, (await t.signedIn(["keys:write"])).options),
    409: onOtherKey((id) => setActive("activate", id)),
    422: async (t) => setActive("activate", "not-a-client-id")(t, (await t.signedIn(["keys:write"])).options),
    ...keyRefusals("keys:write", setActive("activate", unknownClientId())),
    ...notAllowed("GET", `/keys/${unknownClientId()}/activate`),
  },
  verifyKey: {
    200: [
      async (t) => {
        const caller = await t.signedIn(["keys:verify"]);
        const checked = await t.signedIn(["keys:read"]);
        return verdict(t, checked.token, caller);
      },
      async (t) => verdict(t, generateToken().token, await t.signedIn(["keys:verify"])),
      async (t) => {
        const caller = await t.signedIn(["keys:verify"]);
        const checked = await t.signedIn(["profile:read"]);
        return verdict(t, checked.token, caller); // insufficient_scope
      },
      async (t) => {
        const caller = await t.signedIn(["keys:verify"]);
        const revoked = await issueApiKey(caller.user, keyInput(), NO_REQUEST);
        await revokeApiKey(caller.user, { keyId: revoked.key.id }, NO_REQUEST);
        return verdict(t, revoked.token, caller);
      },
      async (t) => {
        // ip_not_allowed: the checked key's allowlist does not hold the address passed.
        const caller = await t.signedIn(["keys:verify"]);
        const fenced = await issueApiKey(caller.user, keyInput({ ipAllowlist: ["192.0.2.0/24"] }), NO_REQUEST);
        return t.client.POST("/verify", { ...caller.options, body: { key: fenced.token, ip: "203.0.113.9" } });
      },
    ],
    422: async (t) => t.client.POST("/verify", { ...(await t.signedIn(["keys:verify"])).options, body: { key: "k".repeat(600) } }),
    ...keyRefusals("keys:verify", verify(generateToken().token)),
    ...bodyRefusals(["keys:verify"], verify(generateToken().token)),
    ...notAllowed("GET", "/verify"),
  },
  getOpenApi: {
    200: (t) => t.client.GET("/openapi.json"),
    ...notAllowed("POST", "/openapi.json"),
  },
  getHealth: {
    200: (t) => t.client.GET("/health"),
    ...notAllowed("DELETE", "/health"),
  },
  getProblemType: {
    200: (t) => t.client.GET("/problems/{code}", { params: { path: { code: "invalid_key" } }, parseAs: "text" }),
    404: (t) => t.client.GET("/problems/{code}", { params: { path: { code: "no_such_code" } } }),
    ...notAllowed("POST", "/problems/invalid_key"),
  },
  listWebhooks: {
    200: async (t) => t.client.GET("/webhooks", (await withWebhook(t)).caller.options),
    ...keyRefusals("webhooks:read", (t, o) => t.client.GET("/webhooks", o)),
    ...notAllowed("PUT", "/webhooks"),
  },
  createWebhook: {
    201: async (t) => t.client.POST("/webhooks", { ...(await t.signedIn(WEBHOOK_SETS)).options, body: createBody(t) }),
    409: async (t) => {
      const caller = await t.signedIn(WEBHOOK_SETS);
      for (let i = 0; i < 10; i++) await t.webhook(caller.user);
      return t.client.POST("/webhooks", { ...caller.options, body: createBody(t) });
    },
    422: async (t) =>
      t.client.POST("/webhooks", { ...(await t.signedIn(WEBHOOK_SETS)).options, body: { url: "ftp://hooks.invalid/x", events: [] } }),
    ...keyRefusals("webhooks:write", (t, o) => t.client.POST("/webhooks", { ...o, body: createBody(t) })),
    ...bodyRefusals(WEBHOOK_SETS, (t, o) => t.client.POST("/webhooks", { ...o, body: createBody(t) })),
    ...notAllowed("DELETE", "/webhooks"),
  },
  getWebhook: {
    200: onOwnWebhook(getWebhook),
    ...webhookIdScenarios(getWebhook),
    ...keyRefusals("webhooks:read", getWebhook(NO_SUCH_WEBHOOK)),
    ...notAllowed("PUT", `/webhooks/${NO_SUCH_WEBHOOK}`),
  },
  updateWebhook: {
    200: onOwnWebhook((id) => patchWebhook(id)),
    404: async (t) => patchWebhook(NO_SUCH_WEBHOOK)(t, (await t.signedIn(WEBHOOK_SETS)).options),
    422: onOwnWebhook((id) => patchWebhook(id, {})),
    ...keyRefusals("webhooks:write", patchWebhook(NO_SUCH_WEBHOOK)),
    ...bodyRefusals(WEBHOOK_SETS, patchWebhook(NO_SUCH_WEBHOOK)),
    ...notAllowed("POST", `/webhooks/${NO_SUCH_WEBHOOK}`),
  },
  deleteWebhook: {
    204: onOwnWebhook(deleteWebhook),
    ...webhookIdScenarios(deleteWebhook),
    ...keyRefusals("webhooks:write", deleteWebhook(NO_SUCH_WEBHOOK)),
    ...notAllowed("PUT", `/webhooks/${NO_SUCH_WEBHOOK}`),
  },
  rotateWebhookSecret: {
    200: onOwnWebhook(rotate),
    ...webhookIdScenarios(rotate),
    ...keyRefusals("webhooks:write", rotate(NO_SUCH_WEBHOOK)),
    ...notAllowed("GET", `/webhooks/${NO_SUCH_WEBHOOK}/rotate-secret`),
  },
  listWebhookDeliveries: {
    200: async (t) => {
      const { caller, webhook } = await withWebhook(t);
      await t.testEvent(caller.user, webhook.id, true);
      return deliveries(webhook.id)(t, caller.options);
    },
    ...webhookIdScenarios(deliveries),
    ...keyRefusals("webhooks:read", deliveries(NO_SUCH_WEBHOOK)),
    ...notAllowed("POST", `/webhooks/${NO_SUCH_WEBHOOK}/deliveries`),
  },
  redeliverWebhookEvent: {
    202: async (t) => {
      const { caller, webhook } = await withWebhook(t);
      const eventId = await t.testEvent(caller.user, webhook.id, true);
      return redeliver(webhook.id, eventId)(t, caller.options);
    },
    404: onOwnWebhook((id) => redeliver(id, "nosuchevent")),
    409: async (t) => {
      const { caller, webhook } = await withWebhook(t);
      const eventId = await t.testEvent(caller.user, webhook.id, false);
      return redeliver(webhook.id, eventId)(t, caller.options);
    },
    422: async (t) => redeliver(TOO_LONG_ID, "e")(t, (await t.signedIn(WEBHOOK_SETS)).options),
    ...keyRefusals("webhooks:write", redeliver(NO_SUCH_WEBHOOK, "e")),
    ...notAllowed("GET", `/webhooks/${NO_SUCH_WEBHOOK}/deliveries/e/redeliver`),
  },
  sendWebhookTestEvent: {
    202: onOwnWebhook(testEvent),
    409: async (t) => {
      const { caller, webhook } = await withWebhook(t);
      await updateWebhook(caller.user, webhook.id, { enabled: false }, NO_REQUEST);
      return testEvent(webhook.id)(t, caller.options);
    },
    ...webhookIdScenarios(testEvent),
    ...keyRefusals("webhooks:write", testEvent(NO_SUCH_WEBHOOK)),
    ...notAllowed("GET", `/webhooks/${NO_SUCH_WEBHOOK}/test`),
  },
};

/** Lib-side fixtures the context uses (kept here so the table and its helpers read together). */
export const webhookFixtures = {
  async create(owner: Actor, url: string) {
    const { webhook } = await createWebhook(owner, { url, events: ["api_key.revoked"], description: "", expiringDays: 7 }, NO_REQUEST);
    return { id: webhook.id };
  },
  async queueTest(owner: Actor, id: string) {
    return (await sendTestEvent(owner, id)).eventId;
  },
};
