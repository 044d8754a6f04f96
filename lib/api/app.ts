// The key-authenticated REST API under /api/v1: one Hono application written against
// Web-standard Request/Response. The console mounts it in a Next.js catch-all route handler
// (app/api/v1/[[...path]]/route.ts) and the dedicated API process serves it on its own port
// (lib/api/server.ts) - the same code either way. Business rules live in lib/keys and lib/auth;
// this file only maps HTTP to them and their errors to problem+json.
import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestMeta } from "../audit/write-audit";
import { loadActor } from "../auth/actor";
import { isDatabaseUnavailable } from "../db/errors";
import { type ApiSetCode, apiSetLabel } from "../keys/api-sets";
import { issueApiKey } from "../keys/issue-api-key";
import { findOwnKey, listApiKeys } from "../keys/list-api-keys";
import { revokeApiKey } from "../keys/revoke-api-key";
import { type KeyAuthRecord, type KeyCheck, type KeyRefusal, keyHasApiSet, REFUSAL_MESSAGE } from "../keys/verify-api-key";
import { logError } from "../log";
import { limitBody } from "./body-limit";
import { credentialsFrom } from "./credentials";
import type { FailedAuthLimiter } from "./failed-auth-limiter";
import { PROBLEMS, type ProblemCode, problemFromDomainError, problemResponse } from "./problem";
import {
  ApiKeySchema,
  ClientIdParamSchema,
  EXAMPLES,
  HealthSchema,
  ISSUE_KEY_REQUEST_DOC,
  IssuedKeySchema,
  IssueKeyRequestSchema,
  KeyListSchema,
  MeSchema,
  ProblemSchema,
  toApiKey,
  VerifyRequestSchema,
  VerifyResultSchema,
} from "./schemas";

export const API_BASE_PATH = "/api/v1";
export const MAX_BODY_BYTES = 16 * 1024;

export type ApiDeps = {
  verifier: { verify(token: string): Promise<KeyCheck> };
  usage: { record(keyId: string, outcome: string, ip: string | null): void };
  limiter: Pick<FailedAuthLimiter, "retryAfter" | "fail">;
  /** The caller's address as this deployment can trust it (socket, or a proxy's header). */
  clientIp(c: Context): string | null;
  /** The API's base URL as clients see it (KEYDESK_API_URL, or this request's origin). */
  endpoint(c: Context): string;
};

type ApiEnv = { Variables: { auth: KeyAuthRecord; ip: string | null } };
type VerifyCode = KeyRefusal | "insufficient_scope";

const NO_STORE = { "Cache-Control": "no-store" } as const;
const security = [{ bearerKey: [] }, { basicKey: [] }];

function problemContent(codes: ProblemCode[]) {
  return {
    "application/problem+json": {
      schema: ProblemSchema,
      examples: Object.fromEntries(
        codes.map((code) => [
          code,
          {
            summary: PROBLEMS[code].title,
            value: {
              type: `/docs/api#error-${code}`,
              title: PROBLEMS[code].title,
              status: PROBLEMS[code].status,
              detail: EXAMPLE_DETAIL[code] ?? PROBLEMS[code].title,
              code,
            },
          },
        ]),
      ),
    },
  };
}

const EXAMPLE_DETAIL: Partial<Record<ProblemCode, string>> = {
  ...REFUSAL_MESSAGE,
  insufficient_scope: 'This key does not carry the "Read API keys" API set (keys:read).',
  rate_limited: "Too many failed attempts from your address. Try again in 42 seconds.",
  validation_failed: "Check the highlighted fields.",
  malformed_request: "The body is not valid JSON.",
  unsupported_media_type: "Send the body as application/json.",
  payload_too_large: "The request body is larger than 16 KiB.",
  not_found: "The key was not found.",
  conflict: "You already have an active key with this name.",
  key_limit_reached: "You already have 3 active keys, the most allowed. Revoke one to issue another.",
};

const AUTH_PROBLEMS: ProblemCode[] = ["invalid_key", "key_expired", "key_revoked"];
const ACCOUNT_PROBLEMS: ProblemCode[] = ["user_disabled", "api_access_disabled", "forbidden", "insufficient_scope"];

function authResponses() {
  return {
    401: { description: "The key is missing, unknown, expired or revoked.", content: problemContent(AUTH_PROBLEMS) },
    403: { description: "The key is genuine but may not do this.", content: problemContent(ACCOUNT_PROBLEMS) },
    429: { description: "Too many failed authentications from this address; see Retry-After.", content: problemContent(["rate_limited"]) },
  } as const;
}

