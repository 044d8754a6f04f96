// About the API itself: its OpenAPI document and a liveness answer. No key needed.
import { createRoute, z } from "@hono/zod-openapi";
import { commonResponses, jsonReply, NO_STORE, operation } from "../operation";
import { jsonResponse } from "../response";
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
        content: { "application/json": { schema: z.looseObject({ openapi: z.string().openapi({ example: "3.1.0" }) }) } },
      },
      ...commonResponses(),
    },
  }),
  handle(c, _input, deps) {
    return jsonResponse(deps.openApiDocument(c), 200, {});
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
    responses: { 200: jsonReply("Serving.", HealthSchema), ...commonResponses() },
  }),
  handle(_c, _input, { rateLimits }) {
    const redis = rateLimits.redisStatus;
    const body = { ok: true, rateLimits: redis ? { store: rateLimits.store, redis } : { store: rateLimits.store } };
    return jsonResponse(JSON.stringify(body), 200, NO_STORE);
  },
});

export const META_OPERATIONS = [getOpenApi, getHealth];
