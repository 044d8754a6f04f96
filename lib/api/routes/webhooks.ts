// /api/v1/webhooks – the key owner's webhook subscriptions: list, create (the signing secret is
// in the 201 response, once), get, update, delete, rotate the secret, the delivery log,
// redeliver, and send a test event. A self-contained route module: each route declares the API
// set it needs beside its handler, and registerWebhookRoutes wires the authentication the API
// app hands it. Business rules (ownership, the limit, the URL policy) live in lib/webhooks.
import { createRoute, type OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context, Env, MiddlewareHandler } from "hono";
import type { RequestMeta } from "../../audit/write-audit";
import type { Actor } from "../../auth/actor";
import { KeydeskError, notFound } from "../../errors";
import { type ApiSetCode, apiSetLabel } from "../../keys/api-sets";
import type { KeyAuthRecord } from "../../keys/verify-api-key";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "../../webhooks/events";
import { createWebhookSchema, updateWebhookSchema } from "../../webhooks/schemas";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveryAttempts,
  listWebhooks,
  redeliverEvent,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
  type WebhookView,
} from "../../webhooks/subscriptions";
import { HEADERS } from "../operation";
import { PROBLEMS, type ProblemCode, problemType } from "../problem";
import { ProblemSchema } from "../schemas";

const NO_STORE = { "Cache-Control": "no-store" } as const;
const security = [{ bearerKey: [] }, { basicKey: [] }];
const EXAMPLE_ID = "cmi9w3h1k0001qz8h5n2c7r4b";
const EXAMPLE_URL = "https://hooks.example.com/keydesk";

function problems(description: string, codes: ProblemCode[]) {
  return {
    description,
    headers: HEADERS.cacheControl,
    content: {
      "application/problem+json": {
        schema: ProblemSchema,
        examples: Object.fromEntries(
          codes.map((code) => [
            code,
            {
              summary: PROBLEMS[code].title,
              value: {
                type: problemType(code),
                title: PROBLEMS[code].title,
                status: PROBLEMS[code].status,
                detail: PROBLEMS[code].title,
                code,
              },
            },
          ]),
        ),
      },
    },
  };
}

const AUTH = {
  401: problems("The key is missing, unknown, expired or revoked.", ["invalid_key", "key_expired", "key_revoked"]),
  403: problems("The key is genuine but may not do this.", ["user_disabled", "api_access_disabled", "forbidden", "insufficient_scope"]),
  429: problems("Too many failed authentications from this address; see Retry-After.", ["rate_limited"]),
} as const;
const BODY = {
  400: problems("The body is not valid JSON.", ["malformed_request"]),
  413: problems("The body is larger than 16 KiB.", ["payload_too_large"]),
  415: problems("The body is not application/json.", ["unsupported_media_type"]),
  422: problems("A field is missing or invalid (the URL's address included).", ["validation_failed"]),
} as const;
const NOT_FOUND = { 404: problems("You have no webhook with this id.", ["not_found"]) } as const;

function keyRoute<R extends RouteConfig>(apiSet: ApiSetCode, route: R): R {
  return Object.assign(route, {
    security,
    tags: ["Webhooks"],
    description: `${route.description ?? ""}\n\nRequires the API set \`${apiSet}\` (${apiSetLabel(apiSet)}).`.trim(),
    "x-api-set": apiSet,
  });
}

const EventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).openapi("WebhookEventType", { example: "api_key.revoked" });

const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_ID }),
    url: z.string().openapi({ example: EXAMPLE_URL }),
    description: z.string().openapi({ example: "Deployment bot" }),
    events: z.array(EventTypeSchema).openapi({ example: ["api_key.revoked", "api_key.expiring"] }),
    enabled: z.boolean().openapi({ example: true }),
    disabledReason: z
      .enum(["user", "administrator", "failing"])
      .nullable()
      .openapi({ description: "Why it is off: you, an administrator, or 24 hours of failed deliveries.", example: null }),
    disabledAt: z.string().nullable().openapi({ format: "date-time", example: null }),
    expiringDays: z.number().int().openapi({ description: "Days before a key's expiry that api_key.expiring fires.", example: 7 }),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-12-01T09:30:00.000Z" }),
    previousSecretUntil: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "After a rotation, the old secret also signs until then.", example: null }),
    lastDelivery: z
      .object({ at: z.string().openapi({ format: "date-time" }), status: z.number().int().nullable() })
      .nullable()
      .openapi({ example: { at: "2026-12-01T10:02:11.000Z", status: 200 } }),
    pending: z.number().int().openapi({ description: "Events waiting to be delivered.", example: 0 }),
  })
  .openapi("Webhook");

