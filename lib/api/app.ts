// The key-authenticated REST API under /api/v1: one Hono application written against
// Web-standard Request/Response, served by the console's front server (lib/api/front-door.ts),
// by the dedicated API process (lib/api/server.ts) and, in development, by a Next.js route -
// the same code every way. Each resource module (lib/api/routes/*) declares its operations:
// route, API set and handler (lib/api/operation.ts). This file turns them into the
// application: authentication with the declared API set, input validation with the declared
// schemas, 405/OPTIONS for every path, problem+json for every error, and the OpenAPI document.
// Business rules live in lib/keys and lib/auth.
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { isDatabaseUnavailable } from "../db/errors";
import { type ApiSetCode, apiSetLabel } from "../keys/api-sets";
import { type KeyRateLimit, rateLimitText } from "../keys/rate-limit";
import { IP_NOT_ALLOWED_MESSAGE, keyAllowsIp, keyHasApiSet, REFUSAL_MESSAGE } from "../keys/verify-api-key";
import { logError } from "../log";
import { readBodyText } from "./body-limit";
import { credentialsFrom } from "./credentials";
import {
  type ApiDeps,
  type ApiEnv,
  authResponses,
  bodyResponses,
  type HandlerDeps,
  methodNotAllowedResponse,
  type Operation,
  serverErrorResponses,
} from "./operation";
import { type ProblemCode, ProblemError, type ProblemOptions, problemFromDomainError, problemResponse } from "./problem";
import { rateLimitHeaders } from "./rate-limits";
import { newResponse, withHeaders } from "./response";
import { AUDIT_OPERATIONS } from "./routes/audit";
import { KEY_OPERATIONS } from "./routes/keys";
import { LEAK_OPERATIONS } from "./routes/leaks";
import { ME_OPERATIONS } from "./routes/me";
import { META_OPERATIONS } from "./routes/meta";
import { VERIFY_OPERATIONS } from "./routes/verify";
import { WEBHOOK_OPERATIONS } from "./routes/webhooks";
import { addHsts, servedOverHttps, withTransportSecurity } from "./security-headers";

export type { ApiDeps } from "./operation";

const API_BASE_PATH = "/api/v1";
const MAX_BODY_BYTES = 16 * 1024;

/** Every operation of the API, resource by resource. */
const API_OPERATIONS: readonly Operation[] = [
  ...ME_OPERATIONS,
  ...KEY_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...VERIFY_OPERATIONS,
  ...LEAK_OPERATIONS,
  ...META_OPERATIONS,
];

