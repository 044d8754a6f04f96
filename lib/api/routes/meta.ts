// About the API itself: its OpenAPI document, a liveness answer, and the page each problem
// `type` link points at (served by the API itself, so it resolves whichever process answered).
// No key needed.
import { createRoute, z } from "@hono/zod-openapi";
import { ERROR_CODES, type ProblemCode } from "../error-codes";
import { HEADERS, jsonReply, methodNotAllowedResponse, NO_STORE, notFoundResponse, operation } from "../operation";
import { ProblemError } from "../problem";
import { jsonResponse, newResponse } from "../response";
import { HealthSchema } from "../schemas";

const getOpenApi = operation({
  apiSet: null,
  spec: createRoute({
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    tags: ["Meta"],
    summary: "This document",
    description: "The OpenAPI 3.1 description of this API. No key needed.",
    security: [],
    responses: {
      200: {
        description: "The OpenAPI document.",
        headers: HEADERS.cacheControl,
        content: { "application/json": { schema: z.looseObject({ openapi: z.string().openapi({ example: "3.1.0" }) }) } },
      },
      ...methodNotAllowedResponse(),
    },
  }),
  handle(c, _input, deps) {
    return jsonResponse(deps.openApiDocument(c), 200, NO_STORE);
  },
});

const getHealth = operation({
  apiSet: null,
  spec: createRoute({
    method: "get",
    path: "/health",
    operationId: "getHealth",
    tags: ["Meta"],
    summary: "Liveness",
    description:
      "Answers 200 while the API process is serving. No key needed. `rateLimits` says where rate limits are counted; with " +
      "Redis configured, `redis: unreachable` means this process is counting on its own until Redis answers again.",
    security: [],
    responses: { 200: jsonReply("Serving.", HealthSchema), ...methodNotAllowedResponse() },
  }),
  handle(_c, _input, { rateLimits }) {
    const redis = rateLimits.redisStatus;
    const body = { ok: true, rateLimits: redis ? { store: rateLimits.store, redis } : { store: rateLimits.store } };
    return jsonResponse(JSON.stringify(body), 200, NO_STORE);
  },
});

const PAGE_CACHE = { "Cache-Control": "public, max-age=3600" };

const getProblemType = operation({
  apiSet: null,
  spec: createRoute({
    method: "get",
    path: "/problems/{code}",
    operationId: "getProblemType",
    tags: ["Meta"],
    summary: "What a problem code means",
    description: "The page every problem's `type` link points at: the code's status, title, what happened and what to do. No key needed.",
    security: [],
    request: {
      params: z.object({
        code: z
          .string()
          .max(64)
          .openapi({ param: { name: "code", in: "path" }, example: "invalid_key", description: "A problem `code`." }),
      }),
    },
    responses: {
      200: {
        description: "The explanation, as a small HTML page.",
        headers: {
          "Cache-Control": { description: "`public, max-age=3600`.", schema: { type: "string", example: "public, max-age=3600" } },
        },
        content: { "text/html": { schema: z.string().openapi({ example: "<!doctype html>…" }) } },
      },
      ...notFoundResponse("There is no problem code of that name."),
      ...methodNotAllowedResponse(),
    },
  }),
  handle(_c, { params }) {
    const code = params.code as ProblemCode;
    if (!Object.hasOwn(ERROR_CODES, code)) throw new ProblemError("not_found", "There is no problem code of that name.");
    return newResponse(problemPage(code), { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", ...PAGE_CACHE } });
  },
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function problemPage(code: ProblemCode): string {
  const { status, title, meaning } = ERROR_CODES[code];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} (${code}) – Keydesk API</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Code <code>${code}</code>, HTTP status ${status}.</p>`,
    `<p>${escapeHtml(meaning)}</p>`,
    '<p>The whole API is described in <a href="../openapi.json">its OpenAPI document</a>.</p>',
    "</body></html>",
  ].join("\n");
}

export const META_OPERATIONS = [getOpenApi, getHealth, getProblemType];