// The request bodies are the console form's schemas (lib/webhooks/schemas.ts), their events
// documented as the WebhookEventType enum (zod's own .meta(): those schemas are made without
// the OpenAPI extension).
const EVENTS_AS_ENUM = { items: { $ref: "#/components/schemas/WebhookEventType" } };
const CreateWebhookRequestSchema = createWebhookSchema.extend({ events: createWebhookSchema.shape.events.meta(EVENTS_AS_ENUM) });
const UpdateWebhookRequestSchema = updateWebhookSchema.extend({
  events: updateWebhookSchema.shape.events.unwrap().meta(EVENTS_AS_ENUM).optional(),
});

const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) }).openapi("WebhookList");

const WebhookWithSecretSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({
      description: "The signing secret (Standard Webhooks). Shown only in this response.",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .openapi("WebhookWithSecret");

const DeliverySchema = z
  .object({
    id: z.string(),
    at: z.string().openapi({ format: "date-time" }),
    eventId: z.string().openapi({ description: "The webhook-id header is `msg_` + this." }),
    eventType: z.string().openapi({ example: "api_key.revoked" }),
    sequence: z.number().int().openapi({ example: 12 }),
    status: z.number().int().nullable().openapi({ description: "HTTP status, null when no response came.", example: 200 }),
    durationMs: z.number().int().openapi({ example: 48 }),
    error: z.string().nullable().openapi({ example: null }),
    response: z.string().openapi({ description: "The first 1 KB of the response body.", example: "ok" }),
    eventState: z.enum(["delivered", "failed", "pending"]),
  })
  .openapi("WebhookDelivery");

const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) }).openapi("WebhookDeliveryList");
const QueuedSchema = z.object({ eventId: z.string(), sequence: z.number().int() }).openapi("WebhookQueued");
const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: EXAMPLE_ID }),
});
const EventParamSchema = IdParamSchema.extend({
  eventId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "eventId", in: "path" } }),
});
const json = <S extends z.ZodType>(
  schema: S,
  description: string,
  headers: Record<string, (typeof HEADERS.cacheControl)["Cache-Control"]> = HEADERS.cacheControl,
) => ({
  description,
  headers,
  content: { "application/json": { schema } },
});

const listRoute = keyRoute(
  "webhooks:read",
  createRoute({
    method: "get",
    path: "/webhooks",
    operationId: "listWebhooks",
    summary: "List your webhooks",
    description: "Every webhook of the key's owner, oldest first, with status and last delivery. Secrets are never returned.",
    responses: { 200: json(WebhookListSchema, "The webhooks."), ...AUTH },
  }),
);

const createWebhookRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "post",
    path: "/webhooks",
    operationId: "createWebhook",
    summary: "Add a webhook",
    description:
      "Keydesk POSTs the chosen events to `url`, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, " +
      "`webhook-signature`). The URL must be https and must not resolve to a private, loopback or link-local address. At most " +
      "the policy's number of webhooks per user (10 by default). The response is the only place the signing secret appears.",
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: CreateWebhookRequestSchema,
            example: { url: EXAMPLE_URL, events: ["api_key.revoked", "api_key.expiring"], description: "Deployment bot", expiringDays: 7 },
          },
        },
      },
    },
    responses: {
      201: json(WebhookWithSecretSchema, "The webhook and its signing secret, shown this once.", {
        ...HEADERS.cacheControl,
        ...HEADERS.location,
      }),
      ...AUTH,
      ...BODY,
      409: problems("You already have the most webhooks allowed.", ["conflict"]),
    },
  }),
);