function bodyResponses() {
  return {
    400: { description: "The body is not valid JSON.", content: problemContent(["malformed_request"]) },
    413: { description: "The body is larger than 16 KiB.", content: problemContent(["payload_too_large"]) },
    415: { description: "The body is not application/json.", content: problemContent(["unsupported_media_type"]) },
    422: { description: "A field is missing or invalid.", content: problemContent(["validation_failed"]) },
  } as const;
}

/** Route metadata plus the API set it needs; `x-api-set` carries it into the document. */
function keyRoute<R extends RouteConfig>(apiSet: ApiSetCode, route: R): R {
  return Object.assign(route, {
    security,
    description: `${route.description ?? ""}\n\nRequires the API set \`${apiSet}\` (${apiSetLabel(apiSet)}).`.trim(),
    "x-api-set": apiSet,
  });
}

const meRoute = keyRoute(
  "profile:read",
  createRoute({
    method: "get",
    path: "/me",
    operationId: "getMe",
    tags: ["Account"],
    summary: "Who the key belongs to",
    description: "Returns the key's owner and the key itself (never its secret).",
    responses: {
      200: { description: "The owner and the key.", content: { "application/json": { schema: MeSchema } } },
      ...authResponses(),
    },
  }),
);

const listKeysRoute = keyRoute(
  "keys:read",
  createRoute({
    method: "get",
    path: "/keys",
    operationId: "listKeys",
    tags: ["Keys"],
    summary: "List your API keys",
    description: "All keys of the key's owner, newest first, with status and last use. Secrets are never returned.",
    responses: {
      200: { description: "The keys.", content: { "application/json": { schema: KeyListSchema } } },
      ...authResponses(),
    },
  }),
);

const getKeyRoute = keyRoute(
  "keys:read",
  createRoute({
    method: "get",
    path: "/keys/{clientId}",
    operationId: "getKey",
    tags: ["Keys"],
    summary: "Get one of your API keys",
    request: { params: ClientIdParamSchema },
    responses: {
      200: { description: "The key.", content: { "application/json": { schema: ApiKeySchema } } },
      ...authResponses(),
      404: { description: "You have no key with this client ID.", content: problemContent(["not_found"]) },
      422: { description: "The client ID is malformed.", content: problemContent(["validation_failed"]) },
    },
  }),
);

const issueKeyRoute = keyRoute(
  "keys:write",
  createRoute({
    method: "post",
    path: "/keys",
    operationId: "issueKey",
    tags: ["Keys"],
    summary: "Issue a new API key",
    description:
      "Issues a key for the calling key's owner, under the same rules as the console: the policy's limit on active keys and " +
      "lifetime, a unique name, and API sets no wider than the calling key's own. The response is the only place the secret key " +
      "ever appears (it is sent with `Cache-Control: no-store`).",
    request: {
      body: {
        required: true,
        description: ISSUE_KEY_REQUEST_DOC.description,
        content: { "application/json": { schema: IssueKeyRequestSchema, example: ISSUE_KEY_REQUEST_DOC.example } },
      },
    },
    responses: {
      201: { description: "The new key and its secret, shown this once.", content: { "application/json": { schema: IssuedKeySchema } } },
      ...authResponses(),
      ...bodyResponses(),
      409: {
        description: "A key with this name is active, or the limit of active keys is reached.",
        content: problemContent(["conflict", "key_limit_reached"]),
      },
    },
  }),
);

const revokeKeyRoute = keyRoute(
  "keys:write",
  createRoute({
    method: "delete",
    path: "/keys/{clientId}",
    operationId: "revokeKey",
    tags: ["Keys"],
    summary: "Revoke one of your API keys",
    description: "The key stops working at once, everywhere, and stays listed as revoked. A key may revoke itself.",
    request: { params: ClientIdParamSchema },
    responses: {
      200: { description: "The revoked key.", content: { "application/json": { schema: ApiKeySchema } } },
      ...authResponses(),
      404: { description: "You have no key with this client ID.", content: problemContent(["not_found"]) },
      409: { description: "The key is already revoked.", content: problemContent(["conflict"]) },
      422: { description: "The client ID is malformed.", content: problemContent(["validation_failed"]) },
    },
  }),
);