const OPENAPI_INFO = {
  openapi: "3.1.0" as const,
  info: {
    title: "Keydesk API",
    version: "1.0.0",
    description:
      "Manage your API keys and verify keys your services receive. Authenticate with `Authorization: Bearer <secret key>` " +
      "or HTTP Basic (client ID as user name, secret key as password). Cookies are never accepted. Errors are RFC 9457 " +
      "problem details (`application/problem+json`) with a stable `code`; each problem's `type` links to a page explaining it " +
      "(`GET /problems/{code}`).\n\n" +
      "Every path answers `OPTIONS` with `204` and an `Allow` header listing its methods, every `GET` also answers `HEAD` (same " +
      "status and headers, no body), a method a path does not take gets `405` with `Allow`, and a path that does not exist gets " +
      "`404 not_found`. URLs in responses (the server below, `Location`, problem `type` links) come from the configured API " +
      "endpoint (`KEYDESK_API_URL`) or, when it is not set, are paths on the host you called.",
    contact: { name: "The administrators of this Keydesk" },
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  security: [{ bearerKey: [] }, { basicKey: [] }] as Record<string, string[]>[],
  tags: [
    { name: "Account", description: "The key's owner." },
    { name: "Keys", description: "Your API keys." },
    { name: "Webhooks", description: "Signed notices of your keys' events, sent to your URLs." },
    { name: "Audit", description: "What was recorded about your account." },
    { name: "Verification", description: "Checking keys presented to your own services." },
    { name: "Leak reports", description: "Secret scanners (GitHub's partner program) reporting Keydesk keys found in public." },
    { name: "Meta", description: "About the API itself." },
  ],
};

const KEY_SECURITY: Record<string, string[]>[] = OPENAPI_INFO.security;

/** The operation's route as documented: its security and the API set it needs. */
function documentedRoute(op: Operation) {
  if (op.apiSet === null) return op.spec;
  return {
    ...op.spec,
    security: KEY_SECURITY,
    description: `${op.spec.description ?? ""}\n\nRequires the API set \`${op.apiSet}\` (${apiSetLabel(op.apiSet)}).`.trim(),
    "x-api-set": op.apiSet,
  };
}

function validationProblem(where: ProblemOptions, error: z.ZodError, code: ProblemCode = "validation_failed"): Response {
  const errors = error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message }));
  return problemResponse(code, errors[0]?.message ?? "Check the request.", { ...where, errors });
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export function createApiApp(deps: ApiDeps) {
  /** Where a problem happened: the path, and the endpoint its `type` link starts with. */
  const at = (c: Context): ProblemOptions => ({ instance: c.req.path, base: deps.endpoint(c) });
  const app = new OpenAPIHono<ApiEnv>({ strict: false }).basePath(API_BASE_PATH);
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearerKey", {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <secret key>`",
  });
  registry.registerComponent("securitySchemes", "basicKey", {
    type: "http",
    scheme: "basic",
    description: "HTTP Basic: the client ID as user name, the secret key as password.",
  });

  /**
   * Authenticates the request's key and checks that it carries `apiSet`: null when it may go
   * on (the key's record is then on the context), otherwise the refusal.
   */
  async function authenticate(c: Context<ApiEnv>, apiSet: ApiSetCode): Promise<Response | null> {
    {
      const ip = deps.clientIp(c);
      const ipKey = ip ?? "unknown";
      const wait = deps.limiter.retryAfter(ipKey);
      if (wait > 0) {
        return problemResponse("rate_limited", `Too many failed attempts from your address. Try again in ${wait} seconds.`, {
          ...at(c),
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
        return problemResponse("invalid_key", detail, { ...at(c), noCredentials: credentials.kind === "none" });
      }
      const check = await deps.verifier.verify(credentials.token);
      if (!check.ok) {
        deps.limiter.fail(ipKey);
        if (check.keyId) deps.usage.refused(check.keyId, check.code, ip, `${c.req.method} ${c.req.path}`);
        return problemResponse(check.code, REFUSAL_MESSAGE[check.code], at(c));
      }
      const record = check.record;
      if (!keyAllowsIp(record, ip)) {
        deps.usage.refused(record.keyId, "ip_not_allowed", ip, `${c.req.method} ${c.req.path}`);
        return problemResponse("ip_not_allowed", IP_NOT_ALLOWED_MESSAGE, at(c));
      }
      if (!keyHasApiSet(record, apiSet)) {
        deps.usage.refused(record.keyId, "insufficient_scope", ip, `${c.req.method} ${c.req.path}`);
        return problemResponse("insufficient_scope", `This key does not carry the "${apiSetLabel(apiSet)}" API set (${apiSet}).`, {
          ...at(c),
          requiredApiSet: apiSet,
        });
      }
      if (record.rateLimit) {
        // Only keys with a limit of their own pay for counting.
        const counted = deps.rateLimits.consume("key", record.keyId, record.rateLimit);
        const state = counted instanceof Promise ? await counted : counted;
        const headers = rateLimitHeaders(state);
        if (!state.allowed) {
          deps.usage.refused(record.keyId, "rate_limited", ip, `${c.req.method} ${c.req.path}`);
          return problemResponse("rate_limited", `${rateLimitRefusal(record.rateLimit)} Try again in ${state.resetSeconds} seconds.`, {
            ...at(c),
            retryAfterSeconds: state.resetSeconds,
            headers,
          });
        }
        c.set("rateLimitHeaders", headers);
      }
      deps.usage.record(record.keyId, "ok", ip);
      c.set("auth", record);
      c.set("ip", ip);
      return null;
    }
  }

  // The document only changes with the endpoint it names; built once per endpoint.
  let cachedDocument: { endpoint: string; text: string } | null = null;
  const handlerDeps: HandlerDeps = {
    ...deps,
    openApiDocument(c) {
      const endpoint = deps.endpoint(c);
      if (cachedDocument?.endpoint !== endpoint) cachedDocument = { endpoint, text: JSON.stringify(openApiDocumentOf(app, endpoint)) };
      return cachedDocument.text;
    },
  };

  const allowed = new Map<string, Set<string>>();
  for (const op of API_OPERATIONS) {
    const { spec } = op;
    registry.registerPath(documentedRoute(op));
    const params = spec.request?.params as z.ZodType | undefined;
    const query = spec.request?.query as z.ZodType | undefined;
    const bodySchema = (spec.request?.body?.content?.["application/json"] as { schema?: z.ZodType } | undefined)?.schema;
    const { apiSet } = op;
    const maxBodyBytes = op.maxBodyBytes ?? MAX_BODY_BYTES;
    // One handler per route (no middleware chain): authentication, then the input (path,
    // query, body), then the operation.
    const handler = async (c: Context<ApiEnv>) => {
      if (apiSet) {
        const refused = await authenticate(c, apiSet);
        if (refused) return refused;
      }
      let parsedParams: unknown;
      if (params) {
        const result = params.safeParse(c.req.param());
        if (!result.success) return validationProblem(at(c), result.error);
        parsedParams = result.data;
      }
      let parsedQuery: unknown;
      if (query) {
        const result = query.safeParse(c.req.query());
        if (!result.success) return validationProblem(at(c), result.error, "invalid_query");
        parsedQuery = result.data;
      }
      let parsedBody: unknown;
      if (bodySchema) {
        const type = c.req.header("content-type");
        let raw: unknown = {};
        if (type !== undefined && !JSON_TYPE.test(type)) {
          return problemResponse("unsupported_media_type", "Send the body as application/json.", at(c));
        }
        const text = await readBodyText(c, maxBodyBytes);
        if (text === null) {
          return problemResponse("payload_too_large", `The request body is larger than ${maxBodyBytes / 1024} KiB.`, at(c));
        }
        c.set("rawBody", text);
        if (type === undefined && text !== "") {
          return problemResponse("unsupported_media_type", "Send the body as application/json.", at(c));
        }
        if (text !== "" || type !== undefined) {
          try {
            raw = JSON.parse(text);
          } catch {
            return problemResponse("malformed_request", "The body is not valid JSON.", at(c));
          }
        }
        const result = bodySchema.safeParse(raw);
        if (!result.success) return validationProblem(at(c), result.error);
        parsedBody = result.data;
      }
      const response = await op.handle(c, { params: parsedParams, query: parsedQuery, body: parsedBody }, handlerDeps);
      const limitHeaders = c.get("rateLimitHeaders");
      return limitHeaders ? withHeaders(response, limitHeaders) : response;
    };
    // No middleware: Hono calls a route's only handler directly. Every response is made with
    // the security headers (lib/api/response.ts); HSTS is added here, when over https (over
    // http the handler's own promise is returned, not another one around it). A handler that
    // throws is answered by onError below.
    const served = (c: Context<ApiEnv>) => (servedOverHttps(c) ? handler(c).then(addHsts) : handler(c));
    const path = spec.getRoutingPath();
    const methods = spec.method === "get" ? ["GET", "HEAD"] : [spec.method.toUpperCase()];
    app.on(methods, path, served);
    const set = allowed.get(path) ?? new Set<string>();
    for (const m of methods) set.add(m);
    allowed.set(path, set);
  }

  declareApplicationResponses(registry);

  // A path that exists answers other methods with 405 and the methods it does allow, OPTIONS
  // with 204 and the same list; any other path with 404. Decided here, once no route matched,
  // so that every served request meets exactly one handler.
  const paths = [...allowed].map(([path, methods]) => ({
    pattern: new RegExp(`^${API_BASE_PATH}${path.replace(/:\w+/g, "[^/]+")}/?$`),
    allow: [...methods, "OPTIONS"].join(", "),
  }));
  app.notFound((c) => withTransportSecurity(c, notFound(c)));
  const notFound = (c: Context) => {
    const path = c.req.path;
    const known = paths.find((p) => p.pattern.test(path));
    if (!known) return problemResponse("not_found", `There is no ${path} in this API. See /api/v1/openapi.json.`, at(c));
    if (c.req.method === "OPTIONS") return newResponse(null, { status: 204, headers: { Allow: known.allow } });
    return problemResponse("method_not_allowed", `${c.req.method} is not allowed here. Allowed: ${known.allow}.`, {
      ...at(c),
      headers: { Allow: known.allow },
    });
  };

  app.onError((error, c) => withTransportSecurity(c, errorResponse(error, c)));
  const errorResponse = (error: Error, c: Context): Response => {
    if (error instanceof ProblemError) return problemResponse(error.code, error.message, at(c));
    const domain = problemFromDomainError(error, c.req.path, deps.endpoint(c));
    if (domain) return domain;
    if (error instanceof HTTPException) {
      if (error.status === 400) return problemResponse("malformed_request", "The body is not valid JSON.", at(c));
      if (error.status === 415) return problemResponse("unsupported_media_type", "Send the body as application/json.", at(c));
    }
    logError(`api ${c.req.method} ${c.req.path}`, error);
    if (isDatabaseUnavailable(error)) {
      return problemResponse("unavailable", "The key store is unavailable right now. Try again shortly.", {
        ...at(c),
        retryAfterSeconds: 1,
      });
    }
    return problemResponse("internal", "Something went wrong and nothing was changed. Please try again.", at(c));
  };

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;

type DocumentedOperation = { security?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> };

/**
 * The answers the application itself gives, whatever the route: 405 on every path; for a
 * route that checks a key, its refusals and the key store's failures; for a route that takes a
 * body, the body's refusals. Declared here, from what the application does, for every route
 * however it was registered.
 */
function applicationResponses(op: DocumentedOperation): Record<string, unknown> {
  const secured = op.security === undefined || op.security.length > 0;
  const { 422: invalid, ...bodyRefusals } = bodyResponses();
  return {
    ...methodNotAllowedResponse(),
    ...(secured ? { ...authResponses(), ...serverErrorResponses() } : {}),
    ...(op.requestBody ? { ...bodyRefusals, 422: op.responses?.[422] ?? invalid } : {}),
  };
}

/** Adds the application's own answers to every route registered so far. */
function declareApplicationResponses(registry: ApiApp["openAPIRegistry"]) {
  for (const definition of registry.definitions) {
    if (definition.type !== "route") continue;
    const route = definition.route as DocumentedOperation & RouteConfig;
    definition.route = {
      ...route,
      responses: sortedByStatus({ ...route.responses, ...applicationResponses(route) }) as RouteConfig["responses"],
    };
  }
}

function rateLimitRefusal(limit: KeyRateLimit): string {
  return `This key allows ${rateLimitText(limit)}.`;
}

function openApiDocumentOf(app: ApiApp, endpoint: string) {
  const document = app.getOpenAPI31Document({ ...OPENAPI_INFO, servers: [{ url: endpoint, description: "This Keydesk" }] });
  // Paths are relative to the server URL, which already ends in /api/v1.
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path.startsWith(API_BASE_PATH) ? path.slice(API_BASE_PATH.length) || "/" : path,
      item,
    ]),
  );
  return { ...document, paths };
}

function sortedByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The OpenAPI 3.1 document, for the documentation page (no request or runtime needed). */
export function openApiDocument(endpoint: string) {
  const unused = () => {
    throw new Error("not serving");
  };
  const app = createApiApp({
    verifier: { verify: unused },
    usage: { record: unused, refused: unused },
    limiter: { retryAfter: unused, fail: unused },
    rateLimits: { consume: unused, peek: unused, store: "memory", redisStatus: undefined },
    leakKeys: null,
    clientIp: unused,
    endpoint: unused,
  });
  return openApiDocumentOf(app, endpoint);
}