const getRoute = keyRoute(
  "webhooks:read",
  createRoute({
    method: "get",
    path: "/webhooks/{id}",
    operationId: "getWebhook",
    summary: "Get one of your webhooks",
    request: { params: IdParamSchema },
    responses: { 200: json(WebhookSchema, "The webhook."), ...AUTH, ...NOT_FOUND, 422: BODY[422] },
  }),
);

const updateRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "patch",
    path: "/webhooks/{id}",
    operationId: "updateWebhook",
    summary: "Change one of your webhooks",
    description: "Change its URL, events, description or expiry notice, or switch it on or off (`enabled`).",
    request: {
      params: IdParamSchema,
      body: { required: true, content: { "application/json": { schema: UpdateWebhookRequestSchema, example: { enabled: false } } } },
    },
    responses: { 200: json(WebhookSchema, "The changed webhook."), ...AUTH, ...BODY, ...NOT_FOUND },
  }),
);

const deleteRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "delete",
    path: "/webhooks/{id}",
    operationId: "deleteWebhook",
    summary: "Delete one of your webhooks",
    description: "Its queued events and delivery log go with it.",
    request: { params: IdParamSchema },
    responses: { 204: { description: "Deleted." }, ...AUTH, ...NOT_FOUND, 422: BODY[422] },
  }),
);

const rotateRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "post",
    path: "/webhooks/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    summary: "Rotate a webhook's signing secret",
    description: "A new secret, in this response only. The previous one keeps signing beside it (a second signature) for 24 hours.",
    request: { params: IdParamSchema },
    responses: { 200: json(WebhookWithSecretSchema, "The webhook and its new secret."), ...AUTH, ...NOT_FOUND, 422: BODY[422] },
  }),
);

const deliveriesRoute = keyRoute(
  "webhooks:read",
  createRoute({
    method: "get",
    path: "/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "A webhook's delivery log",
    description: "The last 50 attempts, newest first: time, status, duration, error and the first 1 KB of the response.",
    request: { params: IdParamSchema },
    responses: { 200: json(DeliveryListSchema, "The attempts."), ...AUTH, ...NOT_FOUND, 422: BODY[422] },
  }),
);

const redeliverRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "post",
    path: "/webhooks/{id}/deliveries/{eventId}/redeliver",
    operationId: "redeliverWebhookEvent",
    summary: "Send an event again",
    description: "Queues a delivered (or given-up) event again, with the same webhook-id, in its place in the sequence.",
    request: { params: EventParamSchema },
    responses: {
      202: json(QueuedSchema, "Queued."),
      ...AUTH,
      404: problems("No such webhook or event.", ["not_found"]),
      409: problems("The event is still queued.", ["conflict"]),
      422: BODY[422],
    },
  }),
);

const testRoute = keyRoute(
  "webhooks:write",
  createRoute({
    method: "post",
    path: "/webhooks/{id}/test",
    operationId: "sendWebhookTestEvent",
    summary: "Send a test event",
    description: `Queues a \`${TEST_EVENT_TYPE}\` event for this webhook, signed and logged like any other.`,
    request: { params: IdParamSchema },
    responses: {
      202: json(QueuedSchema, "Queued."),
      ...AUTH,
      ...NOT_FOUND,
      409: problems("The webhook is off.", ["conflict"]),
      422: BODY[422],
    },
  }),
);

export const WEBHOOK_ROUTES = [
  listRoute,
  createWebhookRoute,
  getRoute,
  updateRoute,
  deleteRoute,
  rotateRoute,
  deliveriesRoute,
  redeliverRoute,
  testRoute,
];

export const WEBHOOKS_TAG = { name: "Webhooks", description: "Signed notices of your keys' events, sent to your URLs." };

type WebhookEnv = Env & { Variables: { auth: KeyAuthRecord; ip: string | null } };

export type WebhookRouteDeps<E extends WebhookEnv> = {
  requireKey(apiSet: ApiSetCode): MiddlewareHandler<E>;
  actorFor(record: KeyAuthRecord): Promise<Actor>;
  requestMeta(c: Context<E>): RequestMeta;
  endpoint(c: Context<E>): string;
};

function toBody(view: WebhookView) {
  const { disabledBy: _shownInConsole, entities: _derived, ...rest } = view;
  return rest;
}