const verifyRoute = keyRoute(
  "keys:verify",
  createRoute({
    method: "post",
    path: "/verify",
    operationId: "verifyKey",
    tags: ["Verification"],
    summary: "Check a key your service received",
    description:
      "For your other backends: is this key good right now, whose is it, and what may it do? The answer is always 200 with " +
      "`valid` and, when it is not valid, the `code` of the reason. Revocations and other changes are reflected within a " +
      "second on every Keydesk process. The checked key's usage is recorded like a direct call.",
    request: { body: { required: true, content: { "application/json": { schema: VerifyRequestSchema } } } },
    responses: {
      200: {
        description: "The verdict.",
        content: {
          "application/json": {
            schema: VerifyResultSchema,
            examples: {
              valid: {
                summary: "A valid key",
                value: {
                  valid: true,
                  code: null,
                  clientId: EXAMPLES.clientId,
                  owner: { id: "cmi8x2k0f0000qz8h3v7l9d2a", name: "Ada Lovelace", email: "ada@example.com" },
                  apiSets: ["profile:read", "keys:read"],
                  expiresAt: "2027-01-30T09:30:00.000Z",
                },
              },
              revoked: {
                summary: "A revoked key",
                value: {
                  valid: false,
                  code: "key_revoked",
                  clientId: EXAMPLES.clientId,
                  owner: { id: "cmi8x2k0f0000qz8h3v7l9d2a", name: "Ada Lovelace", email: "ada@example.com" },
                  apiSets: ["profile:read"],
                  expiresAt: "2027-01-30T09:30:00.000Z",
                },
              },
              unknown: {
                summary: "An unknown key or a wrong secret",
                value: { valid: false, code: "invalid_key", clientId: null, owner: null, apiSets: [], expiresAt: null },
              },
            },
          },
        },
      },
      ...authResponses(),
      ...bodyResponses(),
    },
  }),
);

const openApiRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApi",
  tags: ["Meta"],
  summary: "This document",
  description: "The OpenAPI 3.1 description of this API. No key needed.",
  responses: {
    200: {
      description: "The OpenAPI document.",
      content: { "application/json": { schema: z.looseObject({ openapi: z.string().openapi({ example: "3.1.0" }) }) } },
    },
  },
});

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Meta"],
  summary: "Liveness",
  description: "Answers 200 while the API process is serving. No key needed.",
  responses: { 200: { description: "Serving.", content: { "application/json": { schema: HealthSchema } } } },
});

export const API_ROUTES = [meRoute, listKeysRoute, getKeyRoute, issueKeyRoute, revokeKeyRoute, verifyRoute, openApiRoute, healthRoute];

export const OPENAPI_INFO = {
  openapi: "3.1.0" as const,
  info: {
    title: "Keydesk API",
    version: "1.0.0",
    description:
      "Manage your API keys and verify keys your services receive. Authenticate with `Authorization: Bearer <secret key>` " +
      "or HTTP Basic (client ID as user name, secret key as password). Cookies are never accepted. Errors are RFC 9457 " +
      "problem details (`application/problem+json`) with a stable `code`.",
  },
  tags: [
    { name: "Account", description: "The key's owner." },
    { name: "Keys", description: "Your API keys." },
    { name: "Verification", description: "Checking keys presented to your own services." },
    { name: "Meta", description: "About the API itself." },
  ],
};

function requestMeta(c: Context, ip: string | null): RequestMeta {
  return { ip, userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null };
}

