// What a resource module (lib/api/routes/*.ts) declares for each operation: its OpenAPI route
// (path, method, request and response schemas), the API set a key needs to call it (null for a
// public operation), and its handler. lib/api/app.ts turns the declarations into the served
// application and the OpenAPI document, so the authentication step, the input validation and
// the documentation all read the same declaration.
import type { RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { RequestMeta } from "../audit/write-audit";
import { type Actor, loadActor } from "../auth/actor";
import type { ApiSetCode } from "../keys/api-sets";
import { type KeyAuthRecord, type KeyCheck, REFUSAL_MESSAGE } from "../keys/verify-api-key";
import { ERROR_CODES, type ProblemCode } from "./error-codes";
import type { FailedAuthLimiter } from "./failed-auth-limiter";
import type { LeakKeySource } from "./leak-signature";
import { ProblemError, problemType } from "./problem";
import type { RateLimits } from "./rate-limits";
import { jsonResponse, NO_STORE } from "./response";
import { ProblemSchema } from "./schemas";

export type ApiDeps = {
  /** The one entry point of key verification: parses the token once, then judges it. */
  verifier: { verify(token: string): Promise<KeyCheck> };
  usage: {
    record(keyId: string, outcome: string, ip: string | null): void;
    /** A request refused for a known key: counted, and listed on the key's page (`endpoint`: method and path). */
    refused(keyId: string, code: string, ip: string | null, endpoint: string): void;
  };
  limiter: Pick<FailedAuthLimiter, "retryAfter" | "fail">;
  /** Per-key limits and the leak endpoint's per-address limit (memory or Redis). */
  rateLimits: Pick<RateLimits, "consume" | "peek" | "store" | "redisStatus">;
  /** GitHub's keys for signed leak reports (POST /leaks); null: reports are taken unsigned. */
  leakKeys: LeakKeySource | null;
  /** The caller's address as this deployment can trust it (socket, or a proxy's header). */
  clientIp(c: Context): string | null;
  /** The API's base URL as clients see it (KEYDESK_API_URL, or the configured host and port). */
  endpoint(c: Context): string;
};

/** What handlers get besides the request: the dependencies and the served document. */
export type HandlerDeps = ApiDeps & { openApiDocument(c: Context): string };

export type ApiEnv = {
  Variables: {
    auth: KeyAuthRecord;
    ip: string | null;
    /** The calling key's RateLimit headers, when it has a limit. */
    rateLimitHeaders?: Record<string, string>;
    /** The body as received (leak reports' signatures are over these bytes). */
    rawBody?: string;
  };
};

export type ApiContext = Context<ApiEnv>;

type Routed = RouteConfig & { getRoutingPath(): string };
type ParamsOf<S> = S extends { request: { params: infer P extends z.ZodType } } ? z.infer<P> : undefined;
type QueryOf<S> = S extends { request: { query: infer Q extends z.ZodType } } ? z.infer<Q> : undefined;
type BodyOf<S> = S extends { request: { body: { content: { "application/json": { schema: infer B extends z.ZodType } } } } }
  ? z.infer<B>
  : undefined;
export type InputOf<S> = { params: ParamsOf<S>; query: QueryOf<S>; body: BodyOf<S> };

export type Operation = {
  spec: Routed;
  /** The API set the calling key must carry; null: no key needed. */
  apiSet: ApiSetCode | null;
  /** Largest body taken; 16 KiB unless the operation says otherwise. */
  maxBodyBytes?: number;
  handle(c: ApiContext, input: { params: unknown; query: unknown; body: unknown }, deps: HandlerDeps): Response | Promise<Response>;
};

/** Declares one operation; the handler receives its validated path parameters, query and body. */
export function operation<S extends Routed>(definition: {
  spec: S;
  apiSet: ApiSetCode | null;
  maxBodyBytes?: number;
  handle(c: ApiContext, input: InputOf<S>, deps: HandlerDeps): Response | Promise<Response>;
}): Operation {
  return definition as unknown as Operation;
}

export { NO_STORE } from "./response";

/** A JSON response with plain headers (the node:http adapter writes those without copying). */
export function json(body: unknown, status = 200, headers: Readonly<Record<string, string>> = NO_STORE): Response {
  return jsonResponse(JSON.stringify(body), status, headers);
}

export function requestMeta(c: ApiContext): RequestMeta {
  return { ip: c.get("ip"), userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null };
}

/** The calling key's owner as the actor of a change, re-read from the database (lib/ re-checks rights). */
export async function ownerActor(c: ApiContext): Promise<Actor> {
  const actor = await loadActor(c.get("auth").owner.id);
  if (!actor) throw new ProblemError("user_disabled", REFUSAL_MESSAGE.user_disabled);
  return actor;
}

// ---- Shared pieces of the document ----

type HeaderSchema = { type: "string"; example?: string; enum?: string[]; pattern?: string; format?: string };
const header = (description: string, schema: Omit<HeaderSchema, "type">, required = true) => ({
  description,
  required,
  schema: { type: "string" as const, ...schema },
});

export const HEADERS = {
  cacheControl: { "Cache-Control": header("Responses are never stored: `no-store`.", { enum: ["no-store"], example: "no-store" }) },
  wwwAuthenticate: {
    "WWW-Authenticate": header("The authentication challenges: Bearer (RFC 6750, with `error` when a key was sent) and Basic (RFC 7617).", {
      pattern: "^Bearer realm=",
      example: 'Bearer realm="Keydesk API", error="invalid_token", Basic realm="Keydesk API", charset="UTF-8"',
    }),
  },
  scopeChallenge: {
    "WWW-Authenticate": header(
      "With insufficient_scope only: a Bearer challenge naming the API set the endpoint needs in `scope`.",
      {
        pattern: '^Bearer realm="[^"]*", error="insufficient_scope", scope="[^"]+"$',
        example: 'Bearer realm="Keydesk API", error="insufficient_scope", scope="keys:read"',
      },
      false,
    ),
  },
  retryAfter: { "Retry-After": header("Seconds to wait before trying again.", { pattern: "^[0-9]+$", example: "42" }) },
  rateLimitPolicy: {
    "RateLimit-Policy": header(
      "Only for a key with a rate limit: its quota policy (draft-ietf-httpapi-ratelimit-headers), `q` requests per `w` seconds.",
      { pattern: '^"key";q=[0-9]+;w=[0-9]+$', example: '"key";q=100;w=60' },
      false,
    ),
  },
  rateLimit: {
    RateLimit: header(
      "Only for a key with a rate limit: `r` requests left in the window, which ends in `t` seconds.",
      { pattern: '^"key";r=[0-9]+;t=[0-9]+$', example: '"key";r=42;t=17' },
      false,
    ),
  },
  allow: {
    Allow: header("The methods this path takes (every GET also takes HEAD; every path takes OPTIONS).", {
      pattern: "^[A-Z]+(, [A-Z]+)*$",
      example: "GET, HEAD, POST, OPTIONS",
    }),
  },
  location: {
    Location: header("The URL of the created resource, under the API endpoint this Keydesk is configured with.", {
      format: "uri-reference",
      example: "https://api.example.org/api/v1/keys/4fT9xQ2mLr8ZkVb1NcYe",
    }),
  },
};

/** The problem+json content of a response that answers with one of `codes`, one example each. */
function problemContent(codes: readonly ProblemCode[]) {
  return {
    "application/problem+json": {
      schema: ProblemSchema,
      examples: Object.fromEntries(
        codes.map((code) => [
          code,
          {
            summary: ERROR_CODES[code].title,
            value: {
              type: problemType(code),
              title: ERROR_CODES[code].title,
              status: ERROR_CODES[code].status,
              detail: ERROR_CODES[code].example,
              code,
            },
          },
        ]),
      ),
    },
  };
}

export function problemReply(description: string, codes: readonly ProblemCode[], headers: Record<string, unknown> = {}) {
  return { description, headers: { ...HEADERS.cacheControl, ...headers }, content: problemContent(codes) };
}

/** A path that exists but not with the method sent: 405 with Allow (every operation's path). */
export function methodNotAllowedResponse() {
  return {
    405: problemReply(
      "The path does not take the method that was sent; Allow lists those it does (OPTIONS answers 204 with the same Allow).",
      ["method_not_allowed"],
      HEADERS.allow,
    ),
  };
}

/** Failures of the server or of the key store (every operation that checks a key). */
export function serverErrorResponses() {
  return {
    500: problemReply("Something went wrong on the server; nothing was changed.", ["internal"]),
    503: problemReply("The key store is unreachable; try again after Retry-After.", ["unavailable"], HEADERS.retryAfter),
  };
}

/** Answers every operation that checks a key may give: unknown method on its path, server and store failures. */
export function commonResponses() {
  return { ...methodNotAllowedResponse(), ...serverErrorResponses() };
}

/** Answers of an operation that needs a key. */
export function authResponses() {
  return {
    401: problemReply(
      "The key is missing, unknown, expired, revoked or deactivated.",
      ["invalid_key", "key_expired", "key_revoked", "key_inactive"],
      HEADERS.wwwAuthenticate,
    ),
    403: problemReply(
      "The key is genuine but may not do this, or not from this address (for insufficient_scope, WWW-Authenticate names the API set).",
      ["user_disabled", "api_access_disabled", "forbidden", "ip_not_allowed", "insufficient_scope"],
      HEADERS.scopeChallenge,
    ),
    429: problemReply(
      "The key's rate limit is spent (RateLimit and RateLimit-Policy say which), or too many failed authentications came from this address; see Retry-After.",
      ["rate_limited"],
      { ...HEADERS.retryAfter, ...HEADERS.rateLimitPolicy, ...HEADERS.rateLimit },
    ),
  };
}

/** Answers of an operation that takes a JSON body. */
export function bodyResponses() {
  return {
    400: problemReply("The body is not valid JSON.", ["malformed_request"]),
    413: problemReply("The body is larger than the operation takes (16 KiB unless it says otherwise).", ["payload_too_large"]),
    415: problemReply("The body is not application/json.", ["unsupported_media_type"]),
    422: problemReply("A field is missing or invalid.", ["validation_failed"]),
  };
}

/** Answers of an operation that reads query parameters. */
export function queryResponses(description: string) {
  return { 400: problemReply(description, ["invalid_query"]) };
}

export function notFoundResponse(description: string) {
  return { 404: problemReply(description, ["not_found"]) };
}

export function invalidParamResponse(description: string) {
  return { 422: problemReply(description, ["validation_failed"]) };
}

export function conflictResponse(description: string, codes: readonly ProblemCode[]) {
  return { 409: problemReply(description, codes) };
}

/** A 200/201 JSON response declaration with Cache-Control (and any other headers). */
export function jsonReply(description: string, schema: z.ZodType, headers: Record<string, unknown> = {}, extra: object = {}) {
  return { description, headers: { ...HEADERS.cacheControl, ...headers }, content: { "application/json": { schema, ...extra } } };
}