const byMethod =
  <E extends WebhookEnv>(deps: WebhookRouteDeps<E>, sets: Partial<Record<string, ApiSetCode>>): MiddlewareHandler<E> =>
  async (c, next) => {
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const set = sets[method];
    return set ? deps.requireKey(set)(c, next) : next();
  };

// biome-ignore lint/complexity/noBannedTypes: Hono's own default for an application's route schema.
export function registerWebhookRoutes<E extends WebhookEnv, P extends string>(app: OpenAPIHono<E, {}, P>, deps: WebhookRouteDeps<E>) {
  app.use("/webhooks", byMethod(deps, { GET: "webhooks:read", POST: "webhooks:write" }));
  app.use("/webhooks/:id", byMethod(deps, { GET: "webhooks:read", PATCH: "webhooks:write", DELETE: "webhooks:write" }));
  app.use("/webhooks/:id/rotate-secret", byMethod(deps, { POST: "webhooks:write" }));
  app.use("/webhooks/:id/deliveries", byMethod(deps, { GET: "webhooks:read" }));
  app.use("/webhooks/:id/deliveries/:eventId/redeliver", byMethod(deps, { POST: "webhooks:write" }));
  app.use("/webhooks/:id/test", byMethod(deps, { POST: "webhooks:write" }));

  const ownerOf = (c: Context<E>) => c.get("auth").owner.id;

  app.openapi(listRoute, async (c) => {
    const webhooks = await listWebhooks(ownerOf(c));
    return c.json({ webhooks: webhooks.map(toBody) }, 200, NO_STORE);
  });

  app.openapi(createWebhookRoute, async (c) => {
    const actor = await deps.actorFor(c.get("auth"));
    const created = await createWebhook(actor, c.req.valid("json"), deps.requestMeta(c));
    return c.json({ webhook: toBody(created.webhook), secret: created.secret }, 201, {
      ...NO_STORE,
      Location: `${deps.endpoint(c)}/webhooks/${created.webhook.id}`,
    });
  });

  app.openapi(getRoute, async (c) => {
    const webhook = await getWebhook(ownerOf(c), c.req.valid("param").id);
    if (!webhook) throw notFound("The webhook");
    return c.json(toBody(webhook), 200, NO_STORE);
  });

  app.openapi(updateRoute, async (c) => {
    const input = c.req.valid("json");
    if (Object.values(input).every((v) => v === undefined)) {
      throw new KeydeskError("validation_failed", "Send at least one of url, events, description, expiringDays, enabled.");
    }
    const actor = await deps.actorFor(c.get("auth"));
    const webhook = await updateWebhook(actor, c.req.valid("param").id, input, deps.requestMeta(c));
    return c.json(toBody(webhook), 200, NO_STORE);
  });

  app.openapi(deleteRoute, async (c) => {
    const actor = await deps.actorFor(c.get("auth"));
    await deleteWebhook(actor, c.req.valid("param").id, deps.requestMeta(c));
    return c.body(null, 204);
  });

  app.openapi(rotateRoute, async (c) => {
    const actor = await deps.actorFor(c.get("auth"));
    const rotated = await rotateWebhookSecret(actor, c.req.valid("param").id, deps.requestMeta(c));
    return c.json({ webhook: toBody(rotated.webhook), secret: rotated.secret }, 200, NO_STORE);
  });

  app.openapi(deliveriesRoute, async (c) => {
    const deliveries = await listDeliveryAttempts(ownerOf(c), c.req.valid("param").id);
    if (!deliveries) throw notFound("The webhook");
    return c.json({ deliveries }, 200, NO_STORE);
  });

  app.openapi(redeliverRoute, async (c) => {
    const { id, eventId } = c.req.valid("param");
    const actor = await deps.actorFor(c.get("auth"));
    return c.json(await redeliverEvent(actor, id, eventId), 202, NO_STORE);
  });

  app.openapi(testRoute, async (c) => {
    const actor = await deps.actorFor(c.get("auth"));
    return c.json(await sendTestEvent(actor, c.req.valid("param").id), 202, NO_STORE);
  });
}