export function createApiApp(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>({
    strict: false,
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message }));
      return problemResponse("validation_failed", errors[0]?.message ?? "Check the request.", { instance: c.req.path, errors });
    },
  }).basePath(API_BASE_PATH);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerKey", {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <secret key>`",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "basicKey", {
    type: "http",
    scheme: "basic",
    description: "HTTP Basic: the client ID as user name, the secret key as password.",
  });

  const tooLarge = (c: Context) =>
    problemResponse("payload_too_large", "The request body is larger than 16 KiB.", { instance: c.req.path });
  app.use("*", limitBody(MAX_BODY_BYTES, tooLarge));

  /** Authenticates the request's key and checks that it carries `apiSet`. */
  function requireKey(apiSet: ApiSetCode): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
      const ip = deps.clientIp(c);
      const ipKey = ip ?? "unknown";
      const wait = deps.limiter.retryAfter(ipKey);
      if (wait > 0) {
        return problemResponse("rate_limited", `Too many failed attempts from your address. Try again in ${wait} seconds.`, {
          instance: c.req.path,
          retryAfterSeconds: wait,
        });
      }
      const credentials = credentialsFrom(c.req.header("authorization"));
      if (credentials.kind !== "token") {
        deps.limiter.fail(ipKey);
        const detail =
          credentials.kind === "none"
            ? "Send your API key as `Authorization: Bearer <secret key>` or with HTTP Basic."
            : credentials.reason;
        return problemResponse("invalid_key", detail, { instance: c.req.path, noCredentials: credentials.kind === "none" });
      }
      const check = await deps.verifier.verify(credentials.token);
      if (!check.ok) {
        deps.limiter.fail(ipKey);
        if (check.keyId) deps.usage.record(check.keyId, check.code, ip);
        return problemResponse(check.code, REFUSAL_MESSAGE[check.code], { instance: c.req.path });
      }
      const record = check.record;
      if (!keyHasApiSet(record, apiSet)) {
        deps.usage.record(record.keyId, "insufficient_scope", ip);
        return problemResponse("insufficient_scope", `This key does not carry the "${apiSetLabel(apiSet)}" API set (${apiSet}).`, {
          instance: c.req.path,
          requiredApiSet: apiSet,
        });
      }
      deps.usage.record(record.keyId, "ok", ip);
      c.set("auth", record);
      c.set("ip", ip);
      await next();
    };
  }

  async function actorFor(record: KeyAuthRecord) {
    const actor = await loadActor(record.owner.id);
    if (!actor) throw problemError("user_disabled", REFUSAL_MESSAGE.user_disabled);
    return actor;
  }

  app.use(meRoute.getRoutingPath(), async (c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? requireKey("profile:read")(c, next) : next(),
  );
  app.openapi(meRoute, (c) => {
    const { owner, clientId, name, apiSets, expiresAt } = c.get("auth");
    return c.json(
      {
        user: { id: owner.id, name: owner.name, email: owner.email },
        key: { clientId, name, apiSets: [...apiSets], expiresAt: new Date(expiresAt).toISOString() },
      },
      200,
      NO_STORE,
    );
  });

  app.use("/keys", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return requireKey("keys:read")(c, next);
    if (c.req.method === "POST") return requireKey("keys:write")(c, next);
    return next();
  });
  app.use("/keys/:clientId", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return requireKey("keys:read")(c, next);
    if (c.req.method === "DELETE") return requireKey("keys:write")(c, next);
    return next();
  });

  app.openapi(listKeysRoute, async (c) => {
    const keys = await listApiKeys(c.get("auth").owner.id);
    return c.json({ keys: keys.map(toApiKey) }, 200, NO_STORE);
  });

  app.openapi(getKeyRoute, async (c) => {
    const { clientId } = c.req.valid("param");
    const key = await findOwnKey(c.get("auth").owner.id, clientId);
    if (!key) throw problemError("not_found", "You have no key with this client ID.");
    return c.json(toApiKey(key), 200, NO_STORE);
  });

  app.openapi(issueKeyRoute, async (c) => {
    const auth = c.get("auth");
    const input = c.req.valid("json");
    const actor = await actorFor(auth);
    const issued = await issueApiKey(actor, input, requestMeta(c, c.get("ip")), { allowedApiSets: auth.apiSets });
    const endpoint = deps.endpoint(c);
    return c.json({ key: toApiKey(issued.key), secretKey: issued.token, endpoint }, 201, {
      ...NO_STORE,
      Location: `${endpoint}/keys/${issued.key.clientId}`,
    });
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const auth = c.get("auth");
    const { clientId } = c.req.valid("param");
    const key = await findOwnKey(auth.owner.id, clientId);
    if (!key) throw problemError("not_found", "You have no key with this client ID.");
    const actor = await actorFor(auth);
    const revoked = await revokeApiKey(actor, { keyId: key.id }, requestMeta(c, c.get("ip")), { ownOnly: true });
    return c.json(toApiKey(revoked), 200, NO_STORE);
  });

  app.use("/verify", async (c, next) => (c.req.method === "POST" ? requireKey("keys:verify")(c, next) : next()));
  app.openapi(verifyRoute, async (c) => {
    const body = c.req.valid("json");
    const check = await deps.verifier.verify(body.key);
    const keyId = check.ok ? check.record.keyId : check.keyId;
    let result: { valid: boolean; code: VerifyCode | null; record: KeyAuthRecord | null };
    if (!check.ok) {
      result = { valid: false, code: check.code, record: check.record };
    } else if (body.requiredApiSets?.some((s) => !keyHasApiSet(check.record, s))) {
      result = { valid: false, code: "insufficient_scope", record: check.record };
    } else {
      result = { valid: true, code: null, record: check.record };
    }
    if (keyId) deps.usage.record(keyId, result.code ?? "ok", body.ip ?? null);
    const r = result.record;
    return c.json(
      {
        valid: result.valid,
        code: result.code,
        clientId: r?.clientId ?? null,
        owner: r ? { id: r.owner.id, name: r.owner.name, email: r.owner.email } : null,
        apiSets: r ? [...r.apiSets] : [],
        expiresAt: r ? new Date(r.expiresAt).toISOString() : null,
      },
      200,
      NO_STORE,
    );
  });

  app.openapi(healthRoute, (c) => c.json({ ok: true }, 200, NO_STORE));

  // The document only changes with the endpoint it names; built once per endpoint.
  let cachedDocument: { endpoint: string; document: ReturnType<typeof openApiDocumentOf> } | null = null;
  app.openapi(openApiRoute, (c) => {
    const endpoint = deps.endpoint(c);
    if (cachedDocument?.endpoint !== endpoint) cachedDocument = { endpoint, document: openApiDocumentOf(app, endpoint) };
    return c.json(cachedDocument.document as never, 200);
  });

  // A path that exists answers other methods with 405 and the methods it does allow.
  const allowed = new Map<string, Set<string>>();
  for (const route of API_ROUTES) {
    const path = route.getRoutingPath();
    const set = allowed.get(path) ?? new Set<string>();
    set.add(route.method.toUpperCase());
    if (route.method === "get") set.add("HEAD");
    allowed.set(path, set);
  }
  for (const [path, methods] of allowed) {
    const allow = [...methods, "OPTIONS"].join(", ");
    app.all(path, (c) => {
      if (c.req.method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: allow } });
      return problemResponse("method_not_allowed", `${c.req.method} is not allowed here. Allowed: ${allow}.`, {
        instance: c.req.path,
        headers: { Allow: allow },
      });
    });
  }

  app.notFound((c) =>
    problemResponse("not_found", `There is no ${c.req.path} in this API. See /api/v1/openapi.json.`, { instance: c.req.path }),
  );

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(error.code, error.message, { instance: c.req.path });
    const domain = problemFromDomainError(error, c.req.path);
    if (domain) return domain;
    if (error instanceof HTTPException) {
      if (error.status === 400) return problemResponse("malformed_request", "The body is not valid JSON.", { instance: c.req.path });
      if (error.status === 415)
        return problemResponse("unsupported_media_type", "Send the body as application/json.", { instance: c.req.path });
      if (error.status === 413)
        return problemResponse("payload_too_large", "The request body is larger than 16 KiB.", { instance: c.req.path });
    }
    logError(`api ${c.req.method} ${c.req.path}`, error);
    if (isDatabaseUnavailable(error)) {
      return problemResponse("unavailable", "The key store is unavailable right now. Try again shortly.", {
        instance: c.req.path,
        retryAfterSeconds: 1,
      });
    }
    return problemResponse("internal", "Something went wrong and nothing was changed. Please try again.", { instance: c.req.path });
  });

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;

class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
  }
}

function problemError(code: ProblemCode, message: string): ProblemError {
  return new ProblemError(code, message);
}

function openApiDocumentOf(app: ApiApp, endpoint: string) {
  const document = app.getOpenAPI31Document({ ...OPENAPI_INFO, servers: [{ url: endpoint, description: "This Keydesk" }] });
  // Paths are relative to the server URL, which already ends in /api/v1.
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [path.slice(API_BASE_PATH.length) || "/", item]),
  );
  return { ...document, paths };
}

/** The OpenAPI 3.1 document, for the documentation page (no request or runtime needed). */
export function openApiDocument(endpoint: string) {
  const unused = () => {
    throw new Error("not serving");
  };
  const app = createApiApp({
    verifier: { verify: unused },
    usage: { record: unused },
    limiter: { retryAfter: unused, fail: unused },
    clientIp: unused,
    endpoint: unused,
  });
  return openApiDocumentOf(app, endpoint);
}
